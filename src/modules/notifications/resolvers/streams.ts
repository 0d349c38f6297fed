// The subscription streams: the viewer's own new notifications and unread count, and changes of
// one visible client.
// Access is checked when the stream opens AND for every message (the session, then the row through
// the viewer's current scope), since either may have changed in between.
import type { GraphQLContext } from '../../../graphql/context.js';
import { requireTenant } from '../../../graphql/guards.js';
import { clientTopic, notificationTopic, realtimeHub } from '../../../realtime/hub.js';
import { liveIterator } from '../../../realtime/live.js';
import { endStream, refreshForEvent } from '../../../realtime/stream-control.js';
import type { ClientModel } from '../../clients/index.js';
import { clientGetVisible } from '../../clients/index.js';
import { AppError } from '../../../errors.js';
import { assertCan } from '../../../access/can.js';
import type { NotificationModel } from '../models.js';
import { notificationGetOwn, notificationUnreadCount } from '../selectors.js';

/**
 * Payloads are keyed by the field name: the field has no resolve function of its own, so that
 * graphql-middleware puts the shield rule on `subscribe` (it wraps `resolve` instead when one exists,
 * and the rule would then run per message but not when the stream opens).
 */
export function notificationReceivedStream(
  ctx: GraphQLContext,
): AsyncIterableIterator<{ notificationReceived: NotificationModel }> {
  const { db, viewer } = requireTenant(ctx);
  return liveIterator({
    hub: realtimeHub(ctx.runtime.bus),
    // Keyed by (tenant schema, user id): a message for another user or tenant never reaches this stream.
    topic: notificationTopic(db.schemaName, viewer.id),
    deliver: async (message) => {
      if (message.kind !== 'notification') return null;
      const fresh = await refreshForEvent(ctx);
      try {
        return { notificationReceived: await notificationGetOwn({ db, viewer: fresh, id: message.notificationId }) };
      } catch (err) {
        // Gone already (the recipient was deleted): nothing to deliver, the stream goes on.
        if (err instanceof AppError && err.code === 'NOT_FOUND') return null;
        throw err;
      }
    },
    onEnd: (error) => endStream(ctx, error),
  });
}

/**
 * The viewer's unread count: when the stream opens, then after each change of the viewer's
 * notifications (a new one, or read state), on any process. Messages only say "changed": the
 * stream re-reads the count (one index-only count per change, never per request or per timer),
 * so two writers committing in either order still leave the last value right. A burst of changes
 * waiting is read once, and a value equal to the last one sent is not sent again.
 */
export function unreadNotificationCountStream(ctx: GraphQLContext): AsyncIterableIterator<{ unreadNotificationCount: number }> {
  const { db, viewer } = requireTenant(ctx);
  let last: number | undefined;
  const emit = (count: number) => (count === last ? null : { unreadNotificationCount: (last = count) });
  return liveIterator({
    hub: realtimeHub(ctx.runtime.bus),
    topic: notificationTopic(db.schemaName, viewer.id),
    initial: async () => emit(await notificationUnreadCount({ db, viewer })),
    coalesce: true,
    deliver: async () => emit(await notificationUnreadCount({ db, viewer: await refreshForEvent(ctx) })),
    onEnd: (error) => endStream(ctx, error),
  });
}

/** NOT_FOUND at once for a client out of scope; later, the stream ends with NOT_FOUND when the client leaves it. */
export async function clientUpdatedStream(
  ctx: GraphQLContext,
  id: string,
): Promise<AsyncIterableIterator<{ clientUpdated: ClientModel }>> {
  const { db, viewer } = requireTenant(ctx);
  const client = await clientGetVisible({ db, viewer, id });
  return liveIterator({
    hub: realtimeHub(ctx.runtime.bus),
    topic: clientTopic(db.schemaName, client.id),
    deliver: async () => {
      const fresh = await refreshForEvent(ctx);
      // The role may have lost client:read since the stream opened (shield ran only then).
      assertCan(fresh, 'client:read');
      return { clientUpdated: await clientGetVisible({ db, viewer: fresh, id: client.id }) };
    },
    onEnd: (error) => endStream(ctx, error),
  });
}
