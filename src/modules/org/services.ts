// Writes of regions and branches, with the role and region checks of decisions §2: regions are
// written by SUPER_ADMIN and COUNTRY_MANAGER, branches also by a REGION_MANAGER inside its regions.
import { and, count, eq, isNull } from 'drizzle-orm';
import { assertCan } from '../../access/can.js';
import type { TenantViewer } from '../../auth/viewer.js';
import { tenantSessionsChanged } from '../../auth/session-cache.js';
import { liveCount } from '../../db/live-counts.js';
import { guardUnique, insertOne, restore, softDelete, updateExisting, type Clash } from '../../db/rows.js';
import { inTransaction, type TenantDb } from '../../db/tenant-db.js';
import { faultPoint } from '../../db/fault-points.js';
import { conflict, foreignKeyViolation, notFound } from '../../errors.js';
import type { BranchModel, RegionModel } from './models.js';
import { parseInput } from '../shared-validation.js';
import { created } from '../shared-writes.js';
import { branchGetById, regionGetById } from './selectors.js';
import { createBranchInput, createRegionInput, updateBranchInput, updateRegionInput } from './validation.js';

export interface OrgWriteArgs {
  db: TenantDb;
  viewer: TenantViewer;
  input: unknown;
}

export interface OrgTargetArgs {
  db: TenantDb;
  viewer: TenantViewer;
  id: string;
}

const nameTaken = (what: string, name: string | undefined): Clash => ({
  message: `A ${what} named "${name}" exists`,
  path: 'input.name',
});

/** A branch write, whose region may have been deleted by a regionDelete after the check. */
async function branchWrite<R>(write: () => Promise<R>, name: string | undefined): Promise<R> {
  try {
    return await guardUnique(write, nameTaken('branch', name));
  } catch (err) {
    if (foreignKeyViolation(err)) throw notFound('Region (input.regionId)');
    throw err;
  }
}

export type RegionCreateArgs = OrgWriteArgs;

export async function regionCreate({ db, viewer, input }: RegionCreateArgs): Promise<RegionModel> {
  assertCan(viewer, 'region:create');
  const values = parseInput(createRegionInput, input);
  return guardUnique(() => insertOne(db.orm, db.t.regions, values), nameTaken('region', values.name));
}

export type RegionUpdateArgs = OrgTargetArgs & { input: unknown };

export async function regionUpdate({ db, viewer, id, input }: RegionUpdateArgs): Promise<RegionModel> {
  const region = await regionGetById({ db, viewer, id });
  assertCan(viewer, 'region:update');
  const patch = parseInput(updateRegionInput, input);
  if (patch.name === undefined && patch.description === undefined) return region;
  return guardUnique(() => updateExisting(db.orm, db.t.regions, region.id, patch, 'Region'), nameTaken('region', patch.name));
}

export type RegionDeleteArgs = OrgTargetArgs;

/** Hard delete, refused while the region has a live branch; deleted branches lose their region. */
export async function regionDelete({ db, viewer, id }: RegionDeleteArgs): Promise<boolean> {
  const region = await regionGetById({ db, viewer, id });
  assertCan(viewer, 'region:delete');
  const { regions, branches } = db.t;
  return inTransaction(db.orm, async (tx) => {
    await tx.select({ id: regions.id }).from(regions).where(eq(regions.id, region.id)).for('update');
    const live = await liveCount(tx, branches, branches.regionId, region.id);
    if (live > 0) throw conflict(`The region still has ${live} branch(es); move or delete them first`);
    const res = await tx.delete(regions).where(eq(regions.id, region.id)).returning({ id: regions.id });
    // Region managers of this region lose it from their cached sessions' scope.
    await tenantSessionsChanged(db)(tx, {});
    return res.length === 1;
  });
}

async function assertRegionExists(db: TenantDb, regionId: string | null | undefined, path: string): Promise<void> {
  if (!regionId) return;
  const [region] = await db.orm.select({ id: db.t.regions.id }).from(db.t.regions).where(eq(db.t.regions.id, regionId));
  if (!region) throw notFound(`Region (${path})`);
}

export type BranchCreateArgs = OrgWriteArgs;

export async function branchCreate({ db, viewer, input }: BranchCreateArgs): Promise<BranchModel> {
  assertCan(viewer, 'branch:create');
  const values = parseInput(createBranchInput, input);
  assertCan(viewer, 'branch:create', { regionId: values.regionId ?? null });
  await assertRegionExists(db, values.regionId, 'input.regionId');
  await faultPoint('branch.create.checked');
  return branchWrite(
    () =>
      insertOne(db.orm, db.t.branches, {
        ...values,
        regionId: values.regionId ?? null,
        ...created(viewer),
      }),
    values.name,
  );
}

export type BranchUpdateArgs = OrgTargetArgs & { input: unknown };

export async function branchUpdate({ db, viewer, id, input }: BranchUpdateArgs): Promise<BranchModel> {
  const branch = await branchGetById({ db, viewer, id, includeDeleted: false });
  const patch = parseInput(updateBranchInput, input);
  const newRegionId = patch.regionId === undefined ? branch.regionId : patch.regionId;
  assertCan(viewer, 'branch:update', { id: branch.id, regionId: branch.regionId, newRegionId });
  if (patch.regionId !== undefined) await assertRegionExists(db, patch.regionId, 'input.regionId');
  const row = await branchWrite(
    () => updateExisting(db.orm, db.t.branches, branch.id, { ...patch, updatedById: viewer.id }, 'Branch'),
    patch.name,
  );
  await tenantSessionsChanged(db)(db.orm, {});
  return row;
}

export type BranchDeleteArgs = OrgTargetArgs;

/** Soft delete. Users keep their assignment, so a restore brings the branch back as it was. */
export async function branchDelete({ db, viewer, id }: BranchDeleteArgs): Promise<BranchModel> {
  const branch = await branchGetById({ db, viewer, id, includeDeleted: false });
  assertCan(viewer, 'branch:delete', branch);
  const { branches, clients } = db.t;
  const row = await inTransaction(db.orm, async (tx) => {
    // Lock the branch so no client can be created in it between the count and the delete.
    await tx.select({ id: branches.id }).from(branches).where(eq(branches.id, branch.id)).for('update');
    const [live] = await tx
      .select({ n: count() })
      .from(clients)
      .where(and(eq(clients.branchId, branch.id), isNull(clients.deletedAt)));
    if (live!.n > 0) throw conflict(`The branch still has ${live!.n} live client(s); move or delete them first`);
    const updated = await softDelete(tx, branches, branch.id, { updatedById: viewer.id });
    // A deleted branch leaves the scope that cached sessions carry.
    await tenantSessionsChanged(db)(tx, {});
    return updated;
  });
  return row ?? branchGetById({ db, viewer, id, includeDeleted: true });
}

export type BranchRestoreArgs = OrgTargetArgs;

export async function branchRestore({ db, viewer, id }: BranchRestoreArgs): Promise<BranchModel> {
  const branch = await branchGetById({ db, viewer, id, includeDeleted: true });
  assertCan(viewer, 'branch:delete', branch);
  if (!branch.deletedAt) return branch;
  const row = await guardUnique(
    () => restore(db.orm, db.t.branches, branch.id, { updatedById: viewer.id }),
    nameTaken('branch', branch.name),
  );
  // The branch is back in the scope of its users, whose cached sessions were read without it.
  await tenantSessionsChanged(db)(db.orm, {});
  return row ?? branchGetById({ db, viewer, id, includeDeleted: true });
}
