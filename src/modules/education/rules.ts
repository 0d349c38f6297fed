// Shield rules of the education module's root fields (merged into src/access/permissions.ts).
import type { ModuleRules } from '../../access/rules.js';

export const educationRules: ModuleRules = { Query: {}, Mutation: {} };
