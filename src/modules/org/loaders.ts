// Per-request loaders of regions and branches.
import type { Scoped } from '../../graphql/loader-kit.js';
import { batchLoaders } from '../shared-loaders.js';
import { branchListByIds, regionBranchCounts, regionListByIds } from './selectors.js';

export function orgLoaders(need: Scoped) {
  const { rowById, countBy } = batchLoaders(need);
  return {
    regionById: rowById(regionListByIds),
    regionBranchCount: countBy(regionBranchCounts),
    branchById: rowById(branchListByIds),
  };
}
