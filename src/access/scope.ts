// The viewer's data scope as SQL (decisions §2): which branches, users and regions it may see.
// Selectors put these predicates in their WHERE clauses; nothing is filtered in JavaScript after
// the fact. `inBranchScope` is the same rule for one already-loaded branch, for write checks.
// Each predicate has one shape per scope kind, with the viewer's ids as array parameters, so a
// statement compiled once (src/db/compiled.ts) serves every viewer of that kind: `scopeRefs`
// gives placeholders to compile with and `scopeValues` the values to run with.
import { and, eq, isNull, or, sql, type SQL } from 'drizzle-orm';
import { alias, type AnyPgColumn } from 'drizzle-orm/pg-core';
import type { TenantViewer } from '../auth/viewer.js';
import { idsShape, type IdsShape } from '../db/compiled.js';
import type { TenantDb } from '../db/tenant-db.js';
import { tenantTables as t } from '../db/tables/tenant.js';
import { seesWholeTenant } from './roles.js';

const TRUE = sql`true`;
const FALSE = sql`false`;

/** What shape the viewer's scope takes: the whole tenant, its regions, its branches, or nothing. */
export type ScopeKind = 'tenant' | 'region' | 'branch' | 'none';

export function scopeKind(viewer: TenantViewer): ScopeKind {
  if (seesWholeTenant(viewer.role)) return 'tenant';
  if (viewer.role === 'REGION_MANAGER') return viewer.regionIds.length ? 'region' : 'none';
  return viewer.branchIds.length ? 'branch' : 'none';
}

/** The shape of a scoped statement over a batch of ids (a loader's): the scope's kind and the batch's. */
export interface ScopedIdsShape {
  readonly scope: ScopeKind;
  readonly ids: IdsShape;
}

export const scopedIdsShape = (viewer: TenantViewer, ids: readonly string[]): ScopedIdsShape => ({
  scope: scopeKind(viewer),
  ids: idsShape(ids),
});

export const scopedIdsKey = (shape: ScopedIdsShape) => `${shape.scope}/${shape.ids}`;

/** The viewer's ids as SQL: parameters holding them, or placeholders filled at execution. */
export interface ScopeRefs {
  readonly kind: ScopeKind;
  readonly viewerId: SQL;
  readonly branchIds: SQL;
  readonly regionIds: SQL;
}

/** Placeholders for a statement compiled once per scope kind; run it with `scopeValues`. */
export function scopeRefs(kind: ScopeKind): ScopeRefs {
  return {
    kind,
    viewerId: sql`${sql.placeholder('scopeViewerId')}::uuid`,
    branchIds: sql`${sql.placeholder('scopeBranchIds')}::uuid[]`,
    regionIds: sql`${sql.placeholder('scopeRegionIds')}::uuid[]`,
  };
}

export function scopeValues(viewer: TenantViewer): Record<string, unknown> {
  return { scopeViewerId: viewer.id, scopeBranchIds: [...viewer.branchIds], scopeRegionIds: [...viewer.regionIds] };
}

function refsOf(viewer: TenantViewer): ScopeRefs {
  return {
    kind: scopeKind(viewer),
    viewerId: sql`${sql.param(viewer.id)}::uuid`,
    branchIds: sql`${sql.param([...viewer.branchIds])}::uuid[]`,
    regionIds: sql`${sql.param([...viewer.regionIds])}::uuid[]`,
  };
}

/**
 * True for the branch ids in `branchId` that the scope covers: the whole tenant (SUPER_ADMIN,
 * COUNTRY_MANAGER), the branches of its regions (REGION_MANAGER), its own live branches
 * (BRANCH_ADMIN, CONSULTANT). A scoped viewer with no region or branch covers nothing. Deleted
 * branches are left to the caller: they hold no live data, and lists filter them.
 */
export function branchScopeOf(s: ScopeRefs, branchId: AnyPgColumn | SQL): SQL {
  switch (s.kind) {
    case 'tenant':
      return TRUE;
    case 'none':
      return FALSE;
    case 'region': {
      const b = t.branches;
      return sql`${branchId} in (select ${b.id} from ${b} where ${b.regionId} = any(${s.regionIds}))`;
    }
    case 'branch':
      return sql`${branchId} = any(${s.branchIds})`;
  }
}

export function branchScope(_db: TenantDb, viewer: TenantViewer, branchId: AnyPgColumn | SQL): SQL {
  return branchScopeOf(refsOf(viewer), branchId);
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
  const s = refsOf(viewer);
  if (s.kind === 'tenant') return TRUE;
  const { regions, branches: b } = t;
  const own = s.kind === 'region' ? sql`${regions.id} = any(${s.regionIds})` : FALSE;
  return or(
    own,
    sql`${regions.id} in (select ${b.regionId} from ${b} where ${and(isNull(b.deletedAt), branchScopeOf(s, b.id))})`,
  )!;
}

/** Users sharing a branch in the scope: whom the viewer may assign work to. Always includes itself. */
export function userBranchScopeOf(s: ScopeRefs, users: typeof t.users = t.users): SQL {
  if (s.kind === 'tenant') return TRUE;
  const ub = t.userBranches;
  if (s.kind === 'none') return sql`${users.id} = ${s.viewerId}`;
  return or(
    sql`${users.id} = ${s.viewerId}`,
    sql`exists (select 1 from ${ub} where ${and(eq(ub.userId, users.id), branchScopeOf(s, ub.branchId))})`,
  )!;
}

export function userBranchScope(_db: TenantDb, viewer: TenantViewer): SQL {
  return userBranchScopeOf(refsOf(viewer));
}

/**
 * Users the scope sees: those sharing a branch in it, and for a region manager also the region
 * managers of its regions. Only a REGION_MANAGER has regions: a region link left on any other
 * role (written before that rule) must not widen anyone's reach.
 */
export function userScopeOf(s: ScopeRefs, users: typeof t.users = t.users): SQL {
  const byBranch = userBranchScopeOf(s, users);
  if (s.kind !== 'region') return byBranch;
  const ur = t.userRegions;
  return or(
    byBranch,
    sql`(${users.role} = 'REGION_MANAGER' and exists (select 1 from ${ur} where ${ur.userId} = ${users.id} and ${ur.regionId} = any(${s.regionIds})))`,
  )!;
}

export function userScope(_db: TenantDb, viewer: TenantViewer): SQL {
  return userScopeOf(refsOf(viewer));
}

/**
 * True for rows whose client (in `clientId`) is live and in the viewer's data scope: the one rule
 * for everything hanging off a client (decisions §2), applied in SQL.
 */
/**
 * The subquery's clients under an alias of their own: given the outer query's `clients.id`, an
 * unaliased subquery would resolve that column to its own table and match any client in scope.
 */
const scopeClient = alias(t.clients, 'scope_client');

export function clientScopeOf(s: ScopeRefs, clientId: AnyPgColumn | SQL): SQL {
  const c = scopeClient;
  // In a sql template an aliased table renders as its alias alone: the table is named beside it.
  return sql`exists (select 1 from ${t.clients} as ${c} where ${and(sql`${c.id} = ${clientId}`, isNull(c.deletedAt), branchScopeOf(s, c.branchId))})`;
}

export function clientScope(_db: TenantDb, viewer: TenantViewer, clientId: AnyPgColumn | SQL): SQL {
  return clientScopeOf(refsOf(viewer), clientId);
}
