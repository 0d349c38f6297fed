// The CRUD that institutes, their parts, the course catalogue and application types share, written
// once over the src/db kernel: an entity's selector file builds its reads (entityReads), its
// service file the writes on them (entityWrites), so reads stay selectors and writes services.
import { and, eq, ilike, inArray, isNull, type SQL } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { z } from 'zod';
import type { Action } from '../../access/actions.js';
import { assertCan, can } from '../../access/can.js';
import type { TenantViewer } from '../../auth/viewer.js';
import { containsPattern, type Connection, keysetList } from '../../db/paging.js';
import {
  guardUnique,
  insertOne,
  oneOr404,
  restore,
  softDelete,
  updateExisting,
  type Clash,
  type SoftDeletable,
} from '../../db/rows.js';
import { rowsWhere } from '../../db/scoped-rows.js';
import type { TenantTables } from '../../db/tables/tenant.js';
import { inTransaction, type Executor, type TenantArgs, type TenantDb } from '../../db/tenant-db.js';
import { badInput, forbidden } from '../../errors.js';
import { groupBy } from '../../graphql/loader-kit.js';
import type { IdsArgs as IdsShape, PageArgs as PageShape } from '../shared-args.js';
import { parseInput, uuid } from '../shared-validation.js';
import { created, updated } from '../shared-writes.js';

/** One keyset page. */
export interface PageArgs extends TenantArgs, PageShape {}

/** One row named by the caller. */
export interface TargetArgs extends TenantArgs {
  id: string;
}

/** The rows behind one DataLoader batch. */
export interface IdsArgs extends TenantArgs, IdsShape {}

/** A new row's input. */
export interface InputArgs extends TenantArgs {
  input: unknown;
}

/** A change to one row. */
export interface PatchArgs extends TargetArgs {
  input: unknown;
}

// The arguments of the functions the factories below make, one type per function: an entity's
// selector or service exports the function under its own name (`courseLevelCreate`), with these.
export type EntityListByIdsArgs = IdsArgs;
export type EntityListByParentIdsArgs = IdsArgs;
export type EntityCreateArgs = InputArgs;
export type EntityUpdateArgs = PatchArgs;
export type EntityDeleteArgs = TargetArgs;
export type EntityRestoreArgs = TargetArgs;

/** An id argument, BAD_USER_INPUT unless it is a uuid. */
export const parseId = (id: unknown, path = 'id'): string => parseInput(uuid, id, path);

/** Whether a patch changes anything at all (omitted fields are undefined). */
export const isEmptyPatch = (patch: Record<string, unknown>) => Object.values(patch).every((v) => v === undefined);

export { created, updated } from '../shared-writes.js';

/** A list's search: rows whose `column` contains `text` (case-insensitively); none given, every row. */
export const contains = (column: AnyPgColumn, text: string | null | undefined): SQL | undefined =>
  text ? ilike(column, containsPattern(text)) : undefined;

/** A soft-deletable education table with the audit columns. */
export type EntityTable = SoftDeletable & { createdById: AnyPgColumn; updatedById: AnyPgColumn };
type Row<T extends EntityTable> = T['$inferSelect'] & { id: string; deletedAt: Date | null };

export interface EntityReadSpec<T extends EntityTable> {
  table: (t: TenantTables) => T;
  /**
   * What NOT_FOUND names ('Course level'); lower-cased, what a bad reference is not ('is not a live
   * course level') and, with an s, who may see deleted ones ('Only those who may delete course levels').
   */
  label: string;
  /** Who may write rows, and who may delete (and so restore, and see deleted) ones. */
  actions: { write: Action; delete: Action };
  /** The list's order, every column ascending, the last one unique. */
  order?: (t: T) => AnyPgColumn[];
  /** What else a live row needs besides no deleted_at (a course: a live institute). */
  alsoLive?: (db: TenantDb, t: T) => SQL;
  /** The parent the live rows are listed under in a batch (its column), and their order there. */
  children?: { parent: (t: T) => AnyPgColumn; key: (row: Row<T>) => string; order: (t: T) => SQL[] };
}

export interface EntityListArgs<T extends EntityTable> extends PageArgs {
  where?: (t: T) => SQL | undefined;
  /** Deleted rows too: FORBIDDEN for those who may not delete them. */
  includeDeleted?: boolean | null;
}

export type EntityListByArgs = PageArgs & { filter?: unknown };

export interface EntityGetArgs extends TargetArgs {
  /** Deleted rows too; by default for those who may delete (and so restore) them. */
  includeDeleted?: boolean;
  /** Where a malformed id is reported. */
  path?: string;
  /** Inside a write's transaction, and there optionally locked FOR UPDATE. */
  ex?: Executor;
  lock?: boolean;
}

export interface EntityReferenceArgs extends TargetArgs {
  /** The input field that names the row. */
  path: string;
  /** Inside a write's transaction: the row held FOR SHARE, so it stays live until the write commits. */
  ex?: Executor;
  share?: boolean;
}

/** The reads of one soft-deletable entity. */
export function entityReads<T extends EntityTable>(spec: EntityReadSpec<T>) {
  const live = (db: TenantDb, t: T): SQL => and(isNull(t.deletedAt), spec.alsoLive?.(db, t))!;
  const get = async ({
    db,
    viewer,
    id,
    includeDeleted = can(viewer, spec.actions.delete),
    path = 'id',
    ex = db.orm,
    lock = false,
  }: EntityGetArgs): Promise<Row<T>> => {
    const t = spec.table(db.t);
    const q = ex
      .select()
      .from(t as PgTable)
      .where(and(eq(t.id, parseId(id, path)), includeDeleted ? undefined : live(db, t)));
    return oneOr404((await (lock ? q.for('update') : q)) as Row<T>[], spec.label);
  };
  /** One keyset page in the entity's order of live rows (all, with includeDeleted) narrowed by `where`. */
  const list = async ({ db, viewer, first, after, where, includeDeleted }: EntityListArgs<T>): Promise<Connection<Row<T>>> => {
    if (includeDeleted && !can(viewer, spec.actions.delete)) {
      throw forbidden(`Only those who may delete ${spec.label.toLowerCase()}s see deleted ones`);
    }
    const t = spec.table(db.t);
    const order = spec.order?.(t) ?? [t.id];
    return keysetList({
      orm: db.orm,
      table: t,
      where: and(includeDeleted ? undefined : live(db, t), where?.(t)),
      order,
      first,
      after,
    });
  };
  return {
    spec,
    list,
    /**
     * A list whose `filter` argument `schema` parses (BAD_USER_INPUT under `filter`) and `where`
     * turns into SQL; a filter's includeDeleted shows deleted rows too.
     */
    listBy:
      <S extends z.ZodType>(schema: S, where: (t: T, f: z.output<S>) => SQL | undefined) =>
      ({ filter, ...page }: EntityListByArgs): Promise<Connection<Row<T>>> => {
        const f = parseInput(schema, filter ?? {}, 'filter');
        const includeDeleted = (f as { includeDeleted?: boolean | null }).includeDeleted;
        return list({ ...page, includeDeleted, where: (t) => where(t, f) });
      },
    get,
    /** The live row; NOT_FOUND otherwise. */
    live: (args: EntityGetArgs): Promise<Row<T>> => get({ ...args, includeDeleted: false }),
    /** Rows by id, deleted ones included: what names them keeps showing them. */
    async listByIds({ db, ids }: EntityListByIdsArgs): Promise<Row<T>[]> {
      return (await rowsWhere(db.orm, spec.table(db.t), ids, undefined)) as Row<T>[];
    },
    /** The live rows under each parent, in the children's order. */
    async listByParentIds({ db, ids }: EntityListByParentIdsArgs): Promise<Map<string, Row<T>[]>> {
      const t = spec.table(db.t);
      const { parent, key, order } = spec.children!;
      const rows = (await db.orm
        .select()
        .from(t as PgTable)
        .where(and(inArray(parent(t), [...ids]), isNull(t.deletedAt)))
        .orderBy(...order(t))) as Row<T>[];
      return groupBy(rows, key, (r) => r);
    },
    /** A row an input names: BAD_USER_INPUT at `path` unless it is live. */
    async reference({ db, id, path, ex = db.orm, share = false }: EntityReferenceArgs): Promise<void> {
      const t = spec.table(db.t);
      const q = ex
        .select({ id: t.id })
        .from(t as PgTable)
        .where(and(eq(t.id, id), isNull(t.deletedAt)));
      const [row] = await (share ? q.for('share') : q);
      if (!row) throw badInput([{ path, message: `is not a live ${spec.label.toLowerCase()}` }]);
    },
  };
}

export type EntityReads<T extends EntityTable> = ReturnType<typeof entityReads<T>>;

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
