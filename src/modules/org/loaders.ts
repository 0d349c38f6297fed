// Per-request loaders of regions and branches.
import { byId, byKey, type Scoped } from '../../graphql/loader-kit.js';
import { branchListByIds, regionBranchCounts, regionListByIds } from './selectors.js';

export function orgLoaders(need: Scoped) {
  return {
    regionById: byId((ids) => regionListByIds({ ...need(), ids })),
    regionBranchCount: byKey(
      (ids) => regionBranchCounts({ ...need(), ids }),
      () => 0,
    ),
    branchById: byId((ids) => branchListByIds({ ...need(), ids })),
  };
}
