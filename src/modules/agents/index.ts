// The agents module: agents (referral partners).
// What the server takes from it: src/modules/index.ts lists the modules.
// What other modules and the rest of src/ use of this module (they import nothing else of it).
export { agentListByIds } from './selectors.js';
import { defineModule } from '../module.js';
import { agentLoaders } from './loaders.js';
import { agentResolvers } from './resolvers.js';
import { agentRules } from './rules.js';

export type * from './models.js';

export const agentsModule = defineModule({
  name: 'agents',
  typeDefs: ['agents.graphql'],
  resolvers: [agentResolvers],
  rules: agentRules,
  loaders: agentLoaders,
});
