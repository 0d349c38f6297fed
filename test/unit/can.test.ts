// Object-level permission checks (assertCan): the action itself, then the hierarchy on the target,
// and the one-branch scope checks they rest on (inBranchScope, inRegionScope).
import { describe, expect, it } from 'vitest';
import { defaultActions, type Action } from '../../src/access/actions.js';
import { assertCan, can, denial, type UserTarget } from '../../src/access/can.js';
import type { TenantRole } from '../../src/access/roles.js';
import { inBranchScope, inRegionScope, scopeKind } from '../../src/access/scope.js';
import type { TenantViewer } from '../../src/auth/viewer.js';

function viewer(role: TenantRole, extra: Partial<TenantViewer> = {}): TenantViewer {
  return {
    kind: 'tenant',
    id: `${role}-self`,
    email: 'v@acme.test',
    role,
    sessionId: 's1',
    tenant: {} as TenantViewer['tenant'],
    branchIds: [],
    regionIds: [],
    actions: new Set<Action>(defaultActions(role)),
    ...extra,
  };
}

const b11 = { id: 'B11', regionId: 'R1' };
const b12 = { id: 'B12', regionId: 'R1' };
const b21 = { id: 'B21', regionId: 'R2' };
const orphan = { id: 'B00', regionId: null };

const superAdmin = viewer('SUPER_ADMIN');
const country = viewer('COUNTRY_MANAGER');
const region = viewer('REGION_MANAGER', { regionIds: ['R1'] });
const branchAdmin = viewer('BRANCH_ADMIN', { branchIds: ['B11'] });
const consultant = viewer('CONSULTANT', { branchIds: ['B11'] });

function user(role: TenantRole, extra: Partial<UserTarget> = {}): UserTarget {
  return { id: `${role}-target`, role, branches: [b11], regionIds: [], ...extra };
}

describe('one-branch scope checks', () => {
  it('covers every branch for the whole tenant, its regions for a region manager, its own branches otherwise', () => {
    for (const v of [superAdmin, country]) for (const b of [b11, b21, orphan]) expect(inBranchScope(v, b)).toBe(true);
    expect([b11, b12, b21, orphan].map((b) => inBranchScope(region, b))).toEqual([true, true, false, false]);
    expect([b11, b12, b21, orphan].map((b) => inBranchScope(branchAdmin, b))).toEqual([true, false, false, false]);
    expect(inBranchScope(viewer('REGION_MANAGER', { regionIds: ['R1'], branchIds: ['B21'] }), b21)).toBe(false);
    expect(inBranchScope(viewer('CONSULTANT', { branchIds: ['B11'], regionIds: ['R2'] }), b21)).toBe(false);
  });

  it('lets the whole tenant attach any region, a region manager its own, and nobody else any', () => {
    expect([superAdmin, country].map((v) => inRegionScope(v, 'R9'))).toEqual([true, true]);
    expect([inRegionScope(region, 'R1'), inRegionScope(region, 'R2')]).toEqual([true, false]);
    expect(inRegionScope(viewer('BRANCH_ADMIN', { branchIds: ['B11'], regionIds: ['R1'] }), 'R1')).toBe(false);
  });

  it('names the shape of each scope, none for a scoped viewer without regions or branches', () => {
    expect([superAdmin, country, region, branchAdmin, consultant].map(scopeKind)).toEqual([
      'tenant',
      'tenant',
      'region',
      'branch',
      'branch',
    ]);
    expect(scopeKind(viewer('REGION_MANAGER', { branchIds: ['B11'] }))).toBe('none');
    expect(scopeKind(viewer('CONSULTANT', { regionIds: ['R1'] }))).toBe('none');
  });
});

describe('the action itself', () => {
  it("refuses an action the viewer's role does not hold, naming it, and allows one it holds", () => {
    expect(denial(consultant, 'user:create')).toBe('Your role may not user create');
    expect(denial(viewer('CONSULTANT', { actions: new Set() }), 'client:read')).toBe('Your role may not client read');
    expect(denial(consultant, 'client:read')).toBeNull();
    expect(can(consultant, 'client:read')).toBe(true);
    expect(can(consultant, 'user:create')).toBe(false);
  });

  it('checks only the action when there is no target, and throws FORBIDDEN with the reason', () => {
    expect(denial(branchAdmin, 'user:update')).toBeNull();
    expect(() => assertCan(branchAdmin, 'user:create')).not.toThrow();
    expect(() => assertCan(consultant, 'user:create')).toThrow(
      expect.objectContaining({
        message: 'Your role may not user create',
        extensions: expect.objectContaining({ code: 'FORBIDDEN' }),
      }),
    );
  });
});

describe('creating users', () => {
  const grant = (role: TenantRole, branches = [b11], regionIds: string[] = []) => ({ role, branches, regionIds });

  it('gives only a role the actor may create', () => {
    expect(denial(branchAdmin, 'user:create', grant('CONSULTANT'))).toBeNull();
    expect(denial(branchAdmin, 'user:create', grant('BRANCH_ADMIN'))).toBe('A BRANCH_ADMIN may not give the role BRANCH_ADMIN');
    expect(denial(country, 'user:create', grant('COUNTRY_MANAGER'))).toBe(
      'A COUNTRY_MANAGER may not give the role COUNTRY_MANAGER',
    );
    expect(denial(superAdmin, 'user:create', grant('SUPER_ADMIN'))).toBe('A SUPER_ADMIN may not give the role SUPER_ADMIN');
  });

  it('attaches only branches and regions in the actor’s scope', () => {
    expect(denial(branchAdmin, 'user:create', grant('CONSULTANT', [b11, b12]))).toBe('A branch is outside your scope');
    expect(denial(region, 'user:create', grant('BRANCH_ADMIN', [b11, b12]))).toBeNull();
    expect(denial(region, 'user:create', grant('CONSULTANT', [b21]))).toBe('A branch is outside your scope');
    expect(denial(country, 'user:create', grant('REGION_MANAGER', [], ['R1', 'R2']))).toBeNull();
    expect(denial(superAdmin, 'user:create', grant('REGION_MANAGER', [], ['R2']))).toBeNull();
    expect(denial(branchAdmin, 'user:create', grant('CONSULTANT', [b11], ['R1']))).toBe('A region is outside your scope');
    expect(can(branchAdmin, 'user:create', grant('CONSULTANT'))).toBe(true);
    expect(() => assertCan(branchAdmin, 'user:create', grant('CONSULTANT', [b21]))).toThrow('A branch is outside your scope');
  });
});

describe('managing an existing user', () => {
  it('never lets anyone change themselves', () => {
    const self = user('CONSULTANT', { id: branchAdmin.id });
    for (const action of ['user:update', 'user:deactivate', 'user:resetPassword'] as const) {
      const target = action === 'user:update' ? { ...self, grant: null } : self;
      expect(denial(branchAdmin, action, target as never)).toBe('Nobody may change their own role, scope or status');
    }
  });

  it('manages only users strictly below its own role', () => {
    expect(denial(branchAdmin, 'user:deactivate', user('BRANCH_ADMIN'))).toBe(
      'A BRANCH_ADMIN may only manage users below its own role',
    );
    expect(denial(region, 'user:resetPassword', user('COUNTRY_MANAGER'))).toBe(
      'A REGION_MANAGER may only manage users below its own role',
    );
    expect(denial(branchAdmin, 'user:deactivate', user('CONSULTANT'))).toBeNull();
    expect(denial(branchAdmin, 'user:resetPassword', user('CONSULTANT'))).toBeNull();
  });

  it('manages a user only when every branch and region it holds is in scope', () => {
    const outside = 'The user holds a branch or region outside your scope';
    expect(denial(branchAdmin, 'user:resetPassword', user('CONSULTANT', { branches: [b11, b12] }))).toBe(outside);
    expect(denial(branchAdmin, 'user:deactivate', user('CONSULTANT', { branches: [b12, b11] }))).toBe(outside);
    expect(denial(region, 'user:deactivate', user('BRANCH_ADMIN', { branches: [b11, b12] }))).toBeNull();
    expect(denial(region, 'user:deactivate', user('BRANCH_ADMIN', { branches: [b11, b21] }))).toBe(outside);
    expect(denial(country, 'user:deactivate', user('REGION_MANAGER', { branches: [], regionIds: ['R1', 'R2'] }))).toBeNull();
    expect(denial(branchAdmin, 'user:deactivate', user('CONSULTANT', { regionIds: ['R1'] }))).toBe(outside);
    expect(denial(region, 'user:deactivate', user('BRANCH_ADMIN', { regionIds: ['R2'] }))).toBe(outside);
    expect(denial(region, 'user:deactivate', user('BRANCH_ADMIN', { branches: [], regionIds: ['R1'] }))).toBeNull();
  });

  it('on update checks the user first, then the new role and scope given', () => {
    const u = user('CONSULTANT');
    expect(denial(branchAdmin, 'user:update', { ...u, grant: null })).toBeNull();
    expect(
      denial(branchAdmin, 'user:update', { ...u, grant: { role: 'CONSULTANT', branches: [b11], regionIds: [] } }),
    ).toBeNull();
    expect(denial(branchAdmin, 'user:update', { ...u, grant: { role: 'BRANCH_ADMIN', branches: [b11], regionIds: [] } })).toBe(
      'A BRANCH_ADMIN may not give the role BRANCH_ADMIN',
    );
    expect(denial(branchAdmin, 'user:update', { ...u, grant: { role: 'CONSULTANT', branches: [b12], regionIds: [] } })).toBe(
      'A branch is outside your scope',
    );
    expect(
      denial(branchAdmin, 'user:update', { ...u, branches: [b12], grant: { role: 'BRANCH_ADMIN', branches: [], regionIds: [] } }),
    ).toBe('The user holds a branch or region outside your scope');
  });
});

describe('branches', () => {
  const mine = 'A region manager may only manage branches in its own regions';

  it('lets a region manager create and delete branches only in its own regions', () => {
    expect(denial(region, 'branch:create', { regionId: 'R1' })).toBeNull();
    expect(denial(region, 'branch:create', { regionId: 'R2' })).toBe(mine);
    expect(denial(region, 'branch:create', { regionId: null })).toBe(mine);
    expect(denial(region, 'branch:delete', { id: 'B21', regionId: 'R2' })).toBe(mine);
    expect(denial(region, 'branch:delete', { id: 'B11', regionId: 'R1' })).toBeNull();
  });

  it('lets a region manager move a branch only from and to its own regions', () => {
    expect(denial(region, 'branch:update', { regionId: 'R1', newRegionId: 'R1' })).toBeNull();
    expect(denial(region, 'branch:update', { regionId: 'R1', newRegionId: 'R2' })).toBe(mine);
    expect(denial(region, 'branch:update', { regionId: 'R2', newRegionId: 'R1' })).toBe(mine);
  });

  it('leaves whole-tenant roles free to place branches anywhere', () => {
    expect(denial(country, 'branch:create', { regionId: null })).toBeNull();
    expect(denial(superAdmin, 'branch:update', { regionId: 'R2', newRegionId: null })).toBeNull();
    expect(denial(country, 'branch:delete', { regionId: 'R9' })).toBeNull();
  });
});
