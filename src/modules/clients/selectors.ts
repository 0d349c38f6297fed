// Reads of clients, limited in SQL to the viewer's branches (decisions §2).
import { and, asc, count, desc, eq, getTableColumns, gte, ilike, isNotNull, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { assertCan, can } from '../../access/can.js';
import { branchScope } from '../../access/scope.js';
import { clientSearchTexts } from '../../db/tables/crm-clients.js';
import { CLIENT_STAGES, type ClientStage } from '../../db/tables/enums.js';
import { containsPattern, decodeCursor, keysetAfter, pageSize, toConnection, type Connection } from '../../db/paging.js';
import type { TenantDb } from '../../db/tenant-db.js';
import { forbidden, notFound } from '../../errors.js';
import { parseInput, uuid } from '../shared-validation.js';
import type { ClientModel } from './models.js';
import type { ClientReadArgs } from './scope.js';
import { clientFilterInput, type ClientFilter } from './validation.js';

export type ClientOrderField = 'CREATED_AT' | 'UPDATED_AT' | 'NAME';

/** The filter as SQL, always inside the viewer's scope; deleted clients only on request. */
function clientWhere(db: TenantDb, viewer: ClientReadArgs['viewer'], f: ClientFilter): SQL {
  const c = db.t.clients;
  if (f.deleted && !can(viewer, 'client:delete')) throw forbidden('Only those who may delete clients see deleted ones');
  const search = f.search ? containsPattern(f.search) : null;
  return and(
    branchScope(db, viewer, c.branchId),
    f.deleted ? isNotNull(c.deletedAt) : isNull(c.deletedAt),
    search ? or(...clientSearchTexts(c).map((text) => ilike(text, search))) : undefined,
    f.stage ? eq(c.stage, f.stage) : undefined,
    f.branchId ? eq(c.branchId, f.branchId) : undefined,
    f.assignedToId ? eq(c.assignedToId, f.assignedToId) : undefined,
    f.unassigned ? isNull(c.assignedToId) : undefined,
    f.active === null || f.active === undefined ? undefined : eq(c.active, f.active),
    f.visaCategoryId ? eq(c.visaCategoryId, f.visaCategoryId) : undefined,
    f.agentId ? eq(c.agentId, f.agentId) : undefined,
    f.createdFrom ? gte(c.createdAt, f.createdFrom) : undefined,
    f.createdTo ? lt(c.createdAt, f.createdTo) : undefined,
  )!;
}

export async function clientList({
  db,
  viewer,
  first,
  after,
  filter,
  orderBy,
}: ClientReadArgs & {
  first?: number | null;
  after?: string | null;
  filter?: unknown;
  orderBy?: { field: ClientOrderField } | null;
}): Promise<Connection<ClientModel>> {
  const c = db.t.clients;
  const where = clientWhere(db, viewer, parseInput(clientFilterInput, filter ?? {}, 'filter'));
  const limit = pageSize(first);
  const field = orderBy?.field ?? 'CREATED_AT';
  // Timestamps travel in cursors as database text, so no microsecond is lost between pages.
  const order =
    field === 'NAME'
      ? { cols: [c.lastName, c.firstName, c.id], dir: 'asc' as const, key: (r: Row) => [r.lastName, r.firstName, r.id] }
      : field === 'UPDATED_AT'
        ? { cols: [c.updatedAt, c.id], dir: 'desc' as const, key: (r: Row) => [r.updatedAtText, r.id] }
        : { cols: [c.createdAt, c.id], dir: 'desc' as const, key: (r: Row) => [r.createdAtText, r.id] };
  type Row = ClientModel & { createdAtText: string; updatedAtText: string };
  const rows: Row[] = await db.orm
    .select({
      ...getTableColumns(c),
      createdAtText: sql<string>`${c.createdAt}::text`,
      updatedAtText: sql<string>`${c.updatedAt}::text`,
    })
    .from(c)
    .where(and(where, keysetAfter(order.cols, decodeCursor(after, order.cols.length), order.dir)))
    .orderBy(...order.cols.map((col) => (order.dir === 'asc' ? asc(col) : desc(col))))
    .limit(limit + 1);
  return toConnection<ClientModel>(
    rows,
    limit,
    (r) => order.key(r as Row),
    async () => (await db.orm.select({ n: count() }).from(c).where(where))[0]?.n ?? 0,
  );
}

/** One client in scope; a deleted one only for those who may restore it. NOT_FOUND otherwise. */
export async function clientGetById({ db, viewer, id }: ClientReadArgs & { id: string }): Promise<ClientModel> {
  const clientId = parseInput(uuid, id, 'id');
  const c = db.t.clients;
  const [row] = await db.orm
    .select()
    .from(c)
    .where(
      and(
        eq(c.id, clientId),
        branchScope(db, viewer, c.branchId),
        can(viewer, 'client:delete') ? undefined : isNull(c.deletedAt),
      ),
    );
  if (!row) throw notFound('Client');
  return row;
}

export async function clientStageCounts({
  db,
  viewer,
  filter,
}: ClientReadArgs & { filter?: unknown }): Promise<{ stage: ClientStage; count: number }[]> {
  // Shield checked dashboard:read; counting clients also reveals them, so reading them is needed too.
  assertCan(viewer, 'client:read');
  const f = parseInput(clientFilterInput, filter ?? {}, 'filter');
  const c = db.t.clients;
  const rows = await db.orm
    .select({ stage: c.stage, n: count() })
    .from(c)
    .where(clientWhere(db, viewer, { ...f, stage: null }))
    .groupBy(c.stage);
  const byStage = new Map(rows.map((r) => [r.stage, r.n]));
  return CLIENT_STAGES.map((stage) => ({ stage, count: byStage.get(stage) ?? 0 }));
}
