// Writes of regions and branches, with the role and region checks of decisions §2.
import { and, eq } from 'drizzle-orm';
import type { TenantViewer } from '../../auth/viewer.js';
import type { TenantDb } from '../../db/tenant-db.js';
import { conflict, forbidden, notFound, uniqueViolation } from '../../errors.js';
import type { BranchModel, RegionModel } from '../../graphql/models.js';
import { parseInput } from '../shared-validation.js';
import { createBranchInput, createRegionInput } from './validation.js';

export interface OrgWriteArgs {
  db: TenantDb;
  viewer: TenantViewer;
  input: unknown;
}

export async function regionCreate({ db, viewer, input }: OrgWriteArgs): Promise<RegionModel> {
  if (viewer.role !== 'SUPER_ADMIN' && viewer.role !== 'COUNTRY_MANAGER') throw forbidden();
  const values = parseInput(createRegionInput, input);
  try {
    const [row] = await db.orm.insert(db.t.regions).values(values).returning();
    return row!;
  } catch (err) {
    if (uniqueViolation(err)) throw conflict(`A region named "${values.name}" exists`, 'input.name');
    throw err;
  }
}

export async function branchCreate({ db, viewer, input }: OrgWriteArgs): Promise<BranchModel> {
  const values = parseInput(createBranchInput, input);
  const { regions, userRegions, branches } = db.t;
  if (values.regionId) {
    const [region] = await db.orm.select({ id: regions.id }).from(regions).where(eq(regions.id, values.regionId));
    if (!region) throw notFound('Region');
  }
  if (viewer.role === 'REGION_MANAGER') {
    const own = values.regionId
      ? await db.orm
          .select({ regionId: userRegions.regionId })
          .from(userRegions)
          .where(and(eq(userRegions.userId, viewer.id), eq(userRegions.regionId, values.regionId)))
      : [];
    if (!own.length) throw forbidden('A region manager may only create branches in its own regions');
  } else if (viewer.role !== 'SUPER_ADMIN' && viewer.role !== 'COUNTRY_MANAGER') {
    throw forbidden();
  }
  try {
    const [row] = await db.orm
      .insert(branches)
      .values({ ...values, regionId: values.regionId ?? null, createdById: viewer.id, updatedById: viewer.id })
      .returning();
    return row!;
  } catch (err) {
    if (uniqueViolation(err)) throw conflict(`A branch named "${values.name}" exists`, 'input.name');
    throw err;
  }
}
