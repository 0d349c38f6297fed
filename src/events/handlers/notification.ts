// The `notification` handler: one notification per recipient who may see what it is about,
// keyed by the event id, so a re-run finds the rows it already wrote and adds none.
import { notificationCreate } from '../../modules/notifications/index.js';
import type { NotificationSpec } from '../config.js';
import { branchAdminIds, maySee, mentionedIds, recipientViewers } from './recipients.js';
import type { HandlerArgs, HandlerOutcome } from './types.js';

export async function notificationHandler({ tx, db, bus, tenant, ctx, spec }: HandlerArgs): Promise<HandlerOutcome> {
  const s = spec as NotificationSpec;
  if (s.when && !s.when(ctx)) return { status: 'SKIPPED', message: 'Condition not met' };
  const candidates: string[] = [];
  for (const r of s.recipients) {
    if (r === 'assignee' && ctx.assignee) candidates.push(ctx.assignee.id);
    if (r === 'clientAssignee' && ctx.client?.assignedToId) candidates.push(ctx.client.assignedToId);
    if (r === 'branchAdmins' && ctx.client) candidates.push(...(await branchAdminIds(tx, db, ctx.client.branchId)));
    if (r === 'mentioned') candidates.push(...mentionedIds(ctx));
  }
  const unique = [...new Set(candidates)];
  const viewers = await recipientViewers(tx, db, tenant, unique);
  let created = 0;
  let existing = 0;
  for (const viewer of viewers) {
    if (!(await maySee(tx, db, viewer, ctx.entityType, ctx.client?.id ?? null, ctx.names.taskId ?? null))) continue;
    const row = await notificationCreate({
      tx,
      db,
      bus,
      recipientId: viewer.id,
      type: s.type,
      title: s.title(ctx),
      message: s.message(ctx),
      entityType: ctx.entityType,
      entityId: ctx.entityId,
      clientId: ctx.client?.id ?? null,
      metaInfo: {
        eventId: ctx.eventId,
        eventType: ctx.eventType,
        ...Object.fromEntries(Object.entries(ctx.names).filter(([, v]) => v !== null)),
      },
      sourceKey: `event:${ctx.eventId}`,
      createdById: ctx.actorId,
    });
    if (row) created++;
    else existing++;
  }
  if (created + existing === 0) return { status: 'SKIPPED', message: 'No recipient may see it' };
  return { status: 'SUCCESS', message: `${created} created${existing ? `, ${existing} already there` : ''}` };
}
