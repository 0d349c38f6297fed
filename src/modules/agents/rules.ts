// Shield rules of the agents module's root fields (merged into src/access/permissions.ts).
import type { ModuleRules } from '../../access/rules.js';

export const agentRules: ModuleRules = { Query: {}, Mutation: {} };
