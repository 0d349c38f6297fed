// OpenTelemetry tracing: HTTP, express, GraphQL and pg spans exported over OTLP/HTTP (JSON), on
// only when OTEL_EXPORTER_OTLP_ENDPOINT (or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) is set.
//
// How the instrumentations get in, in this ESM project: every package they patch is CommonJS
// (pg, express, graphql 16, which Node resolves to its index.js) or a builtin (http), and the
// instrumentations patch through require-in-the-middle, which only sees `require()`. An ESM
// `import` of a CommonJS package does not go through `require()`, so startTracing() registers the
// instrumentations and then loads those packages itself with `require()`: they are patched as
// they load, and every later `import` gets the same, already patched, instance from the CommonJS
// cache. That only works if nothing imported them before, which is why src/main.ts loads the
// server's modules with dynamic imports after startTracing(). We do not use the ESM loader hook
// (`@opentelemetry/instrumentation/hook.mjs` through module.register): it would wrap every ESM
// module the process loads, for no package we instrument, and it sits in the same loader chain as
// tsx. Should an instrumented package become ESM-only, that hook is the way. startTracing() checks
// that each package really was patched and logs the ones that were not.
//
// Off, this module loads nothing: the SDK is required inside startTracing() only, and
// requestSpan() answers undefined. The SDK reads its other OTEL_* variables itself (sampler,
// batching, headers, timeout, resource attributes). SQL parameter values, GraphQL variables and
// literals, and request headers never become attributes; the query strings of GET requests are
// redacted (a GET /graphql carries its variables there, an event stream its token).
import { createRequire } from 'node:module';
import type { Span } from '@opentelemetry/api';
import type * as T_otel_api from '@opentelemetry/api';
import type * as T_otel_exporter_trace_otlp_http from '@opentelemetry/exporter-trace-otlp-http';
import type * as T_otel_instrumentation from '@opentelemetry/instrumentation';
import type * as T_otel_instrumentation_express from '@opentelemetry/instrumentation-express';
import type * as T_otel_instrumentation_graphql from '@opentelemetry/instrumentation-graphql';
import type * as T_otel_instrumentation_http from '@opentelemetry/instrumentation-http';
import type * as T_otel_instrumentation_pg from '@opentelemetry/instrumentation-pg';
import type * as T_otel_resources from '@opentelemetry/resources';
import type * as T_otel_sdk_trace_node from '@opentelemetry/sdk-trace-node';
import type * as T_node_http from 'node:http';
import type * as T_pg from 'pg';
import type { Config } from './config.js';
import { createLogger } from './log.js';

export interface Tracing {
  /** Ends the spans in flight and exports what is left; never throws. */
  shutdown(): Promise<void>;
}

const SERVICE_NAME = 'leopard-graphql';
/** Query parameters whose values never reach a span (besides the SDK's defaults). */
const REDACTED_QUERY = ['query', 'variables', 'extensions', 'token', 'access_token'];

let serverSpan: (() => Span | undefined) | undefined;

/** The HTTP server span of the request being handled, when tracing is on. */
export function requestSpan(): Span | undefined {
  return serverSpan?.();
}

export async function startTracing(config: Config): Promise<Tracing | undefined> {
  if (!config.tracing.enabled || serverSpan) return undefined;
  const require = createRequire(import.meta.url);
  const api = require('@opentelemetry/api') as typeof T_otel_api;
  const { NodeTracerProvider, BatchSpanProcessor } = require('@opentelemetry/sdk-trace-node') as typeof T_otel_sdk_trace_node;
  const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-http') as typeof T_otel_exporter_trace_otlp_http;
  const { defaultResource, detectResources, envDetector, resourceFromAttributes } =
    require('@opentelemetry/resources') as typeof T_otel_resources;
  const { registerInstrumentations, isWrapped } = require('@opentelemetry/instrumentation') as typeof T_otel_instrumentation;
  const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http') as typeof T_otel_instrumentation_http;
  const { ExpressInstrumentation, ExpressLayerType } =
    require('@opentelemetry/instrumentation-express') as typeof T_otel_instrumentation_express;
  const { GraphQLInstrumentation } = require('@opentelemetry/instrumentation-graphql') as typeof T_otel_instrumentation_graphql;
  const { PgInstrumentation } = require('@opentelemetry/instrumentation-pg') as typeof T_otel_instrumentation_pg;
  // The server span is found the way the express instrumentation finds it to name the route: the
  // http instrumentation puts it in the request's context. Taken from the copy of
  // @opentelemetry/core that instrumentation uses, so both read the same context key.
  const { getRPCMetadata } = createRequire(require.resolve('@opentelemetry/instrumentation-http'))('@opentelemetry/core') as {
    getRPCMetadata: (context: unknown) => { span?: Span } | undefined;
  };

  const log = createLogger(config).child({ component: 'tracing' });
  // Export failures and SDK warnings go to the log instead of nowhere.
  api.diag.setLogger(
    {
      error: (message, ...args) => log.warn({ args }, message),
      warn: (message, ...args) => log.warn({ args }, message),
      info: () => undefined,
      debug: () => undefined,
      verbose: () => undefined,
    },
    api.DiagLogLevel.WARN,
  );

  // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES (the env detector) win over our default name.
  const resource = defaultResource()
    .merge(resourceFromAttributes({ 'service.name': SERVICE_NAME }))
    .merge(detectResources({ detectors: [envDetector] }));
  const provider = new NodeTracerProvider({
    resource,
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
  });
  provider.register();
  const unregister = registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({
        disableOutgoingRequestInstrumentation: true,
        redactedQueryParamsServer: [...REDACTED_QUERY],
      }),
      // A router's span ends before its routes run: it only adds an empty span per router per request.
      new ExpressInstrumentation({ ignoreLayersType: [ExpressLayerType.ROUTER] }),
      new GraphQLInstrumentation({ allowValues: false, ignoreTrivialResolveSpans: true, mergeItems: true }),
      // Statements outside a request (the outbox processor and the sweeps poll every tenant) would
      // be a trace each: only those under a request's span are recorded.
      new PgInstrumentation({ enhancedDatabaseReporting: false, ignoreConnectSpans: true, requireParentSpan: true }),
    ],
  });

  // Loaded with require(), after the instrumentations are registered: see the header.
  const checks: Record<string, () => boolean> = {
    http: () => isWrapped((require('node:http') as typeof T_node_http).Server.prototype.emit),
    express: () => isWrapped((require('express') as { application: { use: unknown } }).application.use),
    graphql: () => {
      require('graphql');
      return isWrapped((require('graphql/execution/execute.js') as { execute: unknown }).execute);
    },
    pg: () => isWrapped((require('pg') as typeof T_pg).Client.prototype.query),
  };
  const missed = Object.entries(checks)
    .filter(([, patched]) => !patched())
    .map(([name]) => name);
  if (missed.length) log.warn({ modules: missed }, 'tracing: not instrumented (imported before src/tracing.ts ran)');

  serverSpan = () => getRPCMetadata(api.context.active())?.span;
  log.info({ service: resource.attributes['service.name'] }, 'tracing on');
  return {
    async shutdown() {
      serverSpan = undefined;
      unregister();
      await provider.shutdown().catch((err: unknown) => log.warn({ err }, 'tracing: flush failed'));
    },
  };
}
