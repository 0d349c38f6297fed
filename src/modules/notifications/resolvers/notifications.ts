// GraphQL entry points of the notifications module.
import type { Resolvers } from '../../../graphql/generated/resolvers-types.generated.js';
import type { GraphQLContext } from '../../../graphql/context.js';
import { requireTenant, tenantField } from '../../../graphql/guards.js';
import { clientUpdatedStream, notificationReceivedStream, unreadNotificationCountStream } from './streams.js';
import { presenceOf } from '../../../realtime/presence.js';
import { notificationGetOwn, notificationList, notificationUnreadCount, onlineUserList } from '../selectors.js';
import { notificationMarkAllRead, notificationMarkManyRead, notificationSetRead } from '../services/read-state.js';

/** Read-state writes announce themselves on the bus (the live unread count). */
const writer = (ctx: GraphQLContext) => ({ ...requireTenant(ctx), bus: ctx.runtime.bus });

export const notificationResolvers: Resolvers = {
  Query: {
    notifications: tenantField(notificationList),
    notification: tenantField(notificationGetOwn),
    unreadNotificationCount: (_p, _a, ctx) => notificationUnreadCount(requireTenant(ctx)),
    onlineUsers: (_p, _a, ctx) => {
      const { db, viewer } = requireTenant(ctx);
      return onlineUserList({ db, viewer, online: presenceOf(ctx.runtime.bus).online(db.schemaName) });
    },
  },
  Mutation: {
    markNotificationRead: (_p, { id }, ctx) => notificationSetRead({ ...writer(ctx), id, read: true }),
    markNotificationUnread: (_p, { id }, ctx) => notificationSetRead({ ...writer(ctx), id, read: false }),
    markNotificationsRead: (_p, { ids }, ctx) => notificationMarkManyRead({ ...writer(ctx), ids }),
    markAllNotificationsRead: (_p, _a, ctx) => notificationMarkAllRead(writer(ctx)),
  },
  Subscription: {
    // No resolve functions: the payloads are keyed by field name (see streams.ts for why).
    notificationReceived: { subscribe: (_p, _a, ctx) => notificationReceivedStream(ctx) },
    unreadNotificationCount: { subscribe: (_p, _a, ctx) => unreadNotificationCountStream(ctx) },
    clientUpdated: { subscribe: (_p, { id }, ctx) => clientUpdatedStream(ctx, id) },
  },
  Notification: {
    isRead: (n) => n.readAt !== null,
    // Through the viewer's scope: null when the client is deleted or no longer visible.
    client: (n, _a, ctx) => (n.clientId ? ctx.loaders.clientById.load(n.clientId) : null),
  },
};
