// Reads of the visa catalogue (categories and types): tenant-wide master data every role may read.
import { anyId, compiledByIds, UNNAMED } from '../../../db/compiled.js';
import { tenantTables } from '../../../db/tables/tenant.js';
import { and, asc, count, eq, ilike, inArray, or } from 'drizzle-orm';
import { containsPattern, type Connection, keysetList, keysetPage, mapNodes } from '../../../db/paging.js';
import { rowsWhere, rowWhere } from '../../../db/scoped-rows.js';
import { groupBy } from '../../../graphql/loader-kit.js';
import { parseInput, uuid } from '../../shared-validation.js';
import type { FilteredPageArgs, IdsArgs, TenantArgs } from '../../shared-args.js';
import type { VisaCategoryModel, VisaTypeModel } from '../models.js';
import { visaCategoryFilterInput, visaTypeFilterInput } from '../validation.js';

export type VisaReadArgs = TenantArgs;

export interface VisaListArgs extends VisaReadArgs, FilteredPageArgs {}

export type VisaCategoryListArgs = VisaListArgs;

export async function visaCategoryList(args: VisaCategoryListArgs): Promise<Connection<VisaCategoryModel>> {
  const { db, filter } = args;
  const vc = db.t.visaCategories;
  const f = parseInput(visaCategoryFilterInput, filter ?? {}, 'filter');
  const pattern = f.search ? containsPattern(f.search) : null;
  const where = pattern ? or(ilike(vc.name, pattern), ilike(vc.code, pattern)) : undefined;
  return keysetList({ orm: db.orm, table: vc, where, order: [vc.name, vc.id], page: args });
}

export type VisaCategoryGetByIdArgs = VisaReadArgs & { id: unknown };

export async function visaCategoryGetById({ db, id }: VisaCategoryGetByIdArgs): Promise<VisaCategoryModel> {
  return rowWhere(db.orm, db.t.visaCategories, parseInput(uuid, id, 'id'), undefined, 'Visa category');
}

export type VisaCategoryListByIdsArgs = VisaReadArgs & IdsArgs;

export async function visaCategoryListByIds({ db, ids }: VisaCategoryListByIdsArgs): Promise<VisaCategoryModel[]> {
  return rowsWhere(db.orm, db.t.visaCategories, ids, undefined);
}

export type VisaTypeListArgs = VisaListArgs;

export async function visaTypeList(args: VisaTypeListArgs): Promise<Connection<VisaTypeModel>> {
  const { db, filter } = args;
  const { visaTypes: vt, visaCategories: vc } = db.t;
  const f = parseInput(visaTypeFilterInput, filter ?? {}, 'filter');
  const pattern = f.search ? containsPattern(f.search) : null;
  const where = and(
    f.visaCategoryId ? eq(vt.visaCategoryId, f.visaCategoryId) : undefined,
    pattern ? or(ilike(vt.name, pattern), ilike(vt.code, pattern)) : undefined,
  );
  const page = await keysetPage({
    page: args,
    keys: [vc.name, vt.name, vt.id],
    keyOf: (r: { type: VisaTypeModel; categoryName: string }) => [r.categoryName, r.type.name, r.type.id],
    fetch: (cursor, limit) =>
      db.orm
        .select({ type: vt, categoryName: vc.name })
        .from(vt)
        .innerJoin(vc, eq(vc.id, vt.visaCategoryId))
        .where(and(where, cursor))
        .orderBy(asc(vc.name), asc(vt.name), asc(vt.id))
        .limit(limit),
    count: async () => (await db.orm.select({ n: count() }).from(vt).where(where))[0]?.n ?? 0,
  });
  return mapNodes(page, (r) => r.type);
}

export type VisaTypeGetByIdArgs = VisaReadArgs & { id: unknown; path?: string };

export async function visaTypeGetById({ db, id, path = 'id' }: VisaTypeGetByIdArgs): Promise<VisaTypeModel> {
  return rowWhere(db.orm, db.t.visaTypes, parseInput(uuid, id, path), undefined, 'Visa type');
}

const visaTypesByIds = compiledByIds((orm, ids) =>
  orm.select().from(tenantTables.visaTypes).where(anyId(tenantTables.visaTypes.id, ids)).prepare(UNNAMED),
);

export type VisaTypeListByIdsArgs = VisaReadArgs & IdsArgs;

export async function visaTypeListByIds({ db, ids }: VisaTypeListByIdsArgs): Promise<VisaTypeModel[]> {
  return ids.length ? visaTypesByIds(db, ids) : [];
}

export type VisaTypeListByCategoryIdsArgs = VisaReadArgs & IdsArgs;

/** Each category's visa types by name, for VisaCategory.visaTypes. */
export async function visaTypeListByCategoryIds({
  db,
  ids,
}: VisaTypeListByCategoryIdsArgs): Promise<Map<string, VisaTypeModel[]>> {
  if (!ids.length) return new Map();
  const vt = db.t.visaTypes;
  const rows = await db.orm
    .select()
    .from(vt)
    .where(inArray(vt.visaCategoryId, [...ids]))
    .orderBy(asc(vt.name), asc(vt.id));
  return groupBy(rows, (r) => r.visaCategoryId);
}

/** "name (code)" when the type has a code, else the name. */
export function visaTypeDisplayName(type: Pick<VisaTypeModel, 'name' | 'code'>): string {
  return type.code ? `${type.name} (${type.code})` : type.name;
}
