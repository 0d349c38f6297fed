// GraphQL entry points of regions and branches.
import type { Resolvers } from '../../graphql/generated/resolvers-types.generated.js';
import { byParentId, tenantField } from '../../graphql/guards.js';
import { branchGetById, branchList, regionGetById, regionList } from './selectors.js';
import { branchCreate, branchDelete, branchRestore, branchUpdate, regionCreate, regionDelete, regionUpdate } from './services.js';

export const orgResolvers: Resolvers = {
  Query: {
    regions: tenantField(regionList),
    region: tenantField(regionGetById),
    branches: tenantField(branchList),
    branch: tenantField(branchGetById),
  },
  Mutation: {
    createRegion: tenantField(regionCreate),
    updateRegion: tenantField(regionUpdate),
    deleteRegion: tenantField(regionDelete),
    createBranch: tenantField(branchCreate),
    updateBranch: tenantField(branchUpdate),
    deleteBranch: tenantField(branchDelete),
    restoreBranch: tenantField(branchRestore),
  },
  Region: {
    branchCount: byParentId((l) => l.regionBranchCount),
  },
  Branch: {
    region: (branch, _a, ctx) => (branch.regionId ? ctx.loaders.regionById.load(branch.regionId) : null),
  },
};
