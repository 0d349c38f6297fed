// GraphQL entry points of the events module: the outbox for tenant SUPER_ADMINs, the pause
// switch and per-tenant counts for platform admins.
import type { PlatformViewer } from '../../auth/viewer.js';
import type { HandlerResult } from '../../db/tables/events.js';
import { forbidden } from '../../errors.js';
import type { GraphQLContext } from '../../graphql/context.js';
import type { Resolvers } from '../../graphql/generated/resolvers-types.generated.js';
import { requireViewer, tenantField, userRef } from '../../graphql/guards.js';
import { handlersFor } from '../../events/config.js';
import { eventList, eventProcessingCounts, eventProcessingState } from './selectors.js';
import { eventProcessingPauseSet, eventProcessingResumeSet, eventRetry } from './services.js';

function platform(ctx: GraphQLContext): { runtime: GraphQLContext['runtime']; viewer: PlatformViewer } {
  const viewer = requireViewer(ctx);
  if (viewer.kind !== 'platform') throw forbidden();
  return { runtime: ctx.runtime, viewer };
}

function handlerRank(eventType: string, handler: string): number {
  const i = handlersFor(eventType).findIndex((h) => h.handler === handler);
  return i < 0 ? Number.MAX_SAFE_INTEGER : i;
}

export const eventResolvers: Resolvers = {
  Query: {
    events: tenantField(eventList),
    eventProcessing: (_p, _a, ctx) => eventProcessingState(platform(ctx)),
    eventProcessingStatus: (_p, { after }, ctx) => eventProcessingCounts({ ...platform(ctx), after }),
  },
  Mutation: {
    retryEvent: tenantField(eventRetry),
    pauseEventProcessing: (_p, { reason }, ctx) => eventProcessingPauseSet({ ...platform(ctx), reason }),
    resumeEventProcessing: (_p, _a, ctx) => eventProcessingResumeSet(platform(ctx)),
  },
  DomainEvent: {
    actor: userRef('actorId'),
    // In the order the handlers run (jsonb keeps its keys in its own order).
    handlerResults: (e) =>
      Object.entries(e.handlerResults as Record<string, HandlerResult>)
        .sort(([a], [b]) => handlerRank(e.eventType, a) - handlerRank(e.eventType, b))
        .map(([handler, r]) => ({
          handler,
          status: r.status,
          attempts: r.attempts,
          message: r.message ?? null,
          error: r.error ?? null,
          finishedAt: r.finishedAt ?? null,
        })),
  },
  TenantEventCounts: {
    pending: (c) => c.counts.PENDING,
    processing: (c) => c.counts.PROCESSING,
    completed: (c) => c.counts.COMPLETED,
    failed: (c) => c.counts.FAILED,
  },
};
