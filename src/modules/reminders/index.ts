// The reminders module: reminders.
// What the server takes from it: src/modules/index.ts lists the modules.
import { defineModule } from '../module.js';
import { reminderLoaders } from './loaders.js';
import { reminderResolvers } from './resolvers.js';
import { reminderRules } from './rules.js';

export type * from './models.js';

export const remindersModule = defineModule({
  name: 'reminders',
  typeDefs: ['reminders.graphql'],
  resolvers: [reminderResolvers],
  rules: reminderRules,
  loaders: reminderLoaders,
});
