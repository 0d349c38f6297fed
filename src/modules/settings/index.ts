// The settings module: tenant settings.
// What the server takes from it: src/modules/index.ts lists the modules.
import { defineModule } from '../module.js';
import { settingsResolvers } from './resolvers.js';
import { settingsRules } from './rules.js';

export type * from './models.js';

export const settingsModule = defineModule({
  name: 'settings',
  typeDefs: ['settings.graphql'],
  resolvers: [settingsResolvers],
  rules: settingsRules,
});
