// Shared pieces of the education module's selectors and services: argument shapes, keyset pages
// and the error translations every entity uses alike.
import type { AnyColumn, SQL } from 'drizzle-orm';
import type { TenantViewer } from '../../auth/viewer.js';
import { cursorParts, decodeCursor, keysetAfter, pageSize, toConnection, type Connection } from '../../db/paging.js';
import type { TenantDb } from '../../db/tenant-db.js';
import { AppError, badInput, conflict, notFound, uniqueViolation } from '../../errors.js';
import { parseInput, uuid } from '../shared-validation.js';

export interface EduArgs {
  db: TenantDb;
  viewer: TenantViewer;
}

export interface EduListArgs extends EduArgs {
  first?: number | null;
  after?: string | null;
}

export interface EduTargetArgs extends EduArgs {
  id: string;
}

export interface EduWriteArgs extends EduArgs {
  input: unknown;
}

export interface EduIdsArgs extends EduArgs {
  ids: readonly string[];
}

/**
 * One keyset page: `fetch` gets the cursor predicate and the row limit (one more than the page, to
 * know whether another page follows); `keys` are the order's columns, the last one the id.
 */
export async function keysetPage<T>({
  first,
  after,
  keys,
  keyOf,
  direction = 'asc',
  fetch,
  count,
}: {
  first?: number | null;
  after?: string | null;
  keys: readonly (AnyColumn | SQL)[];
  keyOf: (row: T) => string[];
  direction?: 'asc' | 'desc';
  fetch: (afterCursor: SQL | undefined, limit: number) => Promise<T[]>;
  count: () => Promise<number>;
}): Promise<Connection<T>> {
  const limit = pageSize(first);
  const rows = await fetch(keysetAfter(keys, decodeCursor(after, cursorParts(keys)), direction), limit + 1);
  return toConnection(rows, limit, keyOf, count);
}

/** An id argument, BAD_USER_INPUT unless it is a uuid. */
export const parseId = (id: unknown, path = 'id'): string => parseInput(uuid, id, path);

/** The one row of `rows`, or NOT_FOUND naming `what`. */
export function oneOr404<T>(rows: T[], what: string): T {
  const [row] = rows;
  if (!row) throw notFound(what);
  return row;
}

/** Runs a write whose unique index guards a name; a clash becomes CONFLICT on `path`. */
export async function guardName<T>(write: () => Promise<T>, message: string, path = 'input.name'): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (uniqueViolation(err)) throw conflict(message, path);
    throw err;
  }
}

/** The audit columns of an insert. */
export const created = (viewer: TenantViewer) => ({ createdById: viewer.id, updatedById: viewer.id });
/** The audit column of an update. */
export const updated = (viewer: TenantViewer) => ({ updatedById: viewer.id });

/** Whether a patch changes anything at all (omitted fields are undefined). */
export const isEmptyPatch = (patch: Record<string, unknown>) => Object.values(patch).every((v) => v === undefined);

/** An id named in an input that resolves to nothing is the input's fault: BAD_USER_INPUT at `path`. */
export async function inputRef<T>(path: string, what: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (err) {
    if (err instanceof AppError && err.code === 'NOT_FOUND') throw badInput([{ path, message: `is not a live ${what}` }]);
    throw err;
  }
}
