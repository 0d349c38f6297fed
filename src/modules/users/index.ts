// The users module: staff accounts, assignment and role permissions.
// What the server takes from it: src/modules/index.ts lists the modules.
// What other modules and the rest of src/ use of this module (they import nothing else of it).
export { MAIL_OFF } from './services/invitations.js';
export { USER_ROW } from './models.js';
export { assertAssignable, type AssertAssignableArgs, userListByIds } from './selectors/users.js';
export { assertSeatFree, userInsert } from './services/users.js';
export { superAdminInput } from './validation.js';
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
