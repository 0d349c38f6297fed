// Shared pieces of the education module's selectors and services: argument shapes and the error
// translations every entity uses alike (pages and row writes come from src/db's kernel).
import type { TenantViewer } from '../../auth/viewer.js';
import type { TenantDb } from '../../db/tenant-db.js';
import { AppError, badInput } from '../../errors.js';
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

/** An id argument, BAD_USER_INPUT unless it is a uuid. */
export const parseId = (id: unknown, path = 'id'): string => parseInput(uuid, id, path);

export { oneOr404 } from '../../db/rows.js';

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
