// Keyset pagination behind every connection: `first` defaults to 25 and is capped at 100; cursors
// are opaque (base64url of the sort key); totalCount is counted only when a client asks for it.
import { and, asc, count, desc, getTableColumns, sql, type AnyColumn, type Placeholder, type SQL } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Executor } from './database.js';
import { badInput } from '../errors.js';

export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 100;

/** What a client asks of a list: up to `first` rows (pageSize) after the cursor `after`. */
export interface PageRequest {
  first?: number | null;
  after?: string | null;
}

export interface Connection<T> {
  nodes: T[];
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  /** A function so the default field resolver runs it only when totalCount is selected. */
  totalCount: () => Promise<number>;
}

export function pageSize(first: number | null | undefined): number {
  if (first === null || first === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0) throw badInput([{ path: 'first', message: 'must be a whole number from 0 to 100' }]);
  return Math.min(first, MAX_PAGE_SIZE);
}

export function encodeCursor(key: readonly string[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/**
 * What each part of a cursor must parse as: a timestamp as the database writes it (`col::text`),
 * a uuid, or text. A forged part that PostgreSQL cannot cast would otherwise fail the query (500).
 */
export type CursorPart = 'timestamp' | 'uuid' | 'text';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?(Z|[+-]\d{2}(:?\d{2}){0,2})?$/;

function isTimestamp(text: string): boolean {
  const m = TIMESTAMP.exec(text);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  // The calendar date must exist (2025-02-30 is refused by PostgreSQL too).
  const date = new Date(Date.UTC(year, month - 1, day));
  return year >= 1 && date.getUTCMonth() === month - 1 && date.getUTCDate() === day && hour < 24 && minute < 60 && second < 60;
}

const PART_OK: Record<CursorPart, (part: string) => boolean> = {
  timestamp: isTimestamp,
  uuid: (part) => UUID.test(part),
  // PostgreSQL text cannot hold NUL.
  text: (part) => !part.includes('\u0000'),
};

/** The part kinds of an order's columns, read from their SQL types (for lists built generically). */
export function cursorParts(columns: readonly (AnyColumn | SQL)[]): CursorPart[] {
  return columns.map((col) => {
    const type = 'getSQLType' in col ? col.getSQLType() : 'text';
    return type === 'uuid' ? 'uuid' : type.startsWith('timestamp') ? 'timestamp' : 'text';
  });
}

/** Decodes a cursor made by encodeCursor with these parts; BAD_USER_INPUT on `after` for anything else. */
export function decodeCursor(cursor: string | null | undefined, parts: readonly CursorPart[]): string[] | null {
  if (cursor === null || cursor === undefined) return null;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(key) && key.length === parts.length && key.every((k, i) => typeof k === 'string' && PART_OK[parts[i]!](k)))
      return key as string[];
  } catch {
    /* fall through */
  }
  throw badInput([{ path: 'after', message: 'is not a valid cursor' }]);
}

/** Builds a connection from up to `limit + 1` fetched rows. */
export function toConnection<T>(
  rows: T[],
  limit: number,
  keyOf: (row: T, index: number) => string[],
  count: () => Promise<number>,
): Connection<T> {
  const nodes = rows.slice(0, limit);
  // Cursors are encoded only when the query reads them (edges or endCursor): a list of nodes alone
  // costs none. Getters, so a caller must not spread the connection before it is resolved.
  let edges: Connection<T>['edges'] | undefined;
  const edgesOf = () => (edges ??= nodes.map((node, i) => ({ cursor: encodeCursor(keyOf(node, i)), node })));
  let counted: Promise<number> | undefined;
  return {
    nodes,
    get edges() {
      return edgesOf();
    },
    pageInfo: {
      hasNextPage: rows.length > limit,
      get endCursor() {
        return edgesOf().at(-1)?.cursor ?? null;
      },
    },
    totalCount: () => (counted ??= count()),
  };
}

/**
 * `(c1, c2, …) > (k1, k2, …)` (or `<` for a descending order): the rows after a cursor, for an
 * order in which every column runs the same direction. Timestamps in a cursor must be taken as
 * text from the database (`col::text`): a JS Date would drop the microseconds and skip rows.
 */
export function keysetAfter(
  columns: readonly (AnyColumn | SQL)[],
  /** The cursor's key, or placeholders for it in a statement compiled once. */
  cursor: readonly (string | Placeholder)[] | null,
  direction: 'asc' | 'desc' = 'asc',
): SQL | undefined {
  if (!cursor) return undefined;
  return sql`(${sql.join([...columns], sql`, `)}) ${sql.raw(direction === 'asc' ? '>' : '<')} (${sql.join(
    cursor.map((k) => sql`${k}`),
    sql`, `,
  )})`;
}

/** An ILIKE pattern matching `text` anywhere, with LIKE's wildcards in `text` taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * One keyset page of a list the caller fetches itself (joins, computed columns): `fetch` gets the
 * cursor predicate and the row limit (one more than the page, to know whether another follows);
 * `keys` are the order's columns, the last one unique.
 */
export async function keysetPage<T>({
  page,
  keys,
  keyOf,
  direction = 'asc',
  fetch,
  count: countRows,
}: {
  page: PageRequest;
  keys: readonly (AnyColumn | SQL)[];
  keyOf: (row: T) => string[];
  direction?: 'asc' | 'desc';
  fetch: (afterCursor: SQL | undefined, limit: number) => Promise<T[]>;
  count: () => Promise<number>;
}): Promise<Connection<T>> {
  const limit = pageSize(page.first);
  const rows = await fetch(keysetAfter(keys, decodeCursor(page.after, cursorParts(keys)), direction), limit + 1);
  return toConnection(rows, limit, keyOf, countRows);
}

export interface KeysetListArgs<T extends PgTable> {
  /** The tenant's (or the platform's) handle. */
  orm: Executor;
  table: T;
  /** What the list holds (scope and filters); the count uses it too. */
  where?: SQL;
  /** The order's columns, every one in `direction`, the last one unique (the id). */
  order: readonly AnyPgColumn[];
  direction?: 'asc' | 'desc';
  /** The columns to read (the table's by default). */
  columns?: Record<string, AnyPgColumn | SQL>;
  /** The page asked for (a list selector's own arguments carry it). */
  page: PageRequest;
}

/**
 * The keyset page of one table's rows: the cursor holds the order's columns as the database's
 * text (a JS Date would drop a timestamp's microseconds and skip rows), read beside the row.
 */
export async function keysetList<T extends PgTable, R = T['$inferSelect']>({
  orm,
  table,
  where,
  order,
  direction = 'asc',
  columns,
  page,
}: KeysetListArgs<T>): Promise<Connection<R>> {
  const limit = pageSize(page.first);
  const keyText: Record<string, SQL<string>> = {};
  order.forEach((column, i) => (keyText[`k${i}`] = sql<string>`${column}::text`));
  const by = direction === 'asc' ? asc : desc;
  const rows = (await orm
    .select({ row: columns ?? getTableColumns(table), ...keyText })
    .from(table as PgTable)
    .where(and(where, keysetAfter(order, decodeCursor(page.after, cursorParts(order)), direction)))
    .orderBy(...order.map((column) => by(column)))
    .limit(limit + 1)) as ({ row: R } & Record<string, string>)[];
  return toConnection(
    rows.map((r) => r.row),
    limit,
    (_, i) => order.map((_c, k) => rows[i]![`k${k}`]!),
    async () =>
      (
        await orm
          .select({ n: count() })
          .from(table as PgTable)
          .where(where)
      )[0]?.n ?? 0,
  );
}

/** The same page with each node mapped (cursors, page info and count unchanged, edges still lazy). */
export function mapNodes<T, U>(page: Connection<T>, fn: (node: T) => U): Connection<U> {
  const nodes = page.nodes.map(fn);
  let edges: Connection<U>['edges'] | undefined;
  return {
    nodes,
    get edges() {
      return (edges ??= page.edges.map((edge, i) => ({ cursor: edge.cursor, node: nodes[i]! })));
    },
    pageInfo: page.pageInfo,
    totalCount: page.totalCount,
  };
}
