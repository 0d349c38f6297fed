// The notifications module: notifications and their live stream.
// What the server takes from it: src/modules/index.ts lists the modules.
// What other modules and the rest of src/ use of this module (they import nothing else of it).
export { notificationCreate } from './services/create.js';
import { defineModule } from '../module.js';
import { notificationLoaders } from './loaders.js';
import { notificationResolvers } from './resolvers/notifications.js';
import { notificationRules } from './rules.js';

export type * from './models.js';

export const notificationsModule = defineModule({
  name: 'notifications',
  typeDefs: ['notifications.graphql'],
  resolvers: [notificationResolvers],
  rules: notificationRules,
  loaders: notificationLoaders,
});
