// GraphQL entry points of clients and their profile parts.
import type { Resolvers } from '../../graphql/generated/resolvers-types.generated.js';
import { requireTenant } from '../../graphql/guards.js';
import { clientGetById, clientList, clientStageCounts } from './selectors.js';
import { clientAssign, clientChangeStage, clientCreate, clientSetDeleted, clientUpdate } from './services.js';

export const clientResolvers: Resolvers = {
  Query: {
    clients: (_p, args, ctx) =>
      clientList({ ...requireTenant(ctx), first: args.first, after: args.after, filter: args.filter, orderBy: args.orderBy }),
    client: (_p, { id }, ctx) => clientGetById({ ...requireTenant(ctx), id }),
    clientStageCounts: (_p, { filter }, ctx) => clientStageCounts({ ...requireTenant(ctx), filter }),
  },
  Mutation: {
    createClient: (_p, { input }, ctx) => clientCreate({ ...requireTenant(ctx), input }),
    updateClient: (_p, { id, input }, ctx) => clientUpdate({ ...requireTenant(ctx), id, input }),
    assignClient: (_p, { id, userId }, ctx) => clientAssign({ ...requireTenant(ctx), id, userId }),
    changeClientStage: (_p, { id, stage }, ctx) => clientChangeStage({ ...requireTenant(ctx), id, stage }),
    deleteClient: (_p, { id }, ctx) => clientSetDeleted({ ...requireTenant(ctx), id, deleted: true }),
    restoreClient: (_p, { id }, ctx) => clientSetDeleted({ ...requireTenant(ctx), id, deleted: false }),
  },
  Client: {
    fullName: (c) => [c.firstName, c.middleName, c.lastName].filter(Boolean).join(' '),
    // The branch is in scope by construction (the client was read through the scope).
    branch: async (c, _a, ctx) => (await ctx.loaders.branchById.load(c.branchId))!,
    assignedTo: (c, _a, ctx) => (c.assignedToId ? ctx.loaders.userById.load(c.assignedToId) : null),
    createdBy: (c, _a, ctx) => (c.createdById ? ctx.loaders.userById.load(c.createdById) : null),
  },
};
