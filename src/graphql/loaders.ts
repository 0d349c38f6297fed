// DataLoaders, built per request and bound to the request's tenant handle, so batching never
// mixes tenants or viewers.
import DataLoader from 'dataloader';
import type { TenantViewer } from '../auth/viewer.js';
import type { TenantDb } from '../db/tenant-db.js';
import { forbidden } from '../errors.js';
import { regionListByIds } from '../modules/org/selectors.js';
import type { RegionModel } from './models.js';

export interface Loaders {
  regionById: DataLoader<string, RegionModel | null>;
}

function byId<T extends { id: string }>(fetch: (ids: readonly string[]) => Promise<T[]>) {
  return new DataLoader<string, T | null>(async (ids) => {
    const rows = await fetch(ids);
    const map = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => map.get(id) ?? null);
  });
}

export function createLoaders(db: TenantDb | null, viewer: TenantViewer | null): Loaders {
  const need = () => {
    if (!db || !viewer) throw forbidden('This field needs a signed-in tenant user');
    return { db, viewer };
  };
  return {
    regionById: byId((ids) => regionListByIds({ ...need(), ids })),
  };
}
