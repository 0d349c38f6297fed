// GraphQL entry points of regions and branches.
import type { Resolvers } from '../../graphql/generated/resolvers-types.generated.js';
import { requireTenant } from '../../graphql/guards.js';
import { branchList, regionList } from './selectors.js';
import { branchCreate, regionCreate } from './services.js';

export const orgResolvers: Resolvers = {
  Query: {
    regions: (_p, args, ctx) => regionList({ ...requireTenant(ctx), first: args.first, after: args.after }),
    branches: (_p, args, ctx) => branchList({ ...requireTenant(ctx), first: args.first, after: args.after }),
  },
  Mutation: {
    createRegion: (_p, { input }, ctx) => regionCreate({ ...requireTenant(ctx), input }),
    createBranch: (_p, { input }, ctx) => branchCreate({ ...requireTenant(ctx), input }),
  },
  Branch: {
    region: (branch, _a, ctx) => (branch.regionId ? ctx.loaders.regionById.load(branch.regionId) : null),
  },
};
