// GraphQL entry points of the notifications module.
import type { Resolvers } from '../../graphql/generated/resolvers-types.generated.js';
import { requireTenant } from '../../graphql/guards.js';
import { clientUpdatedStream, notificationReceivedStream } from './live.js';
import { notificationList, notificationUnreadCount } from './selectors.js';
import { notificationMarkAllRead, notificationSetRead } from './services.js';

export const notificationResolvers: Resolvers = {
  Query: {
    notifications: (_p, args, ctx) =>
      notificationList({
        ...requireTenant(ctx),
        first: args.first,
        after: args.after,
        unreadOnly: args.unreadOnly,
        since: args.since,
      }),
    unreadNotificationCount: (_p, _a, ctx) => notificationUnreadCount(requireTenant(ctx)),
  },
  Mutation: {
    markNotificationRead: (_p, { id }, ctx) => notificationSetRead({ ...requireTenant(ctx), id, read: true }),
    markNotificationUnread: (_p, { id }, ctx) => notificationSetRead({ ...requireTenant(ctx), id, read: false }),
    markAllNotificationsRead: (_p, _a, ctx) => notificationMarkAllRead(requireTenant(ctx)),
  },
  Subscription: {
    // No resolve functions: the payloads are keyed by field name (see live.ts for why).
    notificationReceived: { subscribe: (_p, _a, ctx) => notificationReceivedStream(ctx) },
    clientUpdated: { subscribe: (_p, { id }, ctx) => clientUpdatedStream(ctx, id) },
  },
  Notification: {
    isRead: (n) => n.readAt !== null,
    // Through the viewer's scope: null when the client is deleted or no longer visible.
    client: (n, _a, ctx) => (n.clientId ? ctx.loaders.clientById.load(n.clientId) : null),
  },
};
