// The search module: global search.
// What the server takes from it: src/modules/index.ts lists the modules.
import { defineModule } from '../module.js';
import { searchResolvers } from './resolvers.js';
import { searchRules } from './rules.js';

export type * from './models.js';

export const searchModule = defineModule({
  name: 'search',
  typeDefs: ['search.graphql'],
  resolvers: [searchResolvers],
  rules: searchRules,
});
