// GraphQL entry points of the agents module, and Client.agent.
import type { Resolvers } from '../../graphql/generated/resolvers-types.generated.js';
import { requireTenant } from '../../graphql/guards.js';
import { agentGetById, agentList } from './selectors.js';
import { agentCreate, agentDelete, agentRestore, agentUpdate } from './services.js';

export const agentResolvers: Resolvers = {
  Query: {
    agents: (_p, args, ctx) => agentList({ ...requireTenant(ctx), first: args.first, after: args.after, filter: args.filter }),
    agent: (_p, { id }, ctx) => agentGetById({ ...requireTenant(ctx), id }),
  },
  Mutation: {
    createAgent: (_p, { input }, ctx) => agentCreate({ ...requireTenant(ctx), input }),
    updateAgent: (_p, { id, input }, ctx) => agentUpdate({ ...requireTenant(ctx), id, input }),
    deleteAgent: (_p, { id }, ctx) => agentDelete({ ...requireTenant(ctx), id }),
    restoreAgent: (_p, { id }, ctx) => agentRestore({ ...requireTenant(ctx), id }),
  },
  Agent: {
    createdBy: (a, _a, ctx) => (a.createdById ? ctx.loaders.userById.load(a.createdById) : null),
    updatedBy: (a, _a, ctx) => (a.updatedById ? ctx.loaders.userById.load(a.updatedById) : null),
  },
  Client: {
    agent: (c, _a, ctx) => (c.agentId ? ctx.loaders.agentById.load(c.agentId) : null),
  },
};
