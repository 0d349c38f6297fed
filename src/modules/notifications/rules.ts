// Shield rules of the notifications module's root fields (merged into src/access/permissions.ts).
// Every notification operation is the viewer's own, so any tenant user may call them; the rows are
// bound to the viewer in the selectors. clientUpdated needs client:read, then the client's scope.
import { isTenantUser, may, type ModuleRules } from '../../access/rules.js';

export const notificationRules: ModuleRules = {
  Query: {
    notifications: isTenantUser,
    unreadNotificationCount: isTenantUser,
  },
  Mutation: {
    markNotificationRead: isTenantUser,
    markNotificationUnread: isTenantUser,
    markAllNotificationsRead: isTenantUser,
  },
  Subscription: {
    notificationReceived: isTenantUser,
    clientUpdated: may('client:read'),
  },
};
