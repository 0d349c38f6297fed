// The clients module: clients, their profile parts and timeline.
// What the server takes from it: src/modules/index.ts lists the modules.
// What other modules and the rest of src/ use of this module (they import nothing else of it).
export { pictureUrl, profilePictureAuthorize, profilePictureGet, profilePictureUpload } from './services/profile-picture.js';
export { clientGetVisible, clientListByIds } from './selectors/client-scope.js';
import { defineModule } from '../module.js';
import { clientLoaders } from './loaders.js';
import { clientResolvers } from './resolvers/clients.js';
import { clientProfileResolvers } from './resolvers/client-profile.js';
import { clientRules } from './rules.js';

export type * from './models.js';

export const clientsModule = defineModule({
  name: 'clients',
  typeDefs: ['clients.graphql', 'client-profile.graphql'],
  resolvers: [clientResolvers, clientProfileResolvers],
  rules: clientRules,
  loaders: clientLoaders,
});
