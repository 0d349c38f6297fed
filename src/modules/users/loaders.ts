// Per-request loaders of users and their assignments.
import { byId, byKey, type Scoped } from '../../graphql/loader-kit.js';
import type { BranchModel, RegionModel } from '../org/index.js';
import { branchListByUserIds, regionListByUserIds, userListByIds } from './selectors/users.js';

export function userLoaders(need: Scoped) {
  return {
    userById: byId((ids) => userListByIds({ ...need(), ids })),
    branchesByUserId: byKey<BranchModel[]>(
      (ids) => branchListByUserIds({ ...need(), ids }),
      () => [],
    ),
    regionsByUserId: byKey<RegionModel[]>(
      (ids) => regionListByUserIds({ ...need(), ids }),
      () => [],
    ),
  };
}
