// The visas module: visa applications and the visa catalogue.
// What the server takes from it: src/modules/index.ts lists the modules.
import { defineModule } from '../module.js';
import { visaLoaders } from './loaders.js';
import { visaResolvers } from './resolvers.js';
import { visaRules } from './rules.js';

export type * from './models.js';

export const visasModule = defineModule({
  name: 'visas',
  typeDefs: ['visas.graphql'],
  resolvers: [visaResolvers],
  rules: visaRules,
  loaders: visaLoaders,
});
