// Reads of clients, limited in SQL to the viewer's branches (decisions §2).
import { and, asc, count, desc, eq, gte, ilike, isNotNull, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { assertCan, can } from '../../../access/can.js';
import { branchScopeOf, scopeKind, scopeRefs, scopeValues, userScopeOf, type ScopeKind } from '../../../access/scope.js';
import { compiledFamily, UNNAMED } from '../../../db/compiled.js';
import { choiceKey, columnsRead, selectColumns, type ColumnChoice } from '../../../db/row-columns.js';
import type { Selection } from '../../../graphql/selection.js';
import { BRANCH_ROW } from '../../org/index.js';
import { USER_ROW } from '../../users/index.js';
import { tenantTables } from '../../../db/tables/tenant.js';
import type { BranchModel } from '../../org/index.js';
import type { UserModel } from '../../users/index.js';
import { clientSearchTexts } from '../../../db/tables/crm-clients.js';
import { CLIENT_STAGES, type ClientStage } from '../../../db/tables/enums.js';
import {
  containsPattern,
  decodeCursor,
  type CursorPart,
  keysetAfter,
  MAX_PAGE_SIZE,
  pageSize,
  toConnection,
  type Connection,
} from '../../../db/paging.js';
import { forbidden, notFound } from '../../../errors.js';
import { parseInput, uuid } from '../../shared-validation.js';
import { CLIENT_ROW, type ClientModel } from '../models.js';
import type { ClientReadArgs } from './client-scope.js';
import { clientFilterInput } from '../validation.js';

export type ClientOrderField = 'CREATED_AT' | 'UPDATED_AT' | 'NAME';

/** Which parts of the filter are present: with the scope kind, what changes the statement's SQL. */
interface FilterShape {
  readonly scope: ScopeKind;
  readonly deleted: boolean;
  readonly present: readonly FilterPart[];
}

const FILTER_PARTS = [
  'search',
  'stage',
  'branchId',
  'assignedToId',
  'unassigned',
  'active',
  'visaCategoryId',
  'agentId',
  'createdFrom',
  'createdTo',
] as const;
type FilterPart = (typeof FILTER_PARTS)[number];

/** The filter's shape and the values its placeholders take. */
function parseFilter(viewer: ClientReadArgs['viewer'], filter: unknown): { shape: FilterShape; values: Record<string, unknown> } {
  const f = parseInput(clientFilterInput, filter ?? {}, 'filter');
  if (f.deleted && !can(viewer, 'client:delete')) throw forbidden('Only those who may delete clients see deleted ones');
  const values: Record<string, unknown> = {
    ...scopeValues(viewer),
    search: f.search ? containsPattern(f.search) : null,
    stage: f.stage,
    branchId: f.branchId,
    assignedToId: f.assignedToId,
    active: f.active,
    visaCategoryId: f.visaCategoryId,
    agentId: f.agentId,
    createdFrom: f.createdFrom?.toISOString(),
    createdTo: f.createdTo?.toISOString(),
  };
  const present = FILTER_PARTS.filter((p) =>
    p === 'unassigned' ? f.unassigned === true : values[p] !== null && values[p] !== undefined,
  );
  return { shape: { scope: scopeKind(viewer), deleted: f.deleted === true, present }, values };
}

const filterKey = (s: FilterShape) => `${s.scope}|${s.deleted ? 'd' : 'l'}|${s.present.join(',')}`;

/** The filter as SQL with placeholders, always inside the viewer's scope; deleted clients only on request. */
function clientWhere(s: FilterShape): SQL {
  const c = tenantTables.clients;
  const p = (name: string) => sql.placeholder(name);
  const has = new Set(s.present);
  return and(
    branchScopeOf(scopeRefs(s.scope), c.branchId),
    s.deleted ? isNotNull(c.deletedAt) : isNull(c.deletedAt),
    has.has('search') ? or(...clientSearchTexts(c).map((text) => ilike(text, p('search')))) : undefined,
    has.has('stage') ? eq(c.stage, p('stage')) : undefined,
    has.has('branchId') ? eq(c.branchId, p('branchId')) : undefined,
    has.has('assignedToId') ? eq(c.assignedToId, p('assignedToId')) : undefined,
    has.has('unassigned') ? isNull(c.assignedToId) : undefined,
    has.has('active') ? eq(c.active, p('active')) : undefined,
    has.has('visaCategoryId') ? eq(c.visaCategoryId, p('visaCategoryId')) : undefined,
    has.has('agentId') ? eq(c.agentId, p('agentId')) : undefined,
    has.has('createdFrom') ? gte(c.createdAt, sql`${p('createdFrom')}::timestamptz`) : undefined,
    has.has('createdTo') ? lt(c.createdAt, sql`${p('createdTo')}::timestamptz`) : undefined,
  )!;
}

const TEXT_TEXT_UUID: readonly CursorPart[] = ['text', 'text', 'uuid'];
const TIMESTAMP_UUID: readonly CursorPart[] = ['timestamp', 'uuid'];

/** Timestamps travel in cursors as database text, so no microsecond is lost between pages. */
function orderOf(field: ClientOrderField) {
  const c = tenantTables.clients;
  return field === 'NAME'
    ? {
        cols: [c.lastName, c.firstName, c.id],
        parts: TEXT_TEXT_UUID,
        dir: 'asc' as const,
        key: (r: ListRow) => [r.lastName, r.firstName, r.id],
      }
    : field === 'UPDATED_AT'
      ? { cols: [c.updatedAt, c.id], parts: TIMESTAMP_UUID, dir: 'desc' as const, key: (r: ListRow) => [r.updatedAtText, r.id] }
      : { cols: [c.createdAt, c.id], parts: TIMESTAMP_UUID, dir: 'desc' as const, key: (r: ListRow) => [r.createdAtText, r.id] };
}

/** The columns a page reads: of the client, and of the to-one relations joined when selected. */
interface ClientPageColumns {
  readonly client: ColumnChoice;
  readonly branch?: ColumnChoice;
  readonly assignedTo?: ColumnChoice;
}

interface ListShape extends FilterShape {
  readonly field: ClientOrderField;
  readonly after: boolean;
  readonly columns: ClientPageColumns;
  /**
   * The rows read, written into the SQL; null: a `limit` parameter. PostgreSQL plans a named
   * statement once per connection (a generic plan) only if that plan's estimate is no worse than
   * one made for the values, and it estimates `limit $n` as a tenth of the rows: with the
   * parameter every request is planned anew (0.27 ms of the consultant list's 0.41 ms in
   * PostgreSQL on bench:load's tenant), with a literal once (0.07 ms in all). See `fixedRows`.
   */
  readonly rows: number | null;
  /** One branch in creation order, ordered by branch first: only its index yields that order. */
  readonly oneBranch: boolean;
}

/** Row counts a page reads when written into the SQL: first + 1 rounded up to one of them. */
const ROW_STEPS = [2, 11, 26, 51, MAX_PAGE_SIZE + 1];

/**
 * A literal row count for the shapes whose one plan is right for every value: no filter, and the
 * whole tenant, or one branch in creation order (a viewer of one branch). A filter's values, or
 * which branches a list names, decide which plan is best, so those keep the parameter and a plan
 * made for their values. For one branch the order starts with `branch_id` (the same order, its
 * rows sharing one branch): then the generic plan is the branch index's, right for a branch of
 * 10 clients as of 10,000, where by `created_at` alone it would be whichever index suits an
 * average branch. Rounded up to a few steps so a family holds few statements; rows past the page
 * are dropped.
 */
function fixedRows(viewer: ClientReadArgs['viewer'], s: FilterShape, field: ClientOrderField, limit: number) {
  const oneBranch = s.scope === 'branch' && viewer.branchIds.length === 1 && field === 'CREATED_AT';
  if (s.present.length || s.deleted || !(s.scope === 'tenant' || oneBranch)) return { rows: null, oneBranch: false };
  return { rows: ROW_STEPS.find((n) => n > limit)!, oneBranch };
}

type ListRow = ClientModel & {
  createdAtText: string;
  updatedAtText: string;
  branch?: BranchModel | null;
  assignee?: UserModel | null;
};

/**
 * A partly read relation joined into a page, on the client row it belongs to (under symbols, which
 * no GraphQL field resolves by default): it holds only the columns its own selection reads, so it
 * never goes to the request's loaders, where another part of the query could read other fields.
 */
export const JOINED_BRANCH = Symbol('joined branch');
export const JOINED_ASSIGNEE = Symbol('joined assignee');
export type JoinedClient = ClientModel & { [JOINED_BRANCH]?: BranchModel; [JOINED_ASSIGNEE]?: UserModel | null };

const pageKey = (s: ListShape) =>
  `${filterKey(s)}|${s.field}|${s.after ? 'a' : ''}|${s.rows ?? ''}${s.oneBranch ? 'b' : ''}|${choiceKey(s.columns.client)}|${choiceKey(s.columns.branch)}|${choiceKey(s.columns.assignedTo)}`;

const clientPage = compiledFamily(pageKey, (orm, s: ListShape) => {
  const { clients: c, branches: b, users: u } = tenantTables;
  const order = orderOf(s.field);
  const cursor = s.after ? order.cols.map((_, i) => `after${i}`) : null;
  const { branch, assignedTo } = s.columns;
  let q = orm
    .select({
      ...selectColumns(CLIENT_ROW, s.columns.client),
      // Only the timestamp the order's cursor is made of.
      ...(s.field === 'CREATED_AT' ? { createdAtText: sql<string>`${c.createdAt}::text` } : {}),
      ...(s.field === 'UPDATED_AT' ? { updatedAtText: sql<string>`${c.updatedAt}::text` } : {}),
      ...(branch ? { branch: selectColumns(BRANCH_ROW, branch) } : {}),
      ...(assignedTo ? { assignee: selectColumns(USER_ROW, assignedTo) } : {}),
    })
    .from(c)
    .$dynamic();
  // The row type already names the joined tables' fields; the joins only make them non-null.
  if (branch) q = q.leftJoin(b, eq(b.id, c.branchId)) as unknown as typeof q;
  // The assignee only where the viewer may see that user, exactly as the user loader reads it.
  if (assignedTo) q = q.leftJoin(u, and(eq(u.id, c.assignedToId), userScopeOf(scopeRefs(s.scope)))) as unknown as typeof q;
  return q
    .where(and(clientWhere(s), keysetAfter(order.cols, cursor && cursor.map((name) => sql.placeholder(name)), order.dir)))
    .orderBy(...(s.oneBranch ? [asc(c.branchId)] : []), ...order.cols.map((col) => (order.dir === 'asc' ? asc(col) : desc(col))))
    .limit(s.rows === null ? sql.placeholder('limit') : (sql.raw(String(s.rows)) as unknown as number))
    .prepare(UNNAMED);
});

const clientCount = compiledFamily(filterKey, (orm, s: FilterShape) =>
  orm.select({ n: count() }).from(tenantTables.clients).where(clientWhere(s)).prepare(UNNAMED),
);

/** The columns a selection reads, of the client and of the branch and assignee when selected. */
function pageColumns(selection: Selection | undefined): ClientPageColumns {
  if (!selection) return { client: 'all' };
  const { names } = selection;
  return {
    client: columnsRead(CLIENT_ROW, names),
    ...(names.has('branch') ? { branch: columnsRead(BRANCH_ROW, selection.below('branch').names) } : {}),
    ...(names.has('assignedTo') ? { assignedTo: columnsRead(USER_ROW, selection.below('assignedTo').names) } : {}),
  };
}

/**
 * A page of clients, and the branches and assignees it joined in whole (for the request's loaders;
 * partly read ones are on their client rows, JoinedClient).
 */
export interface ClientPage extends Connection<ClientModel> {
  readonly branches: readonly BranchModel[];
  /** Assignee ids with the user, or null where the viewer may not see that user. */
  readonly assignees: readonly (readonly [string, UserModel | null])[];
}

export type ClientListArgs = ClientReadArgs & {
  first?: number | null;
  after?: string | null;
  filter?: unknown;
  orderBy?: { field: ClientOrderField } | null;
  /** What the query selects on the nodes (default: whole client rows, no relation joined). */
  selection?: Selection;
};

export async function clientList({ db, viewer, first, after, filter, orderBy, selection }: ClientListArgs): Promise<ClientPage> {
  const columns = pageColumns(selection);
  const { shape, values } = parseFilter(viewer, filter);
  const limit = pageSize(first);
  const field = orderBy?.field ?? 'CREATED_AT';
  const order = orderOf(field);
  const cursor = decodeCursor(after, order.parts);
  const list: ListShape = {
    ...shape,
    field,
    after: cursor !== null,
    columns,
    ...fixedRows(viewer, shape, field, limit),
  };
  const cursorValues = Object.fromEntries((cursor ?? []).map((k, i) => [`after${i}`, k]));
  const rows = (await clientPage.run(db, list, { ...values, ...cursorValues, limit: limit + 1 })) as ListRow[];
  const branches = new Map<string, BranchModel>();
  const assignees: [string, UserModel | null][] = [];
  for (const r of rows.slice(0, limit) as (ListRow & JoinedClient)[]) {
    if (columns.branch === 'all') {
      if (r.branch) branches.set(r.branch.id, r.branch);
    } else if (columns.branch && r.branch) r[JOINED_BRANCH] = r.branch;
    if (columns.assignedTo === 'all') {
      if (r.assignedToId) assignees.push([r.assignedToId, r.assignee ?? null]);
    } else if (columns.assignedTo && r.assignedToId) r[JOINED_ASSIGNEE] = r.assignee ?? null;
  }
  // Object.assign keeps the connection's lazy getters (a spread would read them).
  return Object.assign(
    toConnection<ClientModel>(
      rows,
      limit,
      (r) => order.key(r as ListRow),
      async () => (await clientCount.run(db, shape, values))[0]?.n ?? 0,
    ),
    { branches: [...branches.values()], assignees },
  );
}

const clientById = compiledFamily(
  (s: { scope: ScopeKind; withDeleted: boolean }) => `${s.scope}|${s.withDeleted}`,
  (orm, s) => {
    const c = tenantTables.clients;
    return orm
      .select()
      .from(c)
      .where(
        and(
          eq(c.id, sql.placeholder('id')),
          branchScopeOf(scopeRefs(s.scope), c.branchId),
          s.withDeleted ? undefined : isNull(c.deletedAt),
        ),
      )
      .prepare(UNNAMED);
  },
);

export type ClientGetByIdArgs = ClientReadArgs & { id: string };

/** One client in scope; a deleted one only for those who may restore it. NOT_FOUND otherwise. */
export async function clientGetById({ db, viewer, id }: ClientGetByIdArgs): Promise<ClientModel> {
  const clientId = parseInput(uuid, id, 'id');
  const shape = { scope: scopeKind(viewer), withDeleted: can(viewer, 'client:delete') };
  const [row] = await clientById.run(db, shape, { ...scopeValues(viewer), id: clientId });
  if (!row) throw notFound('Client');
  return row;
}

const clientStageCount = compiledFamily(filterKey, (orm, s: FilterShape) => {
  const c = tenantTables.clients;
  return orm.select({ stage: c.stage, n: count() }).from(c).where(clientWhere(s)).groupBy(c.stage).prepare(UNNAMED);
});

export type ClientStageCountsArgs = ClientReadArgs & { filter?: unknown };

export async function clientStageCounts({
  db,
  viewer,
  filter,
}: ClientStageCountsArgs): Promise<{ stage: ClientStage; count: number }[]> {
  // Shield checked dashboard:read; counting clients also reveals them, so reading them is needed too.
  assertCan(viewer, 'client:read');
  const { shape, values } = parseFilter(viewer, filter);
  const rows = await clientStageCount.run(db, { ...shape, present: shape.present.filter((p) => p !== 'stage') }, values);
  const byStage = new Map(rows.map((r) => [r.stage, r.n]));
  return CLIENT_STAGES.map((stage) => ({ stage, count: byStage.get(stage) ?? 0 }));
}
