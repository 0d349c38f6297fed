// The org module: regions and branches.
// What the server takes from it: src/modules/index.ts lists the modules.
// What other modules and the rest of src/ use of this module (they import nothing else of it).
export { BRANCH_ROW } from './models.js';
import { defineModule } from '../module.js';
import { orgLoaders } from './loaders.js';
import { orgResolvers } from './resolvers.js';
import { orgRules } from './rules.js';

export type * from './models.js';

export const orgModule = defineModule({
  name: 'org',
  typeDefs: ['org.graphql'],
  resolvers: [orgResolvers],
  rules: orgRules,
  loaders: orgLoaders,
});
