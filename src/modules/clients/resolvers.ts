// GraphQL entry points of clients and their profile parts.
import type { Resolvers } from '../../graphql/generated/resolvers-types.generated.js';

export const clientResolvers: Resolvers = {
  Client: {
    fullName: (c) => [c.firstName, c.middleName, c.lastName].filter(Boolean).join(' '),
    branch: async (c, _a, ctx) => {
      const branch = await ctx.loaders.branchById.load(c.branchId);
      if (!branch) throw new Error(`client ${c.id} has no visible branch`);
      return branch;
    },
    assignedTo: (c, _a, ctx) => (c.assignedToId ? ctx.loaders.userById.load(c.assignedToId) : null),
    createdBy: (c, _a, ctx) => (c.createdById ? ctx.loaders.userById.load(c.createdById) : null),
  },
};
