// The auth module: signing in and out, sessions, invitations and password resets.
// What the server takes from it: src/modules/index.ts lists the modules.
import { defineModule } from '../module.js';
import { authResolvers } from './resolvers.js';
import { authRules } from './rules.js';

export type * from './models.js';

export const authModule = defineModule({
  name: 'auth',
  typeDefs: ['auth.graphql'],
  resolvers: [authResolvers],
  rules: authRules,
});
