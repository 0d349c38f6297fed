// Reads of regions and branches, limited in SQL to the viewer's scope (src/access/scope.ts).
import { and, eq, ilike, isNull } from 'drizzle-orm';
import { can } from '../../access/can.js';
import {
  branchScope,
  branchScopeOf,
  regionScope,
  scopeRefs,
  scopeValues,
  scopedIdsKey,
  scopedIdsShape,
  type ScopedIdsShape,
} from '../../access/scope.js';
import { anyId, compiledFamily, idsValue, UNNAMED } from '../../db/compiled.js';
import { tenantTables } from '../../db/tables/tenant.js';
import { containsPattern, type Connection, keysetList } from '../../db/paging.js';
import { liveCountsBy } from '../../db/live-counts.js';
import { rowsWhere, rowWhere } from '../../db/scoped-rows.js';
import { forbidden } from '../../errors.js';
import type { BranchModel, RegionModel } from './models.js';
import { parseInput, uuid } from '../shared-validation.js';
import type { IdsArgs, PageArgs, TenantArgs } from '../shared-args.js';
import { branchFilterInput } from './validation.js';

export type OrgReadArgs = TenantArgs;

export interface OrgListArgs extends OrgReadArgs, PageArgs {}

export type RegionListArgs = OrgListArgs;

export async function regionList(args: RegionListArgs): Promise<Connection<RegionModel>> {
  const { db, viewer } = args;
  const { regions } = db.t;
  return keysetList({ orm: db.orm, table: regions, where: regionScope(db, viewer), order: [regions.name], page: args });
}

export type RegionGetByIdArgs = OrgReadArgs & { id: string };

export async function regionGetById({ db, viewer, id }: RegionGetByIdArgs): Promise<RegionModel> {
  const regionId = parseInput(uuid, id, 'id');
  return rowWhere(db.orm, db.t.regions, regionId, regionScope(db, viewer), 'Region');
}

export type RegionListByIdsArgs = OrgReadArgs & IdsArgs;

/** Regions by id for the Branch.region loader: a branch in scope may show its region's name. */
export async function regionListByIds({ db, ids }: RegionListByIdsArgs): Promise<RegionModel[]> {
  return rowsWhere(db.orm, db.t.regions, ids, undefined);
}

export type RegionBranchCountsArgs = OrgReadArgs & IdsArgs;

/** Live branch counts per region, for Region.branchCount. */
export async function regionBranchCounts({ db, ids }: RegionBranchCountsArgs): Promise<Map<string, number>> {
  return liveCountsBy(db.orm, db.t.branches, db.t.branches.regionId, ids);
}

export type BranchListArgs = OrgListArgs & { filter?: unknown };

export async function branchList(args: BranchListArgs): Promise<Connection<BranchModel>> {
  const { db, viewer, filter } = args;
  const { branches } = db.t;
  const f = parseInput(branchFilterInput, filter ?? {}, 'filter');
  if (f.includeDeleted && !can(viewer, 'branch:delete')) throw forbidden('Only those who may delete branches see deleted ones');
  const where = and(
    branchScope(db, viewer, branches.id),
    f.includeDeleted ? undefined : isNull(branches.deletedAt),
    f.regionId ? eq(branches.regionId, f.regionId) : undefined,
    f.search ? ilike(branches.name, containsPattern(f.search)) : undefined,
  );
  return keysetList({ orm: db.orm, table: branches, where, order: [branches.name, branches.id], page: args });
}

export type BranchGetByIdArgs = OrgReadArgs & { id: string; includeDeleted?: boolean };

/** One branch in scope; deleted ones only with `includeDeleted` (restore) or for those who may delete. */
export async function branchGetById({
  db,
  viewer,
  id,
  includeDeleted = can(viewer, 'branch:delete'),
}: BranchGetByIdArgs): Promise<BranchModel> {
  const branchId = parseInput(uuid, id, 'id');
  const b = db.t.branches;
  const where = and(branchScope(db, viewer, b.id), includeDeleted ? undefined : isNull(b.deletedAt));
  return rowWhere(db.orm, b, branchId, where, 'Branch');
}

/** Branches by id (scoped) for the loaders of fields that point at a branch. */
const branchesByIds = compiledFamily(scopedIdsKey, (orm, { scope, ids }: ScopedIdsShape) => {
  const b = tenantTables.branches;
  return orm
    .select()
    .from(b)
    .where(and(anyId(b.id, ids), branchScopeOf(scopeRefs(scope), b.id)))
    .prepare(UNNAMED);
});

export type BranchListByIdsArgs = OrgReadArgs & IdsArgs;

export async function branchListByIds({ db, viewer, ids }: BranchListByIdsArgs): Promise<BranchModel[]> {
  if (!ids.length) return [];
  return branchesByIds.run(db, scopedIdsShape(viewer, ids), { ...scopeValues(viewer), ids: idsValue(ids) });
}
