// The users module: staff accounts, assignment and role permissions.
// What the server takes from it: src/modules/index.ts lists the modules.
import { defineModule } from '../module.js';
import { userLoaders } from './loaders.js';
import { userResolvers } from './resolvers.js';
import { userRules } from './rules.js';

export type * from './models.js';

export const usersModule = defineModule({
  name: 'users',
  typeDefs: ['users.graphql'],
  resolvers: [userResolvers],
  rules: userRules,
  loaders: userLoaders,
});
