// The `timeline` handler: one client_activities row per (event, activity type), dated when the
// change happened rather than when it was processed. The unique key makes a re-run a no-op.
import type { TimelineSpec } from '../config.js';
import type { HandlerArgs, HandlerOutcome } from './types.js';

export async function timelineHandler({ tx, db, ctx, spec }: HandlerArgs): Promise<HandlerOutcome> {
  const s = spec as TimelineSpec;
  if (s.when && !s.when(ctx)) return { status: 'SKIPPED', message: 'Condition not met' };
  if (!ctx.client) return { status: 'SKIPPED', message: 'No linked client' };
  const a = db.t.clientActivities;
  const rows = await tx
    .insert(a)
    .values({
      clientId: ctx.client.id,
      activityType: s.activityType,
      performedById: ctx.actorId,
      description: s.describe(ctx),
      metadata: {
        eventId: ctx.eventId,
        eventType: ctx.eventType,
        entityType: ctx.entityType,
        entityId: ctx.entityId,
        changedFields: ctx.changedFields,
        ...Object.fromEntries(ctx.changedFields.map((f) => [f, { from: ctx.before[f] ?? null, to: ctx.after[f] ?? null }])),
        // Ids only: whether a reader may see these people (and their names) is decided when it reads.
        ...(ctx.assignee ? { assignedToId: ctx.assignee.id } : {}),
        ...(ctx.previousAssignee ? { previousAssignedToId: ctx.previousAssignee.id } : {}),
        ...Object.fromEntries(Object.entries(ctx.names).filter(([, v]) => v !== null)),
      },
      eventId: ctx.eventId,
      createdAt: ctx.createdAt,
    })
    .onConflictDoNothing({ target: [a.eventId, a.activityType] })
    .returning({ id: a.id });
  return { status: 'SUCCESS', message: rows.length ? `activity ${rows[0]!.id}` : 'already recorded' };
}
