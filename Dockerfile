# syntax=docker/dockerfile:1
# The API server image: compiled once with the dev tools, run with production dependencies only,
# as the unprivileged `node` user. Build: docker build -t leopard-graphql .
# Debian bookworm-slim (glibc), like the machines the lockfile is made on: @node-rs/argon2 installs
# its prebuilt -gnu binary from npm, nothing is compiled.
ARG NODE_IMAGE=node:20-bookworm-slim

# --- build: every dependency (TypeScript), then tsc into dist/ -----------------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# --- deps: production dependencies only (a separate stage, so the dev tree never reaches runtime) --
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# --- runtime ---------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    PORT=4000 \
    DATA_DIR=/data
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# package.json: its "type": "module" makes node load dist/ as ES modules. The folders are read at
# run time beside the code (src/paths.ts finds them from dist/src/): the SDL, the SQL migrations
# with their journals, and the playground's page.
COPY package.json ./
COPY drizzle ./drizzle
COPY schema ./schema
COPY playground ./playground
# DATA_DIR holds uploads (UPLOADS_DIR defaults to $DATA_DIR/uploads). Created here and owned by
# `node`, so a named volume mounted on it starts with that owner. With DATABASE_URL unset it would
# also hold the embedded database: fine for a try-out, not for production.
RUN mkdir -p /data/uploads && chown -R node:node /data
USER node
EXPOSE 4000
# Liveness only (the process answers); readiness (/readyz: database reachable, migrations current,
# 503 while draining) is for the orchestrator or load balancer. Node's own fetch: no curl in slim.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||4000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Exec form, node as PID 1: SIGTERM reaches node directly, and main.ts (and cli/worker.ts) handle
# SIGTERM/SIGINT themselves (drain HTTP, finish the event in hand, close the pools). No init is
# needed for zombie reaping: the server spawns no child processes, and health-check processes are
# reaped by the container runtime. If that ever changes, run with `docker run --init` / compose
# `init: true` (tini) rather than a shell wrapper, which would swallow the signal.
# Give the container more than SHUTDOWN_TIMEOUT_SECONDS (25 s) to stop: docker's default is 10 s.
STOPSIGNAL SIGTERM
CMD ["node", "dist/src/main.js"]
