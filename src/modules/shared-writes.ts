// What writes across modules share: the audit columns, and a tracked entity's write with its events
// (ARCHITECTURE §3), the row going in or changing and the outbox recording it in the same transaction.
import type { TenantViewer } from '../auth/viewer.js';
import type { Executor } from '../db/database.js';
import { insertOne, updateExisting, type TableWithId } from '../db/rows.js';
import type { TenantDb } from '../db/tenant-db.js';
import type { EntityRows, EntityType } from '../events/config.js';
import { recordEvents } from '../events/outbox.js';

/** The audit columns of an insert: the viewer creates the row and is its last editor. */
export const created = (viewer: TenantViewer) => ({ createdById: viewer.id, updatedById: viewer.id });
/** The audit column of an update. */
export const updated = (viewer: TenantViewer) => ({ updatedById: viewer.id });

/** The fields among `keys` that a parsed patch gives; an undefined one stays as it is (not in the result). */
export function givenFields<P extends object, K extends keyof P>(patch: P, keys: readonly K[]): Partial<Pick<P, K>> {
  const set: Partial<Pick<P, K>> = {};
  for (const key of keys) if (patch[key] !== undefined) set[key] = patch[key];
  return set;
}

/** The table of a tracked entity: its rows are what the outbox snapshots. */
type EntityTable<E extends EntityType> = TableWithId & { $inferSelect: EntityRows[E] & { id: string } };

/** Inserts the viewer's new row of `entity` and records its CREATE. */
export async function insertRecorded<E extends EntityType, T extends EntityTable<E>>(
  tx: Executor,
  db: TenantDb,
  viewer: TenantViewer,
  entity: E,
  table: T,
  values: T['$inferInsert'],
): Promise<T['$inferSelect']> {
  const row = await insertOne(tx, table, values);
  await recordEvents(tx, db, { entity, id: row.id, before: null, after: row, actorId: viewer.id });
  return row;
}

/** Changes a loaded row of `entity` (NOT_FOUND naming `what` when it went meanwhile) and records the change. */
export async function updateRecorded<E extends EntityType, T extends EntityTable<E>>(
  tx: Executor,
  db: TenantDb,
  viewer: TenantViewer,
  entity: E,
  table: T,
  before: T['$inferSelect'],
  set: Partial<T['$inferInsert']>,
  what: string,
): Promise<T['$inferSelect']> {
  const row = await updateExisting(tx, table, before.id, set, what);
  await recordEvents(tx, db, { entity, id: before.id, before, after: row, actorId: viewer.id });
  return row;
}
