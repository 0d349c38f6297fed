// Shield rules of the notifications module's root fields (merged into src/access/permissions.ts).
import type { ModuleRules } from '../../access/rules.js';

export const notificationRules: ModuleRules = { Query: {}, Mutation: {} };
