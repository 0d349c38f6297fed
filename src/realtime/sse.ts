// GraphQL subscriptions over Server-Sent Events at /graphql/stream (the graphql-sse protocol,
// distinct connections mode only: each stream is one HTTP response carrying one operation, so any
// process behind a load balancer can serve it and no stream state is shared between processes).
//
// graphql-sse's own `authenticate` option only reserves single-connection streams; user auth is
// ours: the tenant and the token are checked when the stream opens, exactly as on /graphql
// (buildContext), then again every SSE_SESSION_CHECK_SECONDS and before every message, so a
// revoked session, a deactivated user, an expired token or an inactive tenant ends the stream.
// Open streams are capped per user and in all (SSE_MAX_STREAMS_PER_USER, SSE_MAX_STREAMS), on
// this process only: each holds a socket, timers and a bus subscription.
import type { Request as ExpressRequest, Response as ExpressResponse, RequestHandler } from 'express';
import { getOperationAST, GraphQLError, parse, specifiedRules, validate, type DocumentNode, type GraphQLSchema } from 'graphql';
import { createHandler, type ExecutionResult, type RequestParams, type ResponseHeaders } from 'graphql-sse';
import { authenticate, bearerToken } from '../auth/viewer.js';
import { AppError, unauthenticated } from '../errors.js';
import type { GraphQLContext } from '../graphql/context.js';
import { createLoaders } from '../graphql/loaders.js';
import { assertCleanInput, assertWithinCost, limitRules, tokenLimitError, tokenLimitOf } from '../graphql/limits/index.js';
import { buildContext, headerValue } from '../http/context.js';
import { httpError, internalError, sendError } from '../http/error-body.js';
import type { Runtime } from '../runtime.js';
import { isServable } from '../tenancy/registry.js';
import { formatStreamErrors, frame } from './sse-format.js';
import { presenceOf } from './presence.js';
import { attachStreamControl, streamControlOf } from './stream-control.js';

export interface SseRoute {
  handler: RequestHandler;
  /** Open streams (tests and the benchmark read it). */
  openCount(): number;
  /** Ends every open stream (server shutdown: an open stream would hold the HTTP server open). */
  closeAll(): void;
}

interface OpenStream {
  end(error?: AppError): void;
}

type Ctx = Record<PropertyKey, unknown>;

/** The token from `Authorization: Bearer` or, for EventSource clients that cannot set headers, `?token=`. */
function streamToken(req: ExpressRequest): string | undefined {
  const fromHeader = bearerToken(headerValue(req, 'authorization'));
  if (fromHeader) return fromHeader;
  const q = req.query.token;
  return typeof q === 'string' && q ? q : undefined;
}

export function sseRoute(runtime: Runtime, schema: GraphQLSchema): SseRoute {
  const open = new Set<OpenStream>();
  const slots = streamSlots(runtime);
  // Created with the route, so this process hears the others' presence from its start.
  const presence = presenceOf(runtime.bus);
  let closed = false;

  const handle = createHandler<ExpressRequest, { gql: GraphQLContext }, Ctx>({
    schema,
    // null: never reserve a single-connection stream (PUT/DELETE get 404); every stream is distinct.
    authenticate: () => null,
    // Validated in onSubscribe already, with the same rules as /graphql and before the cost check.
    validate: () => [],
    context: (req) => req.context.gql as unknown as Ctx,
    onSubscribe: subscriptionChecks(runtime, schema),
    // Queries and mutations have one path, /graphql (its CSRF checks, limits and error masking).
    execute: () => ({
      errors: [
        new AppError('BAD_REQUEST', 'Only subscriptions are served on /graphql/stream; send queries and mutations to /graphql'),
      ],
    }),
    onNext: (_ctx, _req, result) => formatStreamErrors(runtime, result as ExecutionResult),
  });

  /** The subscription's event stream from graphql-sse, or its answer when it did not start one. */
  async function subscribe(req: ExpressRequest, ctx: GraphQLContext) {
    return handle({
      method: req.method,
      url: req.originalUrl,
      headers: { get: (key) => (key.toLowerCase() === 'accept' ? 'text/event-stream' : headerValue(req, key.toLowerCase())) },
      body: () => readBody(req),
      raw: req,
      context: { gql: ctx },
    });
  }

  /** Sends the events of `body` until the stream ends: keep-alives, session checks, presence, shutdown. */
  async function serve(
    res: ExpressResponse,
    body: AsyncGenerator<string>,
    headers: ResponseHeaders | undefined,
    ctx: GraphQLContext,
    slot: StreamSlot,
  ) {
    res.writeHead(200, {
      ...headers,
      'cache-control': 'no-cache, no-store, must-revalidate',
      // Reverse proxies (nginx) must not buffer an event stream.
      'x-accel-buffering': 'no',
    });
    res.flushHeaders();

    let ended = false;
    const write = (chunk: string) => {
      if (!ended && res.writable) res.write(chunk);
    };
    const timers: NodeJS.Timeout[] = [];
    // Online from the moment the stream is served until it ends (tenant users only: see onlineUsers).
    const leave = ctx.viewer?.kind === 'tenant' && ctx.db ? presence.track(ctx.db.schemaName, ctx.viewer.id) : undefined;
    const stream: OpenStream = {
      end(error) {
        if (ended) return;
        if (error) write(frame('next', formatStreamErrors(runtime, { errors: [error] })) + frame('complete', null));
        ended = true;
        leave?.();
        timers.forEach(clearTimeout);
        open.delete(stream);
        void body.return(undefined);
        res.end();
      },
    };
    open.add(stream);
    slot.stream = stream;
    // Shutdown began while this stream was being set up: closeAll() has run and missed it.
    if (closed) stream.end();
    res.once('close', () => stream.end());
    // The client may have gone while the subscription was being set up: 'close' has fired already.
    if (res.destroyed) stream.end();
    // Our own keep-alive (graphql-sse's fixed 12 s ping is dropped below): the interval is a setting.
    timers.push(setInterval(() => write(': keep-alive\n\n'), runtime.config.sse.keepAliveSeconds * 1000));
    timers.push(sessionChecker(runtime, stream, ctx));
    if (slot.pendingEnd) stream.end(slot.pendingEnd);

    let first = true;
    try {
      for await (const chunk of body) {
        if (ended) break;
        // graphql-sse's first bare comment flushes the headers for some browsers; its later ones are its pings.
        if (chunk === ':\n\n' && !first) continue;
        first = false;
        write(chunk);
      }
    } catch (err) {
      runtime.log.error({ err }, 'subscription stream failed');
      stream.end(internalError());
    }
    stream.end();
  }

  const handler: RequestHandler = async (req, res) => {
    const refusal = requestRefusal(req, res);
    if (refusal) return sendError(res, refusal);
    const opened = await openContext(runtime, req);
    if (opened instanceof AppError) return sendError(res, opened);
    const { ctx, token } = opened;
    const release = slots.take(ctx);
    if (typeof release !== 'function') return sendError(res, release);
    // Held from here until the stream (or the handshake that did not become one) ends.
    res.once('close', release);
    const slot = attachControl(runtime, ctx, token);

    let result;
    try {
      result = await subscribe(req, ctx);
    } catch (err) {
      runtime.log.error({ err }, 'subscription stream failed to start');
      if (!res.headersSent) sendError(res, internalError());
      return;
    }
    const [body, init] = result;
    if (!body || typeof body === 'string') {
      res.writeHead(init.status, init.statusText, init.headers).end(body ?? undefined);
      return;
    }
    await serve(res, body, init.headers, ctx, slot);
  };

  return {
    handler,
    openCount: () => open.size,
    closeAll: () => {
      closed = true;
      [...open].forEach((s) => s.end());
    },
  };
}

/** A request that cannot become a stream, told what to send instead; undefined when it may. */
function requestRefusal(req: ExpressRequest, res: ExpressResponse): AppError | undefined {
  if (req.method !== 'GET' && req.method !== 'POST') {
    res.setHeader('allow', 'GET, POST');
    return httpError(405, 'BAD_REQUEST', 'Use GET or POST with Accept: text/event-stream');
  }
  // A browser tab or an HTTP tool that does not ask for an event stream is told what to send
  // (graphql-sse would answer a bare 404). graphql-sse compares the header whole: it gets just the type.
  if (!/\btext\/event-stream\b/i.test(headerValue(req, 'accept') ?? '')) return httpError(406, 'BAD_REQUEST', STREAM_HOWTO);
  return undefined;
}

/** The tenant and the signed-in viewer of a stream, exactly as /graphql resolves them, or the refusal. */
async function openContext(runtime: Runtime, req: ExpressRequest): Promise<{ ctx: GraphQLContext; token: string } | AppError> {
  // EventSource cannot send X-Tenant: on this route only, `?tenant=<slug>` stands in for it.
  const tenantParam = req.query.tenant;
  if (typeof tenantParam === 'string' && tenantParam && !headerValue(req, 'x-tenant')) req.headers['x-tenant'] = tenantParam;
  const token = streamToken(req);
  if (!token) return unauthenticated('Authentication required: Authorization: Bearer <token> or ?token=<token>');
  try {
    return { ctx: await buildContext(runtime, req, token), token };
  } catch (err) {
    if (err instanceof AppError) return err;
    runtime.log.error({ err }, 'subscription stream could not be authenticated');
    return internalError();
  }
}

/** Where the stream will be once served, and an end asked for before that (applied when it is). */
interface StreamSlot {
  stream?: OpenStream;
  pendingEnd?: AppError;
}

/**
 * What the subscribe resolvers use to re-check the stream's session and to end it. It exists
 * before the response does (the subscribe resolver runs inside graphql-sse's handler).
 */
function attachControl(runtime: Runtime, ctx: GraphQLContext, token: string): StreamSlot {
  const tenantSlug = ctx.tenant?.slug ?? null;
  const slot: StreamSlot = {};
  attachStreamControl(ctx, {
    revalidate: async () => {
      // The tenant is looked up again: a deactivated tenant ends its streams too.
      const tenant = tenantSlug === null ? null : ((await runtime.registry.bySlug(tenantSlug)) ?? null);
      if (tenantSlug !== null && (!tenant || !isServable(tenant)))
        throw new AppError('TENANT_INACTIVE', 'The tenant is not active');
      const viewer = await authenticate(runtime, tenant, token);
      if (!viewer) throw unauthenticated();
      return viewer;
    },
    end: (error) => (slot.stream ? slot.stream.end(error) : (slot.pendingEnd = error)),
    loadersFor: (viewer) => createLoaders(ctx.db, viewer),
  });
  return slot;
}

/**
 * graphql-sse's onSubscribe: our own parse with /graphql's token limit, the same validation rules,
 * the input and cost limits (which need the variables); an error result ends the stream at once.
 */
function subscriptionChecks(runtime: Runtime, schema: GraphQLSchema) {
  const { limits } = runtime.config;
  const rules = [...specifiedRules, ...limitRules(limits)];
  // `data: null` marks a refusal as a result for graphql-sse (an object without `data` is taken for arguments).
  const refused = (...errors: readonly GraphQLError[]) => ({ data: null, errors });
  return (req: { context: { gql: GraphQLContext } }, params: RequestParams) => {
    let document: DocumentNode;
    try {
      document = typeof params.query === 'string' ? parse(params.query, { maxTokens: limits.maxQueryTokens }) : params.query;
    } catch (err) {
      if (err instanceof GraphQLError && tokenLimitOf(err.message) !== undefined) {
        runtime.metrics.rejections.inc({ limit: 'tokens' });
        return refused(tokenLimitError(limits.maxQueryTokens));
      }
      return refused(
        new GraphQLError(err instanceof Error ? err.message : 'Syntax error', { extensions: { code: 'GRAPHQL_PARSE_FAILED' } }),
      );
    }
    const invalid = validate(schema, document, rules);
    if (invalid.length) {
      for (const e of invalid)
        if (typeof e.extensions.limit === 'string') runtime.metrics.rejections.inc({ limit: e.extensions.limit });
      return refused(...invalid);
    }
    const operation = getOperationAST(document, params.operationName);
    if (operation) {
      try {
        assertCleanInput(limits.maxInputDepth, document, operation, params.variables);
      } catch (err) {
        return refused(err as GraphQLError);
      }
      try {
        assertWithinCost(limits, schema, document, operation, params.variables);
      } catch (err) {
        runtime.metrics.rejections.inc({ limit: 'cost' });
        return refused(err as GraphQLError);
      }
    }
    return {
      schema,
      document,
      operationName: params.operationName,
      variableValues: params.variables,
      contextValue: req.context.gql as unknown as Ctx,
    };
  };
}

/** Re-checks the session on a timer, with jitter so a thousand streams opened together do not check together. */
function sessionChecker(runtime: Runtime, stream: OpenStream, ctx: GraphQLContext): NodeJS.Timeout {
  return setInterval(
    async () => {
      try {
        await streamControlOf(ctx)!.revalidate();
      } catch (err) {
        if (err instanceof AppError) stream.end(err);
        else runtime.log.warn({ err }, 'stream session check failed; retrying at the next check');
      }
    },
    runtime.config.sse.sessionCheckSeconds * 1000 * (0.9 + Math.random() * 0.2),
  );
}

function readBody(req: ExpressRequest): Promise<string | Record<PropertyKey, unknown> | null> {
  return new Promise((resolve, reject) => {
    if (req.body) return resolve(req.body as Record<PropertyKey, unknown>);
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
      // A subscription document is small; refuse to buffer an unbounded body.
      if (body.length > 100_000) reject(new Error('Request body too large'));
    });
    req.once('error', reject);
    req.once('end', () => resolve(body));
  });
}

const STREAM_HOWTO =
  '/graphql/stream serves subscriptions as Server-Sent Events: send Accept: text/event-stream, Authorization: Bearer <token> (or ?token=) and X-Tenant (or ?tenant=), ' +
  'with the subscription in ?query= on GET or in a JSON body { "query": … } on POST. Queries and mutations go to /graphql.';

/**
 * Counts open streams per viewer and in all. `take` gives the function that frees the slot, or
 * the RATE_LIMITED refusal (429, naming the limit) when the viewer or the process is at its cap.
 */
function streamSlots(runtime: Runtime) {
  const { maxStreams, maxStreamsPerUser } = runtime.config.sse;
  const perViewer = new Map<string, number>();
  let total = 0;
  const refusal = (limit: string, max: number, message: string) => {
    runtime.metrics.rejections.inc({ limit });
    return new AppError('RATE_LIMITED', message, { retryAfterSeconds: 5, details: { limit, max } });
  };
  return {
    take(ctx: GraphQLContext): (() => void) | AppError {
      const viewer = ctx.viewer;
      if (!viewer) return unauthenticated();
      const key = viewer.kind === 'tenant' ? `${viewer.tenant.slug}:${viewer.id}` : `platform:${viewer.id}`;
      const mine = perViewer.get(key) ?? 0;
      if (mine >= maxStreamsPerUser)
        return refusal('streamsPerUser', maxStreamsPerUser, `You have ${mine} open streams, the limit; close one first`);
      if (total >= maxStreams)
        return refusal('streams', maxStreams, 'This server has as many open streams as it serves; retry later');
      perViewer.set(key, mine + 1);
      total++;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        total--;
        const left = (perViewer.get(key) ?? 1) - 1;
        if (left > 0) perViewer.set(key, left);
        else perViewer.delete(key);
      };
    },
  };
}
