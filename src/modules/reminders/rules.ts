// Shield rules of the reminders module's root fields (merged into src/access/permissions.ts).
import type { ModuleRules } from '../../access/rules.js';

export const reminderRules: ModuleRules = { Query: {}, Mutation: {} };
