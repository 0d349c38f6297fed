// The events module: domain events: the outbox as the API shows it.
// What the server takes from it: src/modules/index.ts lists the modules.
import { defineModule } from '../module.js';
import { eventLoaders } from './loaders.js';
import { eventResolvers } from './resolvers.js';
import { eventRules } from './rules.js';

export type * from './models.js';

export const eventsModule = defineModule({
  name: 'events',
  typeDefs: ['events.graphql'],
  resolvers: [eventResolvers],
  rules: eventRules,
  loaders: eventLoaders,
});
