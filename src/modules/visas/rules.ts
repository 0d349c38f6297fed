// Shield rules of the visas module's root fields (merged into src/access/permissions.ts).
import type { ModuleRules } from '../../access/rules.js';

export const visaRules: ModuleRules = { Query: {}, Mutation: {} };
