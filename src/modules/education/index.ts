// The education module: institutes and their parts, the course catalogue, application types and
// stages, college applications. Reads live in selectors/<entity>.ts, writes in services/<entity>.ts;
// the soft-deletable master data builds both on one CRUD factory (selectors/crud.ts and services/crud.ts).
// What the server takes from it: src/modules/index.ts lists the modules.
// What other modules and the rest of src/ use of this module (they import nothing else of it).
export { instituteListByIds } from './selectors/institute.js';
import { defineModule } from '../module.js';
import { educationLoaders } from './loaders.js';
import { educationResolvers } from './resolvers.js';
import { educationRules } from './rules.js';

export type * from './models.js';

export const educationModule = defineModule({
  name: 'education',
  typeDefs: ['education.graphql'],
  resolvers: [educationResolvers],
  rules: educationRules,
  loaders: educationLoaders,
});
