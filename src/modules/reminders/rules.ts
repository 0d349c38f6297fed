// Shield rules of the reminders module's root fields (merged into src/access/permissions.ts).
// Reading needs no action: everyone has their own reminders; the selector decides whose else.
import { isTenantUser, may, type ModuleRules } from '../../access/rules.js';

export const reminderRules: ModuleRules = {
  Query: {
    reminders: isTenantUser,
    reminder: isTenantUser,
  },
  Mutation: {
    createReminder: may('reminder:write'),
    updateReminder: may('reminder:write'),
    completeReminder: may('reminder:write'),
    deleteReminder: may('reminder:write'),
  },
};
