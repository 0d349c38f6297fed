// Shield rules of the events module's root fields (merged into src/access/permissions.ts).
import type { ModuleRules } from '../../access/rules.js';

export const eventRules: ModuleRules = { Query: {}, Mutation: {} };
