// Reads of the visa catalogue (categories and types): tenant-wide master data every role may read.
import { anyId, compiled, UNNAMED } from '../../db/compiled.js';
import { tenantTables } from '../../db/tables/tenant.js';
import { and, asc, count, eq, ilike, inArray, or, type SQL } from 'drizzle-orm';
import type { TenantViewer } from '../../auth/viewer.js';
import { containsPattern, decodeCursor, keysetAfter, pageSize, toConnection, type Connection } from '../../db/paging.js';
import type { TenantDb } from '../../db/tenant-db.js';
import { notFound } from '../../errors.js';
import { groupBy } from '../../graphql/loader-kit.js';
import { parseInput, uuid } from '../shared-validation.js';
import type { VisaCategoryModel, VisaTypeModel } from './models.js';
import { visaCategoryFilterInput, visaTypeFilterInput } from './validation.js';

export interface VisaReadArgs {
  db: TenantDb;
  viewer: TenantViewer;
}

export interface VisaListArgs extends VisaReadArgs {
  first?: number | null;
  after?: string | null;
  filter?: unknown;
}

export async function visaCategoryList({ db, first, after, filter }: VisaListArgs): Promise<Connection<VisaCategoryModel>> {
  const vc = db.t.visaCategories;
  const f = parseInput(visaCategoryFilterInput, filter ?? {}, 'filter');
  const pattern = f.search ? containsPattern(f.search) : null;
  const where = pattern ? or(ilike(vc.name, pattern), ilike(vc.code, pattern)) : undefined;
  const limit = pageSize(first);
  const rows = await db.orm
    .select()
    .from(vc)
    .where(and(where, keysetAfter([vc.name, vc.id], decodeCursor(after, ['text', 'uuid']))))
    .orderBy(asc(vc.name), asc(vc.id))
    .limit(limit + 1);
  return toConnection(
    rows,
    limit,
    (r) => [r.name, r.id],
    async () => (await db.orm.select({ n: count() }).from(vc).where(where))[0]?.n ?? 0,
  );
}

export async function visaCategoryGetById({ db, id }: VisaReadArgs & { id: unknown }): Promise<VisaCategoryModel> {
  const categoryId = parseInput(uuid, id, 'id');
  const [row] = await db.orm.select().from(db.t.visaCategories).where(eq(db.t.visaCategories.id, categoryId));
  if (!row) throw notFound('Visa category');
  return row;
}

export async function visaCategoryListByIds({
  db,
  ids,
}: VisaReadArgs & { ids: readonly string[] }): Promise<VisaCategoryModel[]> {
  if (!ids.length) return [];
  return db.orm
    .select()
    .from(db.t.visaCategories)
    .where(inArray(db.t.visaCategories.id, [...ids]));
}

export async function visaTypeList({ db, first, after, filter }: VisaListArgs): Promise<Connection<VisaTypeModel>> {
  const { visaTypes: vt, visaCategories: vc } = db.t;
  const f = parseInput(visaTypeFilterInput, filter ?? {}, 'filter');
  const pattern = f.search ? containsPattern(f.search) : null;
  const where: (SQL | undefined)[] = [
    f.visaCategoryId ? eq(vt.visaCategoryId, f.visaCategoryId) : undefined,
    pattern ? or(ilike(vt.name, pattern), ilike(vt.code, pattern)) : undefined,
  ];
  const limit = pageSize(first);
  const rows = await db.orm
    .select({ type: vt, categoryName: vc.name })
    .from(vt)
    .innerJoin(vc, eq(vc.id, vt.visaCategoryId))
    .where(and(...where, keysetAfter([vc.name, vt.name, vt.id], decodeCursor(after, ['text', 'text', 'uuid']))))
    .orderBy(asc(vc.name), asc(vt.name), asc(vt.id))
    .limit(limit + 1);
  const page = toConnection(
    rows,
    limit,
    (r) => [r.categoryName, r.type.name, r.type.id],
    async () =>
      (
        await db.orm
          .select({ n: count() })
          .from(vt)
          .where(and(...where))
      )[0]?.n ?? 0,
  );
  return { ...page, nodes: page.nodes.map((r) => r.type), edges: page.edges.map((e) => ({ ...e, node: e.node.type })) };
}

export async function visaTypeGetById({
  db,
  id,
  path = 'id',
}: VisaReadArgs & { id: unknown; path?: string }): Promise<VisaTypeModel> {
  const typeId = parseInput(uuid, id, path);
  const [row] = await db.orm.select().from(db.t.visaTypes).where(eq(db.t.visaTypes.id, typeId));
  if (!row) throw notFound('Visa type');
  return row;
}

const visaTypesByIds = compiled((orm) =>
  orm.select().from(tenantTables.visaTypes).where(anyId(tenantTables.visaTypes.id)).prepare(UNNAMED),
);

export async function visaTypeListByIds({ db, ids }: VisaReadArgs & { ids: readonly string[] }): Promise<VisaTypeModel[]> {
  return ids.length ? visaTypesByIds(db, { ids: [...ids] }) : [];
}

/** Each category's visa types by name, for VisaCategory.visaTypes. */
export async function visaTypeListByCategoryIds({
  db,
  ids,
}: VisaReadArgs & { ids: readonly string[] }): Promise<Map<string, VisaTypeModel[]>> {
  if (!ids.length) return new Map();
  const vt = db.t.visaTypes;
  const rows = await db.orm
    .select()
    .from(vt)
    .where(inArray(vt.visaCategoryId, [...ids]))
    .orderBy(asc(vt.name), asc(vt.id));
  return groupBy(
    rows,
    (r) => r.visaCategoryId,
    (r) => r,
  );
}

/** "name (code)" when the type has a code, else the name. */
export function visaTypeDisplayName(type: Pick<VisaTypeModel, 'name' | 'code'>): string {
  return type.code ? `${type.name} (${type.code})` : type.name;
}
