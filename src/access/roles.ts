// The tenant role hierarchy of decisions §2: ranks, who may create whom, and who sees the whole tenant.
import { TENANT_ROLES, type TenantRole } from '../db/tables/tenant.js';

export { TENANT_ROLES, type TenantRole };

const RANK: Record<TenantRole, number> = {
  SUPER_ADMIN: 5,
  COUNTRY_MANAGER: 4,
  REGION_MANAGER: 3,
  BRANCH_ADMIN: 2,
  CONSULTANT: 1,
};

/** Roles each role may create, and the only roles it may give anyone (on create or role change). */
export const CREATABLE_ROLES: Record<TenantRole, readonly TenantRole[]> = {
  SUPER_ADMIN: ['COUNTRY_MANAGER', 'REGION_MANAGER', 'BRANCH_ADMIN', 'CONSULTANT'],
  COUNTRY_MANAGER: ['REGION_MANAGER', 'BRANCH_ADMIN', 'CONSULTANT'],
  REGION_MANAGER: ['BRANCH_ADMIN', 'CONSULTANT'],
  BRANCH_ADMIN: ['CONSULTANT'],
  CONSULTANT: [],
};

/** Whether `role` is strictly below `actor` in the hierarchy. */
export function isBelow(role: TenantRole, actor: TenantRole): boolean {
  return RANK[role] < RANK[actor];
}

/** Roles whose data scope is the whole tenant. */
export function seesWholeTenant(role: TenantRole): boolean {
  return role === 'SUPER_ADMIN' || role === 'COUNTRY_MANAGER';
}

/** Roles scoped by their own branches (as opposed to their regions or the whole tenant). */
export function scopedByBranches(role: TenantRole): boolean {
  return role === 'BRANCH_ADMIN' || role === 'CONSULTANT';
}
