// Building blocks for the per-request DataLoaders each module defines in its loaders.ts.
import DataLoader from 'dataloader';
import type { TenantViewer } from '../auth/viewer.js';
import type { TenantDb } from '../db/tenant-db.js';

/** The request's tenant handle and viewer; throws FORBIDDEN outside a signed-in tenant request. */
export type Scoped = () => { db: TenantDb; viewer: TenantViewer };

/** One row per key, or null where the scoped batch did not return it. */
export function byId<T extends { id: string }>(fetch: (ids: readonly string[]) => Promise<T[]>): DataLoader<string, T | null> {
  return byField(fetch, (r) => r.id);
}

/** One row per key, matched on `keyOf(row)`, or null. */
export function byField<T>(
  fetch: (ids: readonly string[]) => Promise<T[]>,
  keyOf: (row: T) => string,
): DataLoader<string, T | null> {
  return new DataLoader<string, T | null>(async (ids) => {
    const rows = await fetch(ids);
    const map = new Map(rows.map((r) => [keyOf(r), r]));
    return ids.map((id) => map.get(id) ?? null);
  });
}

/** A value per key from a batch that returns a map (lists, counts), with a default for keys it lacks. */
export function byKey<V>(fetch: (ids: readonly string[]) => Promise<Map<string, V>>, empty: () => V): DataLoader<string, V> {
  return new DataLoader<string, V>(async (ids) => {
    const map = await fetch(ids);
    return ids.map((id) => map.get(id) ?? empty());
  });
}

/** Groups rows (or `value` of each) by key, for the batch functions of list loaders. */
export function groupBy<R>(rows: readonly R[], key: (r: R) => string): Map<string, R[]>;
export function groupBy<R, V>(rows: readonly R[], key: (r: R) => string, value: (r: R) => V): Map<string, V[]>;
export function groupBy<R, V>(
  rows: readonly R[],
  key: (r: R) => string,
  value: (r: R) => V | R = (r) => r,
): Map<string, (V | R)[]> {
  const map = new Map<string, (V | R)[]>();
  for (const row of rows) {
    const k = key(row);
    const list = map.get(k);
    if (list) list.push(value(row));
    else map.set(k, [value(row)]);
  }
  return map;
}

/** Loads many keys and keeps the rows that exist (and are in scope). */
export async function loadPresent<T>(loader: DataLoader<string, T | null>, ids: readonly string[]): Promise<T[]> {
  const rows = await loader.loadMany(ids);
  return rows.filter((r): r is T => r !== null && !(r instanceof Error));
}
