// Puts the tenant, the request id and the operation on the request's HTTP server span, the span a
// trace backend lists requests by (tracing is on only with an OTLP endpoint; see src/tracing.ts).
import type { ApolloServerPlugin } from '@apollo/server';
import type { Span } from '@opentelemetry/api';
import type { GraphQLContext } from '../graphql/context.js';
import { requestSpan } from '../tracing.js';

/** The operations of a batch share one HTTP span: their names are collected on it. */
const batchNames = new WeakMap<Span, string[]>();

export function tracingPlugin(): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart({ contextValue }) {
      const span = requestSpan();
      if (!span) return;
      span.setAttributes({
        'leopard.request.id': contextValue.requestId,
        ...(contextValue.tenant ? { 'leopard.tenant.slug': contextValue.tenant.slug } : {}),
      });
      return {
        async didResolveOperation(rc) {
          const name = rc.operationName ?? undefined;
          if (rc.operation) span.setAttribute('graphql.operation.type', rc.operation.operation);
          if (!name) return;
          if (!rc.requestIsBatched) {
            span.setAttribute('graphql.operation.name', name);
            return;
          }
          const names = batchNames.get(span) ?? [];
          names.push(name);
          batchNames.set(span, names);
          span.setAttribute('graphql.operation.name', names);
        },
      };
    },
  };
}
