// Counts of the live (not soft-deleted) rows that name another row: what refuses a delete while
// something still uses the row, and what a count field shows for each parent of a loader's batch.
import { and, count, eq, inArray, isNull } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Executor } from './database.js';

/** A table whose rows are deleted by setting `deleted_at`. */
type LiveTable = PgTable & { deletedAt: AnyPgColumn };

/** How many live rows of `table` have `column` = `value` (inside a write: `ex` is its transaction). */
export async function liveCount(ex: Executor, table: LiveTable, column: AnyPgColumn, value: string): Promise<number> {
  const [row] = await ex
    .select({ n: count() })
    .from(table as PgTable)
    .where(and(eq(column, value), isNull(table.deletedAt)));
  return row?.n ?? 0;
}

/** How many live rows of `table` have each of `values` in `column`; a value no row has is absent. */
export async function liveCountsBy(
  ex: Executor,
  table: LiveTable,
  column: AnyPgColumn,
  values: readonly string[],
): Promise<Map<string, number>> {
  const rows = await ex
    .select({ key: column, n: count() })
    .from(table as PgTable)
    .where(and(inArray(column, [...values]), isNull(table.deletedAt)))
    .groupBy(column);
  return new Map(rows.map((r) => [r.key as string, r.n]));
}
