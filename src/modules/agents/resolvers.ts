// GraphQL entry points of the agents module, and Client.agent.
import type { Resolvers } from '../../graphql/generated/resolvers-types.generated.js';
import { tenantField, userRef } from '../../graphql/guards.js';
import { agentGetById, agentList } from './selectors.js';
import { agentCreate, agentDelete, agentRestore, agentUpdate } from './services.js';

export const agentResolvers: Resolvers = {
  Query: {
    agents: tenantField(agentList),
    agent: tenantField(agentGetById),
  },
  Mutation: {
    createAgent: tenantField(agentCreate),
    updateAgent: tenantField(agentUpdate),
    deleteAgent: tenantField(agentDelete),
    restoreAgent: tenantField(agentRestore),
  },
  Agent: {
    createdBy: userRef('createdById'),
    updatedBy: userRef('updatedById'),
  },
  Client: {
    agent: (c, _a, ctx) => (c.agentId ? ctx.loaders.agentById.load(c.agentId) : null),
  },
};
