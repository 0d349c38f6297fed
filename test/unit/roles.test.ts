// The tenant role hierarchy (decisions §2): ranks, who may create whom, and whose scope is what.
import { describe, expect, it } from 'vitest';
import { CREATABLE_ROLES, TENANT_ROLES, isBelow, scopedByBranches, seesWholeTenant } from '../../src/access/roles.js';

describe('the role hierarchy', () => {
  it('ranks SUPER_ADMIN over COUNTRY_MANAGER over REGION_MANAGER over BRANCH_ADMIN over CONSULTANT', () => {
    expect(TENANT_ROLES).toEqual(['SUPER_ADMIN', 'COUNTRY_MANAGER', 'REGION_MANAGER', 'BRANCH_ADMIN', 'CONSULTANT']);
    TENANT_ROLES.forEach((actor, i) =>
      TENANT_ROLES.forEach((role, j) => expect(isBelow(role, actor), `${role} below ${actor}`).toBe(j > i)),
    );
  });

  it('lets each role create exactly the roles below it, bar a COUNTRY_MANAGER for nobody but SUPER_ADMIN', () => {
    expect(CREATABLE_ROLES).toEqual({
      SUPER_ADMIN: ['COUNTRY_MANAGER', 'REGION_MANAGER', 'BRANCH_ADMIN', 'CONSULTANT'],
      COUNTRY_MANAGER: ['REGION_MANAGER', 'BRANCH_ADMIN', 'CONSULTANT'],
      REGION_MANAGER: ['BRANCH_ADMIN', 'CONSULTANT'],
      BRANCH_ADMIN: ['CONSULTANT'],
      CONSULTANT: [],
    });
  });

  it('gives SUPER_ADMIN and COUNTRY_MANAGER the whole tenant, and scopes BRANCH_ADMIN and CONSULTANT by branch', () => {
    expect(TENANT_ROLES.filter(seesWholeTenant)).toEqual(['SUPER_ADMIN', 'COUNTRY_MANAGER']);
    expect(TENANT_ROLES.filter(scopedByBranches)).toEqual(['BRANCH_ADMIN', 'CONSULTANT']);
  });
});
