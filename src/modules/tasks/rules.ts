// Shield rules of the tasks module's root fields (merged into src/access/permissions.ts).
import type { ModuleRules } from '../../access/rules.js';

export const taskRules: ModuleRules = { Query: {}, Mutation: {} };
