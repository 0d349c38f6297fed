// The data-access kernel's writes, used by every module: one row in and one row back, updates by
// id, soft delete and restore, and a unique index's violation answered as CONFLICT. The mechanics
// live here once; a module says only which table, which row and which message.
import { and, eq, isNotNull, isNull, type SQL } from 'drizzle-orm';
import type { AnyPgColumn, PgTable, PgUpdateSetSource } from 'drizzle-orm/pg-core';
import { conflict, notFound, uniqueViolation } from '../errors.js';
import type { Executor } from './database.js';

/** A table whose rows have a uuid `id`. */
export type TableWithId = PgTable & { id: AnyPgColumn };
/** A table whose rows are deleted by setting `deleted_at` (and restored by clearing it). */
export type SoftDeletable = TableWithId & { deletedAt: AnyPgColumn };

type Row<T extends PgTable> = T['$inferSelect'];

/** The one row a statement that returns exactly one (`insert … returning`) gave back. */
export async function single<R>(rows: Promise<R[]>): Promise<R> {
  const [row] = await rows;
  if (row === undefined) throw new Error('A statement that returns one row returned none');
  return row;
}

/** The one row of `rows`, or NOT_FOUND naming `what`. */
export function oneOr404<R>(rows: readonly R[], what: string): R {
  const [row] = rows;
  if (row === undefined) throw notFound(what);
  return row;
}

/** Inserts one row and gives it back. */
export function insertOne<T extends PgTable>(ex: Executor, table: T, values: T['$inferInsert']): Promise<Row<T>> {
  return single(ex.insert(table).values(values).returning() as Promise<Row<T>[]>);
}

/**
 * Updates the row with this id (and `where`, if given) and gives it back; undefined when no row
 * matched, for the caller to say what that means (gone meanwhile, or not in the state it needs).
 */
export async function updateById<T extends TableWithId>(
  ex: Executor,
  table: T,
  id: string,
  set: Partial<T['$inferInsert']>,
  where?: SQL,
): Promise<Row<T> | undefined> {
  const [row] = (await ex
    .update(table)
    .set(set as PgUpdateSetSource<T>)
    .where(and(eq(table.id, id), where))
    .returning()) as Row<T>[];
  return row;
}

/** Updates a row known to exist (read in the same request) and gives it back. */
export async function updateExisting<T extends TableWithId>(
  ex: Executor,
  table: T,
  id: string,
  set: Partial<T['$inferInsert']>,
  what: string,
): Promise<Row<T>> {
  const row = await updateById(ex, table, id, set);
  if (!row) throw notFound(what);
  return row;
}

/** The live (not deleted) row with this id, or NOT_FOUND naming `what`. */
export async function liveById<T extends SoftDeletable>(ex: Executor, table: T, id: string, what: string): Promise<Row<T>> {
  const rows = (await ex
    .select()
    .from(table as PgTable)
    .where(and(eq(table.id, id), isNull(table.deletedAt)))) as Row<T>[];
  return oneOr404(rows, what);
}

/** Sets or clears `deleted_at` (with `extra`, the audit column) on a row that is not yet in that state. */
function setDeleted<T extends SoftDeletable>(
  ex: Executor,
  table: T,
  id: string,
  deleted: boolean,
  extra: Partial<T['$inferInsert']>,
) {
  const set = { ...extra, deletedAt: deleted ? new Date() : null } as Partial<T['$inferInsert']>;
  return updateById(ex, table, id, set, deleted ? isNull(table.deletedAt) : isNotNull(table.deletedAt));
}

/** Soft delete of a live row; undefined when it was deleted meanwhile. */
export const softDelete = <T extends SoftDeletable>(ex: Executor, table: T, id: string, extra: Partial<T['$inferInsert']> = {}) =>
  setDeleted(ex, table, id, true, extra);

/** Restore of a deleted row; undefined when it was restored meanwhile. */
export const restore = <T extends SoftDeletable>(ex: Executor, table: T, id: string, extra: Partial<T['$inferInsert']> = {}) =>
  setDeleted(ex, table, id, false, extra);

/** What a unique index's violation means to the caller: the message and the input field at fault. */
export interface Clash {
  message: string;
  path?: string;
}

/**
 * Runs a write that a unique index guards; its violation becomes CONFLICT. `clash` is one answer
 * for every index of the write, or a function of the violated constraint's name.
 */
export async function guardUnique<R>(write: () => Promise<R>, clash: Clash | ((constraint: string) => Clash)): Promise<R> {
  try {
    return await write();
  } catch (err) {
    const hit = uniqueViolation(err);
    if (!hit) throw err;
    const { message, path } = typeof clash === 'function' ? clash(hit.constraint) : clash;
    throw conflict(message, path);
  }
}
