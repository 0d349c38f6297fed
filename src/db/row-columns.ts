// Which columns of a table a query reads, from the fields it selects on the GraphQL type backed by
// that table: lets a list statement read (and the driver and drizzle map) only those, instead of
// the whole row, so a page of 25 clients showing five fields costs five columns per row, not 40.
//
// A field of the type reads the column of its name, unless the type declares it `computed` (a
// field resolver that reads other columns: a full name, a relation by its foreign key). A selected
// field that is neither is unknown, and the whole row is read: a new field resolver can only cost
// speed, never a wrong value. test/unit/row-columns.test.ts checks that every field resolver of
// each such type is declared.
import { getTableColumns } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';

export interface RowFields<T extends PgTable = PgTable> {
  /** The GraphQL type whose fields are read from rows of `table`. */
  readonly typeName: string;
  readonly table: T;
  /** The columns each field resolver of the type reads. */
  readonly computed: Readonly<Record<string, readonly (keyof T['_']['columns'] & string)[]>>;
  /** Columns read whatever is selected (the key, what the statement's own code reads). */
  readonly always: readonly (keyof T['_']['columns'] & string)[];
  /** Columns never read (a password hash): never in a selection, nor in the whole row. */
  readonly hidden?: readonly (keyof T['_']['columns'] & string)[];
}

const columnsOfShape = new WeakMap<RowFields, Record<string, PgColumn>>();

/** Every column of the table a selection may read: the whole row, without the hidden ones. */
export function rowColumns(shape: RowFields): Record<string, PgColumn> {
  let columns = columnsOfShape.get(shape);
  if (!columns) {
    const all = getTableColumns(shape.table) as Record<string, PgColumn>;
    const hidden = new Set<string>(shape.hidden ?? []);
    columns = Object.fromEntries(Object.entries(all).filter(([key]) => !hidden.has(key)));
    columnsOfShape.set(shape, columns);
  }
  return columns;
}

/** The columns to read: sorted keys, or 'all' when a selected field is not known to `shape`. */
export type ColumnChoice = readonly string[] | 'all';

/** The column keys the selected `fields` read, sorted; 'all' when one of them is unknown. */
export function columnsRead(shape: RowFields, fields: Iterable<string>): ColumnChoice {
  const columns = rowColumns(shape);
  const out = new Set<string>(shape.always);
  for (const field of fields) {
    if (field === '__typename') continue;
    const reads = shape.computed[field];
    if (reads) for (const c of reads) out.add(c);
    else if (Object.hasOwn(columns, field)) out.add(field);
    else return 'all';
  }
  return [...out].sort();
}

/** The drizzle selection of a choice. */
export function selectColumns(shape: RowFields, choice: ColumnChoice): Record<string, PgColumn> {
  const columns = rowColumns(shape);
  if (choice === 'all') return columns;
  return Object.fromEntries(choice.map((key) => [key, columns[key]!]));
}

/** A choice as part of a statement's shape key. */
export const choiceKey = (choice: ColumnChoice | undefined): string =>
  choice === undefined ? '-' : choice === 'all' ? '*' : choice.join(',');
