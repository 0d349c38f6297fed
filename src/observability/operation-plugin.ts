// One log line and one metric sample per GraphQL operation on /graphql, plus the checks that need
// the resolved operation (cost, one session field, the rate units of its root fields). The log
// line carries the request id, tenant, user, operation, duration and outcome; it never carries variables (they hold passwords and personal data). An
// operation slower than SLOW_OPERATION_MS is logged again at warn with its document.
import type { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server';
import { Kind, print, visit, type DocumentNode, type GraphQLFormattedError } from 'graphql';
import type { GraphQLContext } from '../graphql/context.js';
import { assertCleanInput, assertOneSessionField, assertWithinCost, rootFields } from '../graphql/limits/index.js';
import type { Runtime } from '../runtime.js';

const SLOW_DOCUMENT_CHARS = 4000;

/**
 * The document with every string literal replaced: inline arguments carry passwords and personal
 * data as often as variables do. The shape (fields, arguments, numbers) is what a slow log needs.
 */
function withoutLiterals(document: DocumentNode): string {
  return print(visit(document, { StringValue: () => ({ kind: Kind.STRING, value: '…' }) }));
}

function responseErrors(rc: GraphQLRequestContext<GraphQLContext>): readonly GraphQLFormattedError[] {
  const body = rc.response.body;
  if (!body) return [];
  return (body.kind === 'single' ? body.singleResult.errors : body.initialResult.errors) ?? [];
}

export function operationPlugin(runtime: Runtime): ApolloServerPlugin<GraphQLContext> {
  const { metrics, config } = runtime;
  return {
    async contextCreationDidFail({ error }) {
      const code = String((error as { extensions?: { code?: unknown } }).extensions?.code ?? 'INTERNAL_SERVER_ERROR');
      metrics.operations.inc({ operation: 'unknown', type: 'unknown', outcome: code });
      runtime.log.info({ outcome: code, reason: error.message }, 'request refused');
    },
    async requestDidStart() {
      const started = performance.now();
      return {
        async didResolveOperation(rc) {
          if (!rc.operation) return;
          // Input first: the cost check coerces the variables, and a value nested thousands deep overflowed it.
          assertCleanInput(config.limits.maxInputDepth, rc.document, rc.operation, rc.request.variables);
          assertWithinCost(config.limits, rc.schema, rc.document, rc.operation, rc.request.variables);
          const fields = rootFields(rc.schema, rc.document, rc.operation, rc.request.variables);
          assertOneSessionField(fields);
          // Rates count executed root fields, so aliases cost what they run; the context already
          // took one unit for this operation (before parsing), the rest is taken here.
          rc.contextValue.chargeRate(fields.size - 1);
        },
        async willSendResponse(rc) {
          const seconds = (performance.now() - started) / 1000;
          const errors = responseErrors(rc);
          const codes = [...new Set(errors.map((e) => String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR')))];
          const outcome = codes[0] ?? 'ok';
          const operation = metrics.operationLabel(rc.operationName ?? rc.request.operationName);
          const type = rc.operation?.operation ?? 'unknown';
          metrics.operations.inc({ operation, type, outcome });
          metrics.duration.observe({ operation, type }, seconds);
          for (const e of errors) {
            if (typeof e.extensions?.limit === 'string') metrics.rejections.inc({ limit: e.extensions.limit });
            const retry = e.extensions?.retryAfterSeconds;
            if (e.extensions?.code === 'RATE_LIMITED' && typeof retry === 'number') {
              rc.response.http.headers.set('retry-after', String(retry));
            }
          }
          const durationMs = Math.round(seconds * 10_000) / 10;
          const line = { operation, type, durationMs, outcome, ...(codes.length > 1 ? { errorCodes: codes } : {}) };
          rc.contextValue.log.info(line, 'graphql operation');
          if (config.slowOperationMs > 0 && durationMs >= config.slowOperationMs) {
            const document = rc.document ? withoutLiterals(rc.document).slice(0, SLOW_DOCUMENT_CHARS) : undefined;
            rc.contextValue.log.warn({ ...line, document }, 'slow operation');
          }
        },
      };
    },
  };
}
