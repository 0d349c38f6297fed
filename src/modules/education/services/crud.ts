// The writes of the CRUD that institutes, their parts, the course catalogue and application types
// share (their reads: selectors/crud.ts): an entity's service file builds create, update, soft
// delete and restore on the entity's reads (entityWrites).
import { eq } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { z } from 'zod';
import type { Action } from '../../../access/actions.js';
import { assertCan } from '../../../access/can.js';
import type { TenantViewer } from '../../../auth/viewer.js';
import { guardUnique, insertOne, restore, softDelete, updateExisting, type Clash } from '../../../db/rows.js';
import type { TenantTables } from '../../../db/tables/tenant.js';
import { inTransaction, type Executor, type TenantArgs, type TenantDb } from '../../../db/tenant-db.js';
import { parseInput } from '../../shared-validation.js';
import { created, updated } from '../../shared-writes.js';
import type { EntityReads, EntityRow as Row, EntityTable, TargetArgs } from '../selectors/crud.js';

/** A new row's input. */
export interface InputArgs extends TenantArgs {
  input: unknown;
}

/** A change to one row. */
export interface PatchArgs extends TargetArgs {
  input: unknown;
}

// The arguments of the functions the factory below makes, one type per function: an entity's
// service file exports the function under its own name (`courseLevelCreate`), with these.
export type EntityCreateArgs = InputArgs;
export type EntityUpdateArgs = PatchArgs;
export type EntityDeleteArgs = TargetArgs;
export type EntityRestoreArgs = TargetArgs;

/** Whether a patch changes anything at all (omitted fields are undefined). */
export const isEmptyPatch = (patch: Record<string, unknown>) => Object.values(patch).every((v) => v === undefined);

export { created, updated } from '../../shared-writes.js';

export interface EntityWriteSpec<T extends EntityTable, C extends z.ZodType, U extends z.ZodType> {
  /** The input rules of a new row and of a change. */
  validation: { create: C; update: U };
  /** What a violation of the table's unique index means (CONFLICT); without it, none is expected. */
  clash?: Clash;
  /** Checks of a new row's values, before the write. */
  beforeCreate?: (args: TenantArgs, values: z.output<C>) => Promise<void>;
  /** Checks of a new row's values inside the write's transaction. */
  createInTx?: (tx: Executor, args: TenantArgs, values: z.output<C>) => Promise<void>;
  /** Checks of a change inside the write's transaction. */
  updateInTx?: (tx: Executor, args: TenantArgs, current: Row<T>, patch: z.output<U>) => Promise<void>;
  /** Why a live row cannot be deleted, checked with the row locked FOR UPDATE. */
  deleteGuard?: (tx: Executor, args: TenantArgs, current: Row<T>) => Promise<void>;
}

/** Runs `write` on the handle, or in one transaction after `check` when there is one. */
function run<R>(db: TenantDb, check: ((tx: Executor) => Promise<void>) | undefined, write: (ex: Executor) => Promise<R>) {
  return check
    ? inTransaction(db.orm, async (tx) => {
        await check(tx);
        return write(tx);
      })
    : write(db.orm);
}

export interface SoftDeleteSpec<T extends EntityTable> {
  table: (t: TenantTables) => T;
  /** The row as the viewer may see it; deleted ones too with `includeDeleted`. */
  get: (args: TargetArgs & { includeDeleted: boolean }) => Promise<Row<T>>;
  /** Who may delete (and so restore) rows. */
  action: Action;
  /** Why a live row cannot be deleted, checked with the row locked FOR UPDATE. */
  guard?: (tx: Executor, args: TenantArgs, current: Row<T>) => Promise<void>;
}

/**
 * Soft delete of a live row and restore of a deleted one (restoring a live row is a no-op); a row
 * deleted or restored meanwhile is answered as it now is.
 */
export function softDeletes<T extends EntityTable>({ table, get, action, guard }: SoftDeleteSpec<T>) {
  const audit = (viewer: TenantViewer) => updated(viewer) as Partial<T['$inferInsert']>;
  return {
    async delete({ db, viewer, id }: EntityDeleteArgs): Promise<Row<T>> {
      const current = await get({ db, viewer, id, includeDeleted: false });
      assertCan(viewer, action);
      const t = table(db.t);
      const check =
        guard &&
        (async (tx: Executor) => {
          await tx
            .select({ id: t.id })
            .from(t as PgTable)
            .where(eq(t.id, current.id))
            .for('update');
          await guard(tx, { db, viewer }, current);
        });
      const row = await run(db, check, (ex) => softDelete(ex, t, current.id, audit(viewer)));
      return (row as Row<T> | undefined) ?? get({ db, viewer, id: current.id, includeDeleted: true });
    },

    async restore({ db, viewer, id }: EntityRestoreArgs): Promise<Row<T>> {
      const current = await get({ db, viewer, id, includeDeleted: true });
      assertCan(viewer, action);
      if (!current.deletedAt) return current;
      const row = await restore(db.orm, table(db.t), current.id, audit(viewer));
      return (row as Row<T> | undefined) ?? get({ db, viewer, id: current.id, includeDeleted: true });
    },
  };
}

/** The writes of one soft-deletable entity on its reads: create, update, soft delete and restore. */
export function entityWrites<T extends EntityTable, C extends z.ZodType, U extends z.ZodType>(
  reads: EntityReads<T>,
  w: EntityWriteSpec<T, C, U>,
) {
  const { table, label, actions } = reads.spec;
  const guarded = <R>(write: () => Promise<R>): Promise<R> => (w.clash ? guardUnique(write, w.clash) : write());
  return {
    async create({ db, viewer, input }: EntityCreateArgs): Promise<Row<T>> {
      assertCan(viewer, actions.write);
      const values = parseInput(w.validation.create, input);
      await w.beforeCreate?.({ db, viewer }, values);
      const row = { ...(values as object), ...created(viewer) } as T['$inferInsert'];
      const check = w.createInTx && ((tx: Executor) => w.createInTx!(tx, { db, viewer }, values));
      return guarded(() => run(db, check, (ex) => insertOne(ex, table(db.t), row) as Promise<Row<T>>));
    },

    async update({ db, viewer, id, input }: EntityUpdateArgs): Promise<Row<T>> {
      const current = await reads.live({ db, viewer, id });
      assertCan(viewer, actions.write);
      const patch = parseInput(w.validation.update, input) as z.output<U> & Record<string, unknown>;
      if (isEmptyPatch(patch)) return current;
      const set = { ...patch, ...updated(viewer) } as Partial<T['$inferInsert']>;
      const check = w.updateInTx && ((tx: Executor) => w.updateInTx!(tx, { db, viewer }, current, patch));
      return guarded(() => run(db, check, (ex) => updateExisting(ex, table(db.t), current.id, set, label) as Promise<Row<T>>));
    },

    ...softDeletes({ table, get: reads.get, action: actions.delete, guard: w.deleteGuard }),
  };
}
