// Shield rules of the notifications module's root fields (merged into src/access/permissions.ts).
// Every notification operation is the viewer's own, so any tenant user may call them; the rows are
// bound to the viewer in the selectors. clientUpdated needs client:read, then the client's scope;
// onlineUsers needs user:read, then the users' scope.
import { isTenantUser, may, type ModuleRules } from '../../access/rules.js';

export const notificationRules: ModuleRules = {
  Query: {
    notifications: isTenantUser,
    notification: isTenantUser,
    unreadNotificationCount: isTenantUser,
    // Who is online is a list of users: the same permission as `users`, then the same scope.
    onlineUsers: may('user:read'),
  },
  Mutation: {
    markNotificationRead: isTenantUser,
    markNotificationUnread: isTenantUser,
    markNotificationsRead: isTenantUser,
    markAllNotificationsRead: isTenantUser,
  },
  Subscription: {
    notificationReceived: isTenantUser,
    unreadNotificationCount: isTenantUser,
    clientUpdated: may('client:read'),
  },
};
