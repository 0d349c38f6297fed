// The reads of the CRUD that institutes, their parts, the course catalogue and application types
// share, written once over the src/db kernel: an entity's selector file builds its reads
// (entityReads), its service file the writes on them (services/crud.ts: entityWrites).
import { and, eq, ilike, inArray, isNull, type SQL } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { z } from 'zod';
import type { Action } from '../../../access/actions.js';
import { can } from '../../../access/can.js';
import { containsPattern, type Connection, keysetList } from '../../../db/paging.js';
import { oneOr404, type SoftDeletable } from '../../../db/rows.js';
import { rowsWhere } from '../../../db/scoped-rows.js';
import type { TenantTables } from '../../../db/tables/tenant.js';
import type { Executor, TenantArgs, TenantDb } from '../../../db/tenant-db.js';
import { badInput, forbidden } from '../../../errors.js';
import { groupBy } from '../../../graphql/loader-kit.js';
import type { IdsArgs as IdsShape, PageArgs as PageShape } from '../../shared-args.js';
import { parseInput, uuid } from '../../shared-validation.js';

/** One keyset page. */
export interface PageArgs extends TenantArgs, PageShape {}

/** One row named by the caller. */
export interface TargetArgs extends TenantArgs {
  id: string;
}

/** The rows behind one DataLoader batch. */
export interface IdsArgs extends TenantArgs, IdsShape {}

// The arguments of the functions the factory below makes, one type per function: an entity's
// selector file exports the function under its own name (`courseLevelListByIds`), with these.
export type EntityListByIdsArgs = IdsArgs;
export type EntityListByParentIdsArgs = IdsArgs;

/** An id argument, BAD_USER_INPUT unless it is a uuid. */
export const parseId = (id: unknown, path = 'id'): string => parseInput(uuid, id, path);

/** A list's search: rows whose `column` contains `text` (case-insensitively); none given, every row. */
export const contains = (column: AnyPgColumn, text: string | null | undefined): SQL | undefined =>
  text ? ilike(column, containsPattern(text)) : undefined;

/** A soft-deletable education table with the audit columns. */
export type EntityTable = SoftDeletable & { createdById: AnyPgColumn; updatedById: AnyPgColumn };
/** A row of such a table, as the reads give it. */
export type EntityRow<T extends EntityTable> = T['$inferSelect'] & { id: string; deletedAt: Date | null };
type Row<T extends EntityTable> = EntityRow<T>;

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
  const list = async (args: EntityListArgs<T>): Promise<Connection<Row<T>>> => {
    const { db, viewer, where, includeDeleted } = args;
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
      page: args,
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
      return groupBy(rows, key);
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
