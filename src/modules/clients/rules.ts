// Shield rules of the clients module's root fields (merged into src/access/permissions.ts).
import type { ModuleRules } from '../../access/rules.js';

export const clientRules: ModuleRules = { Query: {}, Mutation: {} };
