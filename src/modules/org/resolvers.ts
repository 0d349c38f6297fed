// GraphQL entry points of regions and branches.
import type { Resolvers } from '../../graphql/generated/resolvers-types.generated.js';
import { requireTenant } from '../../graphql/guards.js';
import { branchGetById, branchList, regionGetById, regionList } from './selectors.js';
import { branchCreate, branchDelete, branchRestore, branchUpdate, regionCreate, regionDelete, regionUpdate } from './services.js';

export const orgResolvers: Resolvers = {
  Query: {
    regions: (_p, args, ctx) => regionList({ ...requireTenant(ctx), first: args.first, after: args.after }),
    region: (_p, { id }, ctx) => regionGetById({ ...requireTenant(ctx), id }),
    branches: (_p, args, ctx) => branchList({ ...requireTenant(ctx), first: args.first, after: args.after, filter: args.filter }),
    branch: (_p, { id }, ctx) => branchGetById({ ...requireTenant(ctx), id }),
  },
  Mutation: {
    createRegion: (_p, { input }, ctx) => regionCreate({ ...requireTenant(ctx), input }),
    updateRegion: (_p, { id, input }, ctx) => regionUpdate({ ...requireTenant(ctx), id, input }),
    deleteRegion: (_p, { id }, ctx) => regionDelete({ ...requireTenant(ctx), id }),
    createBranch: (_p, { input }, ctx) => branchCreate({ ...requireTenant(ctx), input }),
    updateBranch: (_p, { id, input }, ctx) => branchUpdate({ ...requireTenant(ctx), id, input }),
    deleteBranch: (_p, { id }, ctx) => branchDelete({ ...requireTenant(ctx), id }),
    restoreBranch: (_p, { id }, ctx) => branchRestore({ ...requireTenant(ctx), id }),
  },
  Region: {
    branchCount: (region, _a, ctx) => ctx.loaders.regionBranchCount.load(region.id),
  },
  Branch: {
    region: (branch, _a, ctx) => (branch.regionId ? ctx.loaders.regionById.load(branch.regionId) : null),
  },
};
