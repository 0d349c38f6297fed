// The HTTP surface: GraphQL, subscriptions over SSE, health, readiness, JWKS and the printed schema.
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import express, { type ErrorRequestHandler } from 'express';
import { lexicographicSortSchema, printSchema, type GraphQLFormattedError } from 'graphql';
import type { Server } from 'node:http';
import { unwrapResolverError } from '@apollo/server/errors';
import { AppError } from '../errors.js';
import type { GraphQLContext } from '../graphql/context.js';
import { depthLimit } from '../graphql/depth-limit.js';
import { buildSchema } from '../graphql/schema.js';
import type { Runtime } from '../runtime.js';
import { buildContext } from './context.js';
import { uploadRoutes } from './uploads.js';
import { isUpToDate } from '../db/migrator.js';
import { sseRoute } from '../realtime/sse.js';
import { playgroundRoutes } from '../playground/route.js';

const PUBLIC_CODES = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'CONFLICT',
  'TENANT_NOT_FOUND',
  'TENANT_INACTIVE',
  'RATE_LIMITED',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

function errorFormatter(runtime: Runtime) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const code = String(formatted.extensions?.code ?? '');
    if (original instanceof AppError || PUBLIC_CODES.has(code)) {
      const { stacktrace: _s, http: _h, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    runtime.log.error({ err: original, path: formatted.path }, 'unexpected error');
    if (runtime.config.isDevelopment) return formatted;
    return {
      message: 'Internal server error',
      path: formatted.path,
      locations: formatted.locations,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}

export interface HttpApp {
  app: express.Express;
  apollo: ApolloServer<GraphQLContext>;
}

export async function createHttpApp(runtime: Runtime, httpServer: Server): Promise<HttpApp> {
  const schema = buildSchema();
  const printedSdl = printSchema(lexicographicSortSchema(schema));
  const stream = sseRoute(runtime, schema);
  const plugins: ApolloServerPlugin<GraphQLContext>[] = [
    // Open event streams would hold the HTTP server open for the whole drain grace period.
    { serverWillStart: async () => ({ drainServer: async () => stream.closeAll() }) },
    ApolloServerPluginDrainHttpServer({ httpServer }),
    // Apollo's own landing page loads Sandbox from a CDN; ours is /playground, served locally.
    ApolloServerPluginLandingPageDisabled(),
  ];
  const apollo = new ApolloServer<GraphQLContext>({
    schema,
    csrfPrevention: true,
    introspection: runtime.config.introspection,
    includeStacktraceInErrorResponses: runtime.config.isDevelopment,
    validationRules: [depthLimit(runtime.config.limits.maxQueryDepth)],
    formatError: errorFormatter(runtime),
    plugins,
  });
  await apollo.start();

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', runtime.config.trustProxy);

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    if (runtime.lifecycle.draining) {
      res.status(503).json({ status: 'draining' });
      return;
    }
    try {
      const current = await isUpToDate(runtime.database.orm, 'public', 'public');
      res.status(current ? 200 : 503).json({ status: current ? 'ready' : 'migrations pending', database: 'ok' });
    } catch {
      res.status(503).json({ status: 'unavailable', database: 'unreachable' });
    }
  });
  app.get('/.well-known/jwks.json', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=300').json(runtime.tokens.jwks);
  });
  // The SDL says what introspection says: served only where introspection is on.
  if (runtime.config.introspection) {
    app.get('/graphql/schema.graphql', (_req, res) => {
      res.type('text/plain; charset=utf-8').send(printedSdl);
    });
  }
  if (runtime.config.playground) app.use(playgroundRoutes(runtime));

  app.use(uploadRoutes(runtime));

  // Before /graphql, which would otherwise take /graphql/stream (graphql-sse reads its own body).
  app.all('/graphql/stream', stream.handler);

  app.use(
    '/graphql',
    express.json({ limit: runtime.config.limits.bodyLimit }),
    expressMiddleware(apollo, { context: ({ req }) => buildContext(runtime, req) }),
  );

  const onError: ErrorRequestHandler = (err, _req, res, _next) => {
    const e = err as { type?: string; status?: number; message?: string };
    const status = e.status && e.status >= 400 && e.status < 500 ? e.status : 500;
    const message =
      e.type === 'entity.too.large'
        ? `Request body is larger than ${runtime.config.limits.bodyLimit}`
        : e.type === 'entity.parse.failed'
          ? 'Request body is not valid JSON'
          : status < 500
            ? (e.message ?? 'Bad request')
            : 'Internal server error';
    if (status >= 500) runtime.log.error({ err }, 'http error');
    res
      .status(status)
      .json({ errors: [{ message, extensions: { code: status < 500 ? 'BAD_REQUEST' : 'INTERNAL_SERVER_ERROR' } }] });
  };
  app.use(onError);
  return { app, apollo };
}
