// The auth module: signing in and out, sessions, invitations and password resets.
// What the server takes from it: src/modules/index.ts lists the modules.
// What other modules and the rest of src/ use of this module (they import nothing else of it).
export { platformSessionTables, sessionOpen } from './services/sessions.js';
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
