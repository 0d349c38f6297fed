// Shield rules of the calendar module's root fields (merged into src/access/permissions.ts).
import type { ModuleRules } from '../../access/rules.js';

export const calendarRules: ModuleRules = { Query: {}, Mutation: {} };
