// The peer of `npm run bench:peer`: PostGraphile v5 (Amber preset) over one tenant schema, served by
// grafserv on node:http at 127.0.0.1. Plain JavaScript so that the repository's typecheck never needs
// this folder's own node_modules, which only the bench installs.
//
//   env: DATABASE_URL  PEER_SCHEMA (tenant_<slug>)  PEER_MODE=plain|jwt  PEER_POOL_MAX=20
//        PEER_JWKS_URL, PEER_TENANT, PEER_ISSUER, PEER_AUDIENCE (jwt mode)  PEER_PORT=0
import { createServer } from 'node:http';

// grafast calls Promise.withResolvers (Node ≥ 22); this bench runs on the project's Node 20. The
// libraries are imported below, after the polyfill, so none of their code runs without it.
if (typeof Promise.withResolvers !== 'function') {
  Promise.withResolvers = function withResolvers() {
    let resolve;
    let reject;
    const promise = new this((res, rej) => ((resolve = res), (reject = rej)));
    return { promise, resolve, reject };
  };
}

const [{ postgraphile }, { PostGraphileAmberPreset }, { makePgService }, { grafserv }, jose, { default: pg }] = await Promise.all(
  [
    import('postgraphile'),
    import('postgraphile/presets/amber'),
    import('postgraphile/adaptors/pg'),
    import('postgraphile/grafserv/node'),
    import('jose'),
    import('pg'),
  ],
);

const env = process.env;
const mode = env.PEER_MODE ?? 'plain';
if (!env.DATABASE_URL || !env.PEER_SCHEMA) throw new Error('DATABASE_URL and PEER_SCHEMA are required');
if (mode !== 'plain' && mode !== 'jwt') throw new Error(`PEER_MODE must be plain or jwt, not ${mode}`);

const pool = new pg.Pool({
  connectionString: env.DATABASE_URL,
  max: Number(env.PEER_POOL_MAX ?? 20),
  application_name: `bench-peer-postgraphile-${mode}`,
});

/**
 * JWT + pgSettings, as PostGraphile deployments behind an external identity provider run: the token
 * is verified against the issuer's published JWKS on every request (no cache of verified tokens),
 * and its claims become transaction-local settings, which makes PostGraphile wrap each request's
 * statements in a transaction with set_config — what row-level-security policies read.
 */
async function jwtContext() {
  const res = await fetch(env.PEER_JWKS_URL);
  if (!res.ok) throw new Error(`JWKS ${env.PEER_JWKS_URL}: HTTP ${res.status}`);
  const jwks = jose.createLocalJWKSet(await res.json());
  const options = { issuer: env.PEER_ISSUER, audience: env.PEER_AUDIENCE, algorithms: ['EdDSA', 'RS256'], typ: 'at+jwt' };
  return async (requestContext) => {
    const header = requestContext.node?.req?.headers?.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7) : null;
    if (!token) throw new Error('authentication required');
    const { payload } = await jose.jwtVerify(token, jwks, options);
    // Our tokens carry the tenant's slug: a token of another tenant is refused, as our server does.
    if (payload.tid !== env.PEER_TENANT) throw new Error('token of another tenant');
    return {
      pgSettings: {
        'jwt.claims.sub': String(payload.sub),
        'jwt.claims.sid': String(payload.sid),
        'jwt.claims.role': String(payload.role),
        'jwt.claims.tid': String(payload.tid),
      },
    };
  };
}

const preset = {
  extends: [PostGraphileAmberPreset],
  // Amber offers orderBy and condition only on columns led by a plain index; the bench's list orders
  // by (created_at, id) and filters on deleted_at, whose indexes are partial or composite.
  disablePlugins: ['PgIndexBehaviorsPlugin'],
  pgServices: [makePgService({ pool, schemas: [env.PEER_SCHEMA] })],
  grafserv: { graphiql: false, watch: false, graphqlPath: '/graphql' },
  grafast: { explain: false, ...(mode === 'jwt' ? { context: await jwtContext() } : {}) },
};

const pgl = postgraphile(preset);
const serv = pgl.createServ(grafserv);
const server = createServer();
server.once('error', (err) => {
  console.error(err);
  process.exit(1);
});
serv.addTo(server);
// Build the schema before announcing the address, so the first timed request does not pay for it.
await pgl.getSchemaResult();
server.listen(Number(env.PEER_PORT ?? 0), '127.0.0.1', () => {
  const { port } = server.address();
  console.log(`peer listening on http://127.0.0.1:${port}/graphql (PostGraphile ${mode})`);
});

const stop = () => {
  server.close();
  void pgl.release().finally(() => pool.end().finally(() => process.exit(0)));
  // A bounded stop: keep-alive sockets of the load generator must not hold the process open.
  setTimeout(() => process.exit(0), 3000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
