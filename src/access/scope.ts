// The viewer's data scope as SQL (decisions §2): which branches, users and regions it may see.
// Selectors put these predicates in their WHERE clauses; nothing is filtered in JavaScript after
// the fact. `inBranchScope` is the same rule for one already-loaded branch, for write checks.
import { and, eq, exists, inArray, isNull, or, SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { TenantViewer } from '../auth/viewer.js';
import type { TenantDb } from '../db/tenant-db.js';
import { seesWholeTenant } from './roles.js';

const TRUE = sql`true`;
const FALSE = sql`false`;

/**
 * True for the branch ids in `branchId` that the viewer's data scope covers: the whole tenant
 * (SUPER_ADMIN, COUNTRY_MANAGER), the branches of its regions (REGION_MANAGER), its own live
 * branches (BRANCH_ADMIN, CONSULTANT). A scoped viewer with no region or branch covers nothing.
 * Deleted branches are left to the caller: they hold no live data, and lists filter them.
 */
export function branchScope(db: TenantDb, viewer: TenantViewer, branchId: AnyPgColumn | SQL): SQL {
  if (seesWholeTenant(viewer.role)) return TRUE;
  if (viewer.role === 'REGION_MANAGER') {
    if (!viewer.regionIds.length) return FALSE;
    const b = db.t.branches;
    return sql`${branchId} in (select ${b.id} from ${b} where ${inArray(b.regionId, [...viewer.regionIds])})`;
  }
  if (!viewer.branchIds.length) return FALSE;
  const own = [...viewer.branchIds];
  return branchId instanceof SQL ? inArray(branchId, own) : inArray(branchId, own);
}

/** The same rule as `branchScope`, for one branch already loaded. */
export function inBranchScope(viewer: TenantViewer, branch: { id: string; regionId: string | null }): boolean {
  if (seesWholeTenant(viewer.role)) return true;
  if (viewer.role === 'REGION_MANAGER') return branch.regionId !== null && viewer.regionIds.includes(branch.regionId);
  return viewer.branchIds.includes(branch.id);
}

/** Regions the viewer may attach to a user: any (whole tenant), its own (region manager), none otherwise. */
export function inRegionScope(viewer: TenantViewer, regionId: string): boolean {
  if (seesWholeTenant(viewer.role)) return true;
  return viewer.role === 'REGION_MANAGER' && viewer.regionIds.includes(regionId);
}

/** Regions the viewer sees: its own, and those holding a branch in its scope. */
export function regionScope(db: TenantDb, viewer: TenantViewer): SQL {
  if (seesWholeTenant(viewer.role)) return TRUE;
  const { regions, branches: b } = db.t;
  const own = viewer.regionIds.length ? inArray(regions.id, [...viewer.regionIds]) : FALSE;
  return or(
    own,
    sql`${regions.id} in (select ${b.regionId} from ${b} where ${and(isNull(b.deletedAt), branchScope(db, viewer, b.id))})`,
  )!;
}

/** Users sharing a branch in the viewer's scope: whom it may assign work to. Always includes itself. */
export function userBranchScope(db: TenantDb, viewer: TenantViewer): SQL {
  const { users, userBranches: ub } = db.t;
  if (seesWholeTenant(viewer.role)) return TRUE;
  return or(
    eq(users.id, viewer.id),
    exists(
      db.orm
        .select({ one: sql`1` })
        .from(ub)
        .where(and(eq(ub.userId, users.id), branchScope(db, viewer, ub.branchId))),
    ),
  )!;
}

/** Users the viewer sees: those sharing a branch in its scope, and for a region manager also the users of its regions. */
export function userScope(db: TenantDb, viewer: TenantViewer): SQL {
  if (seesWholeTenant(viewer.role)) return TRUE;
  const byBranch = userBranchScope(db, viewer);
  if (viewer.role !== 'REGION_MANAGER' || !viewer.regionIds.length) return byBranch;
  const { users, userRegions: ur } = db.t;
  return or(
    byBranch,
    exists(
      db.orm
        .select({ one: sql`1` })
        .from(ur)
        .where(and(eq(ur.userId, users.id), inArray(ur.regionId, [...viewer.regionIds]))),
    ),
  )!;
}

/**
 * True for rows whose client (in `clientId`) is live and in the viewer's data scope: the one rule
 * for everything hanging off a client (decisions §2), applied in SQL.
 */
export function clientScope(db: TenantDb, viewer: TenantViewer, clientId: AnyPgColumn | SQL): SQL {
  const c = db.t.clients;
  return exists(
    db.orm
      .select({ one: sql`1` })
      .from(c)
      .where(and(sql`${c.id} = ${clientId}`, isNull(c.deletedAt), branchScope(db, viewer, c.branchId))),
  );
}
