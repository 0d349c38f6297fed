// The HTTP surface: GraphQL, subscriptions over SSE, health, readiness, JWKS and the printed schema.
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import { lexicographicSortSchema, printSchema, type GraphQLFormattedError } from 'graphql';
import type { Server } from 'node:http';
import { ApolloServerErrorCode, unwrapResolverError } from '@apollo/server/errors';
import { AppError, ERROR_CODES } from '../errors.js';
import type { GraphQLContext } from '../graphql/context.js';
import { isLimitError, limitError, limitRules, tokenLimitError, tokenLimitOf } from '../graphql/limits/index.js';
import { buildSchema } from '../graphql/schema.js';
import type { Runtime } from '../runtime.js';
import { buildContext } from './context.js';
import { uploadRoutes } from './uploads.js';
import { isUpToDate } from '../db/migrator.js';
import { sseRoute } from '../realtime/sse.js';
import { playgroundRoutes } from '../playground/route.js';
import { operationPlugin } from '../observability/operation-plugin.js';
import { cors } from './cors.js';
import { errorBodyOf, httpError, sendError } from './error-body.js';
import { noIntrospection, subscriptionsOnStreamOnly } from './hints.js';
import { securityHeaders } from './security-headers.js';
import { metricsRoute } from '../observability/metrics-route.js';
import { tracingPlugin } from '../observability/tracing-plugin.js';
import compression from 'compression';
import { randomUUID } from 'node:crypto';

/** Codes shown to clients as they are: ours and Apollo's, all but the internal error (whose message is hidden). */
const PUBLIC_CODES = new Set<string>(
  [...ERROR_CODES, ...Object.values(ApolloServerErrorCode)].filter((c) => c !== 'INTERNAL_SERVER_ERROR'),
);

/** graphql-js's " Did you mean …?" tail, in validation and in variable coercion errors alike. */
const SUGGESTION = / ?Did you mean [^?]*\?/g;

/**
 * The logger of the request each error came from (with its request id): Apollo's formatError gets
 * no context, but it is handed the very error objects didEncounterErrors saw just before.
 */
const requestLogs = new WeakMap<object, GraphQLContext['log']>();
const errorLogPlugin: ApolloServerPlugin<GraphQLContext> = {
  async requestDidStart() {
    return {
      async didEncounterErrors({ errors, contextValue }) {
        // Undefined when the context itself could not be built.
        const log = contextValue?.log as GraphQLContext['log'] | undefined;
        if (log) for (const e of errors) requestLogs.set(e, log);
      },
    };
  },
};

function errorFormatter(runtime: Runtime) {
  // Without introspection, suggestions would hand out field, type and enum names one guess at a time.
  const hideSuggestions = !runtime.config.introspection;
  return (given: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const formatted =
      hideSuggestions && given.message.includes('Did you mean')
        ? { ...given, message: given.message.replace(SUGGESTION, '') }
        : given;
    const original = unwrapResolverError(error);
    const code = String(formatted.extensions?.code ?? '');
    // Limit refusals keep one code whichever stage refused them (Apollo relabels validation errors).
    if (isLimitError(formatted.extensions)) {
      const { stacktrace: _s, http: _h, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions: { ...extensions, code: 'BAD_USER_INPUT' } };
    }
    const maxTokens = code === 'GRAPHQL_PARSE_FAILED' ? tokenLimitOf(formatted.message) : undefined;
    if (maxTokens !== undefined) return errorBodyOf(tokenLimitError(maxTokens)).errors[0];
    if (original instanceof AppError || PUBLIC_CODES.has(code)) {
      const { stacktrace: _s, http: _h, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    // A failure before the context exists (no request logger yet) goes to the process's log.
    const log = (typeof error === 'object' && error !== null && requestLogs.get(error)) || runtime.log;
    log.error({ err: original, path: formatted.path }, 'unexpected error');
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
  runtime.metrics.sources.openStreams = stream.openCount;
  const { limits } = runtime.config;
  const plugins: ApolloServerPlugin<GraphQLContext>[] = [
    // Open event streams would hold the HTTP server open for the whole drain grace period.
    { serverWillStart: async () => ({ drainServer: async () => stream.closeAll() }) },
    // Requests in flight get the whole shutdown timeout (src/shutdown.ts exits 1 when it runs out),
    // not the drain plugin's default of 10 s after which it would cut them and still report success.
    ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: (runtime.config.shutdownTimeoutSeconds + 1) * 1000 }),
    // Apollo's own landing page loads Sandbox from a CDN; ours is /playground, served locally.
    ApolloServerPluginLandingPageDisabled(),
    // No @cacheControl hints and /graphql answers no-store: Apollo's default cache-control plugin
    // would only wrap every field resolver to compute a policy nobody reads.
    ApolloServerPluginCacheControlDisabled(),
    operationPlugin(runtime),
    errorLogPlugin,
    tracingPlugin(),
    subscriptionsOnStreamOnly(),
  ];
  const apollo = new ApolloServer<GraphQLContext>({
    schema,
    csrfPrevention: true,
    // Apollo's switch stays on: with INTROSPECTION=false our own rule refuses it, naming the setting.
    introspection: true,
    // Validation errors without "Did you mean …?" (the formatter strips the rest, from variables).
    hideSchemaDetailsFromClientErrors: !runtime.config.introspection,
    includeStacktraceInErrorResponses: runtime.config.isDevelopment,
    validationRules: [...limitRules(limits), ...(runtime.config.introspection ? [] : [noIntrospection])],
    parseOptions: { maxTokens: limits.maxQueryTokens },
    allowBatchedHttpRequests: true,
    // Shutdown is the process's (src/shutdown.ts): Apollo stopping itself on a signal would race it.
    stopOnTerminationSignals: false,
    formatError: errorFormatter(runtime),
    plugins,
  });
  await apollo.start();

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', runtime.config.trustProxy);
  app.use(requestId, securityHeaders(runtime.config), cors(runtime));

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    if (runtime.lifecycle.draining) {
      res.status(503).json({ status: 'draining' });
      return;
    }
    if (runtime.lifecycle.pending) {
      res.status(503).json({ status: 'starting', pending: runtime.lifecycle.pending });
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

  if (runtime.config.metrics.enabled) app.get('/metrics', metricsRoute(runtime));
  app.use(uploadRoutes(runtime));

  // Before /graphql, which would otherwise take /graphql/stream (graphql-sse reads its own body).
  app.all('/graphql/stream', express.json({ limit: limits.bodyLimit }), stream.handler);
  // Apollo's /graphql below would answer any sub-path as if it were /graphql.
  app.all('/graphql/{*rest}', (req, res) => {
    sendError(res, httpError(404, 'NOT_FOUND', `No route ${req.method} ${req.path}`));
  });

  app.use(
    '/graphql',
    noStore,
    ...(runtime.config.compression ? [compress] : []),
    jsonOnly,
    express.json({ limit: limits.bodyLimit }),
    batchCap(runtime),
    responseCeiling(runtime),
    expressMiddleware(apollo, { context: ({ req }) => buildContext(runtime, req) }),
  );

  const onError: ErrorRequestHandler = (err, _req, res, _next) => {
    const e = err as { type?: string; status?: number; message?: string; limit?: number; length?: number };
    if (e.type === 'entity.too.large') {
      runtime.metrics.rejections.inc({ limit: 'body' });
      sendError(
        res,
        limitError('body', `Request body is larger than ${limits.bodyLimit}`, e.limit ?? 0, e.length, { status: 413 }),
      );
      return;
    }
    const status = e.status && e.status >= 400 && e.status < 500 ? e.status : 500;
    const message =
      e.type === 'entity.parse.failed'
        ? 'Request body is not valid JSON'
        : status < 500
          ? (e.message ?? 'Bad request')
          : 'Internal server error';
    if (status >= 500) runtime.log.error({ err }, 'http error');
    sendError(res, httpError(status, status < 500 ? 'BAD_REQUEST' : 'INTERNAL_SERVER_ERROR', message));
  };
  app.use(onError);
  return { app, apollo };
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/** Every request gets an id (the caller's X-Request-Id when it is sane), echoed in the response and logged. */
const requestId: RequestHandler = (req, res, next) => {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  req.headers['x-request-id'] = id;
  res.setHeader('x-request-id', id);
  next();
};

/**
 * gzip or br, as the client's Accept-Encoding asks, for bodies of 1 KiB and more. Mounted on
 * /graphql only: an event stream must never be compressed (the compressor holds events back until
 * its buffer fills), and the filter refuses one should it ever be routed here. RESPONSE_MAX_BYTES
 * (responseCeiling, which wraps res.send inside this) counts the uncompressed body.
 */
const compress = compression({
  filter: (req, res) =>
    !String(res.getHeader('content-type') ?? '').startsWith('text/event-stream') && compression.filter(req, res),
});

/** API answers are per viewer: no shared cache may keep them. */
const noStore: RequestHandler = (_req, res, next) => {
  res.setHeader('cache-control', 'no-store');
  next();
};

/**
 * POST bodies must be JSON. Anything else is refused here with 415 rather than by Apollo's CSRF
 * check, whose message is about CSRF, not about the content type the client got wrong.
 */
const jsonOnly: RequestHandler = (req, res, next) => {
  if (req.method !== 'POST' || req.is('application/json')) return next();
  sendError(
    res,
    httpError(415, 'BAD_REQUEST', `Content-Type must be application/json (got ${req.headers['content-type'] ?? 'none'})`),
  );
};

/**
 * RESPONSE_MAX_BYTES: what the cost estimate cannot see (long texts, JSON blobs, many aliases of
 * cheap fields) is refused here instead of sent. Apollo's express integration sends a complete
 * body with one res.send(string), so that is where the size is known before a byte goes out.
 */
function responseCeiling(runtime: Runtime): RequestHandler {
  const max = runtime.config.limits.responseMaxBytes;
  return (req, res, next) => {
    const send = res.send.bind(res);
    res.send = ((body?: unknown) => {
      // A UTF-16 unit is at most 3 bytes of UTF-8: most bodies need no measuring at all.
      if (typeof body !== 'string' || body.length * 3 <= max) return send(body);
      const bytes = Buffer.byteLength(body);
      if (bytes <= max) return send(body);
      const refusal = limitError(
        'response',
        `The response would be ${bytes} bytes; the limit is ${max}, so none of it was sent (a mutation in the request did run). Ask for fewer fields, smaller pages or fewer aliases.`,
        max,
        bytes,
      );
      runtime.metrics.rejections.inc({ limit: 'response' });
      runtime.log.warn(
        { requestId: req.headers['x-request-id'], bytes, max },
        'response refused: larger than RESPONSE_MAX_BYTES',
      );
      const one = errorBodyOf(refusal);
      res.status(400);
      return send(JSON.stringify(Array.isArray(req.body) ? req.body.map(() => one) : one));
    }) as typeof res.send;
    next();
  };
}

/** A batch (a JSON array of operations) may hold at most MAX_BATCH_SIZE operations. */
function batchCap(runtime: Runtime): RequestHandler {
  const max = runtime.config.limits.maxBatchSize;
  return (req, res, next) => {
    if (!Array.isArray(req.body) || (req.body.length > 0 && req.body.length <= max)) return next();
    const refusal =
      req.body.length === 0
        ? limitError('batch', 'A batch must hold at least one operation', max, 0)
        : limitError(
            'batch',
            `A batch may hold at most ${max} operations; this one holds ${req.body.length}`,
            max,
            req.body.length,
          );
    runtime.metrics.rejections.inc({ limit: 'batch' });
    sendError(res, refusal);
  };
}
