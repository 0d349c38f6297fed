// DataLoaders, built per request and bound to the request's tenant handle and viewer, so batching
// never mixes tenants or viewers, and every batch applies the viewer's scope in SQL.
import DataLoader from 'dataloader';
import type { TenantViewer } from '../auth/viewer.js';
import type { TenantDb } from '../db/tenant-db.js';
import { forbidden } from '../errors.js';
import { branchListByIds, regionBranchCounts, regionListByIds } from '../modules/org/selectors.js';
import { branchListByUserIds, regionListByUserIds, userListByIds } from '../modules/users/selectors.js';
import type { BranchModel, RegionModel, UserModel } from './models.js';

export interface Loaders {
  regionById: DataLoader<string, RegionModel | null>;
  regionBranchCount: DataLoader<string, number>;
  branchById: DataLoader<string, BranchModel | null>;
  userById: DataLoader<string, UserModel | null>;
  branchesByUserId: DataLoader<string, BranchModel[]>;
  regionsByUserId: DataLoader<string, RegionModel[]>;
}

type Scoped = { db: TenantDb; viewer: TenantViewer };

/** One row per key, or null where the scoped batch did not return it. */
function byId<T extends { id: string }>(fetch: (ids: readonly string[]) => Promise<T[]>) {
  return new DataLoader<string, T | null>(async (ids) => {
    const rows = await fetch(ids);
    const map = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => map.get(id) ?? null);
  });
}

/** A value per key from a batch that returns a map (lists, counts), with a default for keys it lacks. */
function byKey<V>(fetch: (ids: readonly string[]) => Promise<Map<string, V>>, empty: () => V) {
  return new DataLoader<string, V>(async (ids) => {
    const map = await fetch(ids);
    return ids.map((id) => map.get(id) ?? empty());
  });
}

export function createLoaders(db: TenantDb | null, viewer: TenantViewer | null): Loaders {
  const need = (): Scoped => {
    if (!db || !viewer) throw forbidden('This field needs a signed-in tenant user');
    return { db, viewer };
  };
  return {
    regionById: byId((ids) => regionListByIds({ ...need(), ids })),
    regionBranchCount: byKey(
      (ids) => regionBranchCounts({ ...need(), ids }),
      () => 0,
    ),
    branchById: byId((ids) => branchListByIds({ ...need(), ids })),
    userById: byId((ids) => userListByIds({ ...need(), ids })),
    branchesByUserId: byKey(
      (ids) => branchListByUserIds({ ...need(), ids }),
      () => [],
    ),
    regionsByUserId: byKey(
      (ids) => regionListByUserIds({ ...need(), ids }),
      () => [],
    ),
  };
}

/** Loads many keys and keeps the rows that exist (and are in scope). */
export async function loadPresent<T>(loader: DataLoader<string, T | null>, ids: readonly string[]): Promise<T[]> {
  const rows = await loader.loadMany(ids);
  return rows.filter((r): r is T => r !== null && !(r instanceof Error));
}
