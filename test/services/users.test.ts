// Users at the service level: the hierarchy of decisions §2 on create, update and deactivate (roles
// below the viewer's, branches and regions in its scope, all of a user's scope to manage it), unique
// emails, the seat limit, whom work may be assigned to, and the role permission sets.
import { count, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { TenantViewer } from '../../src/auth/viewer.js';
import { rolePermissionsList } from '../../src/modules/users/selectors/role-permissions.js';
import {
  assertAssignable,
  branchListByUserIds,
  userGetById,
  userIsAssignable,
  userList,
} from '../../src/modules/users/selectors/users.js';
import { rolePermissionsSet } from '../../src/modules/users/services/role-permissions.js';
import { userCreate, userSetActive, userUpdate } from '../../src/modules/users/services/users.js';
import { BRANCHES, type BranchKey, type Role } from '../kit/org-fixture.js';
import { gql, login, must } from '../kit/server.js';
import { refused, useServiceOrg } from '../kit/service-kit.js';

const org = useServiceOrg();
const { fx } = org;
let n = 0;

/** A createUser input for a new user of `role` on these fixture branches (and region ids). */
function person(role: Role, branches: BranchKey[] = [], regionIds: string[] = []) {
  const email = `user${++n}@${fx.tenant.slug}.test`;
  const branchIds = branches.map((b) => fx.branches[b]);
  return { email, password: 'service-pass-1', firstName: 'Service', lastName: `Person ${n}`, role, branchIds, regionIds };
}

async function create(viewer: TenantViewer, input: Record<string, unknown>) {
  return userCreate({ db: org.db, viewer, passwords: org.server.runtime.passwords, input });
}

/** The fixture branches `id` is linked to, as the owner sees them. */
async function branchesOf(id: string): Promise<BranchKey[]> {
  const byUser = await branchListByUserIds({ db: org.db, viewer: await org.viewer('SUPER_ADMIN'), ids: [id] });
  return (byUser.get(id) ?? []).map((b) => BRANCHES.find((k) => fx.branches[k] === b.id)!).sort();
}

/** Sets the tenant's maxUsers, as the platform admin does. */
async function setMaxUsers(maxUsers: number) {
  const update = 'mutation($id: ID!, $n: Int!) { updateTenant(id: $id, input: { maxUsers: $n }) { id } }';
  await must(gql(org.server, update, { id: org.tenant.id, n: maxUsers }, { token: org.platform.token }));
}

describe('who may create whom', () => {
  it('a branch admin creates a consultant, in its only branch by default, but no branch admin', async () => {
    const admin = await org.viewer('BRANCH_ADMIN@B11');
    const { branchIds: _, ...unplaced } = person('CONSULTANT');
    const consultant = await create(admin, unplaced);
    expect(consultant.role).toBe('CONSULTANT');
    expect(await branchesOf(consultant.id)).toEqual(['B11']);
    await refused(create(admin, person('BRANCH_ADMIN', ['B11'])), 'FORBIDDEN');
  });

  it('a region manager creates branch admins in the branches of its region only, and no region manager', async () => {
    const manager = await org.viewer('REGION_MANAGER@B11');
    expect(await branchesOf((await create(manager, person('BRANCH_ADMIN', ['B12']))).id)).toEqual(['B12']);
    await refused(create(manager, person('BRANCH_ADMIN', ['B21'])), 'FORBIDDEN');
    await refused(create(manager, person('REGION_MANAGER', [], [fx.regions.R1])), 'FORBIDDEN');
  });

  it('a scope that does not fit the role is bad input on the field', async () => {
    const owner = await org.viewer('SUPER_ADMIN');
    await refused(create(owner, person('CONSULTANT')), 'BAD_USER_INPUT', 'input.branchIds');
    await refused(create(owner, person('REGION_MANAGER')), 'BAD_USER_INPUT', 'input.regionIds');
    await refused(create(owner, person('BRANCH_ADMIN', ['B11'], [fx.regions.R1])), 'BAD_USER_INPUT', 'input.regionIds');
  });

  it('an id that is no branch is bad input on its index for the owner, and FORBIDDEN for a scoped viewer', async () => {
    const input = { ...person('CONSULTANT'), branchIds: ['00000000-0000-4000-8000-000000000000'] };
    await refused(create(await org.viewer('SUPER_ADMIN'), input), 'BAD_USER_INPUT', 'input.branchIds.0');
    await refused(create(await org.viewer('REGION_MANAGER@B11'), input), 'FORBIDDEN');
  });

  it('an email already taken, in any case, is a CONFLICT on the email, on create and on update', async () => {
    const owner = await org.viewer('SUPER_ADMIN');
    const taken = fx.users['CONSULTANT@B11']!.email.toUpperCase();
    await refused(create(owner, { ...person('CONSULTANT', ['B11']), email: taken }), 'CONFLICT', 'input.email');
    const { id } = await create(owner, person('CONSULTANT', ['B11']));
    await refused(userUpdate({ db: org.db, viewer: owner, id, input: { email: taken } }), 'CONFLICT', 'input.email');
  });
});

describe('who may manage whom', () => {
  it('only users strictly below the viewer, and never itself', async () => {
    const admin = await org.viewer('BRANCH_ADMIN@B11');
    const peer = await create(await org.viewer('SUPER_ADMIN'), person('BRANCH_ADMIN', ['B11']));
    await refused(userUpdate({ db: org.db, viewer: admin, id: peer.id, input: { firstName: 'Peer' } }), 'FORBIDDEN');
    await refused(userSetActive({ db: org.db, viewer: admin, id: peer.id, isActive: false }), 'FORBIDDEN');
    await refused(userUpdate({ db: org.db, viewer: admin, id: admin.id, input: { role: 'CONSULTANT' } }), 'FORBIDDEN');
    const { id } = await create(admin, person('CONSULTANT', ['B11']));
    expect((await userUpdate({ db: org.db, viewer: admin, id, input: { lastName: 'Renamed' } })).lastName).toBe('Renamed');
  });

  it('a user partly outside the viewer’s scope is visible but not managed; one wholly outside is NOT_FOUND', async () => {
    const straddler = await create(await org.viewer('SUPER_ADMIN'), person('CONSULTANT', ['B11', 'B21']));
    const outsider = fx.users['CONSULTANT@B21']!.id;
    const input = { firstName: 'Moved' };
    await refused(userUpdate({ db: org.db, viewer: await org.viewer('BRANCH_ADMIN@B11'), id: outsider, input }), 'NOT_FOUND');
    for (const who of ['BRANCH_ADMIN@B11', 'REGION_MANAGER@B11']) {
      const viewer = await org.viewer(who);
      expect((await userGetById({ db: org.db, viewer, id: straddler.id })).id).toBe(straddler.id);
      await refused(userUpdate({ db: org.db, viewer, id: straddler.id, input }), 'FORBIDDEN');
      await refused(userSetActive({ db: org.db, viewer, id: straddler.id, isActive: false }), 'FORBIDDEN');
    }
    const manager = await org.viewer('COUNTRY_MANAGER@B11');
    expect((await userUpdate({ db: org.db, viewer: manager, id: straddler.id, input })).firstName).toBe('Moved');
  });

  it('a branch or region filter outside the viewer’s scope says nothing of who belongs there', async () => {
    const owner = await org.viewer('SUPER_ADMIN');
    const straddler = await create(owner, person('CONSULTANT', ['B11', 'B21']));
    const twoRegions = await create(owner, person('REGION_MANAGER', [], [fx.regions.R1, fx.regions.R2]));
    const ids = async (viewer: TenantViewer, filter: Record<string, string>) =>
      (await userList({ db: org.db, viewer, first: 100, filter })).nodes.map((u) => u.id);
    for (const who of ['BRANCH_ADMIN@B11', 'CONSULTANT@B11', 'REGION_MANAGER@B11']) {
      const viewer = await org.viewer(who);
      expect(await ids(viewer, { branchId: fx.branches.B11 })).toContain(straddler.id);
      expect(await ids(viewer, { branchId: fx.branches.B21 })).toEqual([]);
    }
    const regionManager = await org.viewer('REGION_MANAGER@B11');
    expect(await ids(regionManager, { regionId: fx.regions.R1 })).toContain(twoRegions.id);
    expect(await ids(regionManager, { regionId: fx.regions.R2 })).toEqual([]);
    expect(await ids(owner, { branchId: fx.branches.B21 })).toContain(straddler.id);
    expect(await ids(owner, { regionId: fx.regions.R2 })).toContain(twoRegions.id);
  });

  it('a region manager re-scopes a user within its region and to a role it could create, not beyond', async () => {
    const manager = await org.viewer('REGION_MANAGER@B11');
    const { id } = await create(manager, person('CONSULTANT', ['B11']));
    await userUpdate({ db: org.db, viewer: manager, id, input: { role: 'BRANCH_ADMIN', branchIds: [fx.branches.B12] } });
    expect(await branchesOf(id)).toEqual(['B12']);
    await refused(userUpdate({ db: org.db, viewer: manager, id, input: { branchIds: [fx.branches.B21] } }), 'FORBIDDEN');
    const promote = { role: 'REGION_MANAGER', branchIds: [], regionIds: [fx.regions.R1] };
    await refused(userUpdate({ db: org.db, viewer: manager, id, input: promote }), 'FORBIDDEN');
    expect((await userGetById({ db: org.db, viewer: manager, id })).role).toBe('BRANCH_ADMIN');
    expect(await branchesOf(id)).toEqual(['B12']);
  });

  it('deactivation ends the user’s sessions and sign-ins at once; reactivation lets it sign in anew', async () => {
    const consultant = await org.newViewer('CONSULTANT', { branches: ['B12'] });
    const admin = await org.viewer('BRANCH_ADMIN@B12');
    expect((await userSetActive({ db: org.db, viewer: admin, id: consultant.id, isActive: false })).isActive).toBe(false);
    await refused(org.reread(consultant), 'UNAUTHENTICATED');
    const signIn = () => login(org.server, consultant.email, 'service-pass-1', fx.tenant.slug);
    await expect(signIn()).rejects.toThrow();
    expect((await userSetActive({ db: org.db, viewer: admin, id: consultant.id, isActive: true })).isActive).toBe(true);
    expect((await signIn()).accessToken).toBeTruthy();
  });
});

describe('the seat limit', () => {
  it('a full tenant refuses a new user and a reactivation; a deactivation frees a seat', async () => {
    const owner = await org.viewer('SUPER_ADMIN');
    const { id } = await create(owner, person('CONSULTANT', ['B22']));
    const u = org.db.t.users;
    const [active] = await org.db.orm.select({ n: count() }).from(u).where(eq(u.isActive, true));
    await setMaxUsers(active!.n);
    try {
      await refused(create(owner, person('CONSULTANT', ['B22'])), 'FORBIDDEN');
      await userSetActive({ db: org.db, viewer: owner, id, isActive: false });
      const { id: other } = await create(owner, person('CONSULTANT', ['B22']));
      await refused(userSetActive({ db: org.db, viewer: owner, id, isActive: true }), 'FORBIDDEN');
      await userSetActive({ db: org.db, viewer: owner, id: other, isActive: false });
      expect((await userSetActive({ db: org.db, viewer: owner, id, isActive: true })).isActive).toBe(true);
    } finally {
      await setMaxUsers(500);
    }
  });
});

describe('whom work may be assigned to', () => {
  it('a branch admin: active users sharing its branch (partly in scope is enough), and itself', async () => {
    const viewer = await org.viewer('BRANCH_ADMIN@B11');
    const assignable = (userId: string) => userIsAssignable({ db: org.db, viewer, userId });
    const owner = await org.viewer('SUPER_ADMIN');
    const straddler = await create(owner, person('CONSULTANT', ['B12', 'B11']));
    const gone = await create(owner, person('CONSULTANT', ['B11']));
    await userSetActive({ db: org.db, viewer: owner, id: gone.id, isActive: false });
    expect(await assignable(fx.users['CONSULTANT@B11']!.id)).toBe(true);
    expect(await assignable(straddler.id)).toBe(true);
    expect(await assignable(viewer.id)).toBe(true);
    expect(await assignable(fx.users['CONSULTANT@B12']!.id)).toBe(false);
    expect(await assignable(gone.id)).toBe(false);
    expect(await assignable(fx.users['REGION_MANAGER@B11']!.id)).toBe(false);
  });

  it('a region manager: the users of its region’s branches', async () => {
    const viewer = await org.viewer('REGION_MANAGER@B21');
    const path = 'input.assignedToId';
    const consultant = fx.users['CONSULTANT@B22']!.id;
    expect(await assertAssignable({ db: org.db, viewer, userId: consultant, path })).toBe(consultant);
    await refused(assertAssignable({ db: org.db, viewer, userId: fx.users['CONSULTANT@B11']!.id, path }), 'FORBIDDEN');
  });

  it('a scoped viewer gets FORBIDDEN for an id that is no user; the owner, bad input on the field', async () => {
    const path = 'input.assignedToId';
    const nobody = '00000000-0000-4000-8000-000000000000';
    const viewer = await org.viewer('CONSULTANT@B11');
    await refused(assertAssignable({ db: org.db, viewer, userId: nobody, path }), 'FORBIDDEN');
    await refused(assertAssignable({ db: org.db, viewer, userId: 'not-an-id', path }), 'BAD_USER_INPUT', path);
    await refused(
      assertAssignable({ db: org.db, viewer: await org.viewer('SUPER_ADMIN'), userId: nobody, path }),
      'BAD_USER_INPUT',
      path,
    );
  });
});

describe('role permission sets', () => {
  it('the owner grants a consultant a data action but no restricted one; the owner’s own set is fixed', async () => {
    const owner = await org.viewer('SUPER_ADMIN');
    await refused(rolePermissionsList({ db: org.db, viewer: await org.viewer('COUNTRY_MANAGER@B11') }), 'FORBIDDEN');
    const consultantSet = (await rolePermissionsList({ db: org.db, viewer: owner })).find((p) => p.role === 'CONSULTANT')!;
    const defaults = consultantSet.defaultActions;
    expect(consultantSet.grantableActions).toContain('agent:delete');
    expect(consultantSet.grantableActions).not.toContain('user:create');
    const set = (role: string, actions: string[]) => rolePermissionsSet({ db: org.db, viewer: owner, input: { role, actions } });

    await refused(set('CONSULTANT', [...defaults, 'user:create']), 'FORBIDDEN');
    await refused(set('CONSULTANT', [...defaults, 'no:such']), 'BAD_USER_INPUT', `input.actions.${defaults.length}`);
    await refused(set('SUPER_ADMIN', [...owner.actions]), 'FORBIDDEN');
    expect(await set('CONSULTANT', [...defaults, 'agent:delete'])).toMatchObject({ customized: true });
    expect((await org.viewer('CONSULTANT@B11')).actions.has('agent:delete')).toBe(true);
    expect(await set('CONSULTANT', defaults)).toMatchObject({ customized: false });
    expect((await org.viewer('CONSULTANT@B11')).actions.has('agent:delete')).toBe(false);
  });
});
