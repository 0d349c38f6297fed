// Reads by id under a caller's predicate (the viewer's scope, ownership, liveness): one row or
// NOT_FOUND, and rows by ids for loaders. A module says only the table, the predicate and the name.
import { and, eq, inArray, type SQL } from 'drizzle-orm';
import type { PgTable, SelectedFields } from 'drizzle-orm/pg-core';
import type { Executor } from './database.js';
import { oneOr404, type TableWithId } from './rows.js';

type Row<T extends PgTable> = T['$inferSelect'];

/**
 * The row with this id that `where` (if given) lets through, or NOT_FOUND naming `what`, as for
 * one that does not exist; `columns` reads fewer than the table's.
 */
export async function rowWhere<T extends TableWithId, R = Row<T>>(
  ex: Executor,
  table: T,
  id: string,
  where: SQL | undefined,
  what: string,
  columns?: SelectedFields,
): Promise<R> {
  const from = columns ? ex.select(columns) : ex.select();
  const rows = (await from.from(table as PgTable).where(and(eq(table.id, id), where))) as R[];
  return oneOr404(rows, what);
}

/** The rows with these ids that `where` lets through (none asked, none read). */
export async function rowsWhere<T extends TableWithId>(
  ex: Executor,
  table: T,
  ids: readonly string[],
  where: SQL | undefined,
): Promise<Row<T>[]> {
  if (!ids.length) return [];
  return (await ex
    .select()
    .from(table as PgTable)
    .where(and(inArray(table.id, [...ids]), where))) as Row<T>[];
}
