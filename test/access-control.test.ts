// The hierarchy of decisions §2 under attack: every escalation attempt fails with FORBIDDEN and
// changes nothing; deactivation ends access at once; role permission sets take effect on the next
// request and cannot lift a role past its ceiling; maxUsers holds; platform admins add SUPER_ADMINs.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { tenantDb } from '../src/db/tenant-db.js';
import { CREATE_USER } from './kit/org-fixture.js';
import { createTenant, gql, login, must, type GqlResult } from './kit/server.js';
import { holdAt } from './kit/hold.js';
import { useOrgServer } from './kit/use-server.js';

const { server, fx, platform, as, owner } = useOrgServer();

const USER = 'query($id: ID!) { user(id: $id) { id role isActive firstName branches { id } regions { id } } }';
const UPDATE =
  'mutation($id: ID!, $i: UpdateUserInput!) { updateUser(id: $id, input: $i) { id role branches { id } regions { id } } }';
const SET_PERMS = 'mutation($i: SetRolePermissionsInput!) { setRolePermissions(input: $i) { role actions customized } }';

let seq = 0;
const newUser = (role: string, branchIds: string[] = [], regionIds: string[] = []) => ({
  email: `u${++seq}-${Date.now()}@${fx.tenant.slug}.test`,
  password: 'user-pass-123',
  firstName: 'New',
  lastName: `User ${seq}`,
  role,
  branchIds,
  regionIds,
});

async function snapshot(id: string) {
  return (await must(owner(USER, { id }))).user;
}

/** Each attempt is FORBIDDEN, and the user `id` reads after them as it did before. */
async function expectRefusedUnchanged(id: string, attempts: (() => Promise<GqlResult>)[]): Promise<void> {
  const before = await snapshot(id);
  for (const attempt of attempts) expectForbidden(await attempt());
  expect(await snapshot(id)).toEqual(before);
}
function expectForbidden(r: GqlResult) {
  expect(r.codes).toEqual(['FORBIDDEN']);
  expect(r.data).toBeNull();
}

async function userCountByEmail(email: string): Promise<number> {
  return (await must(owner('query($s: String) { users(filter: { search: $s }) { totalCount } }', { s: email }))).users.totalCount;
}

describe('escalation attempts fail with FORBIDDEN and change nothing', () => {
  const creations: [string, string, string[]][] = [
    ['a branch admin creating a branch admin (its own role)', 'BRANCH_ADMIN@B11', ['BRANCH_ADMIN']],
    ['a branch admin creating a region manager (higher)', 'BRANCH_ADMIN@B11', ['REGION_MANAGER']],
    ['a region manager creating a region manager', 'REGION_MANAGER@B11', ['REGION_MANAGER']],
    ['a country manager creating a country manager', 'COUNTRY_MANAGER@B11', ['COUNTRY_MANAGER']],
    ['a super admin creating a super admin inside the tenant', 'SUPER_ADMIN', ['SUPER_ADMIN']],
  ];
  for (const [name, actor, [role]] of creations) {
    it(name, async () => {
      const i = newUser(role!, [fx.branches.B11], [fx.regions.R1]);
      expectForbidden(await as(actor, CREATE_USER, { i }));
      expect(await userCountByEmail(i.email)).toBe(0);
    });
  }

  it('a branch admin raising a consultant to its own level', async () => {
    const id = fx.users['CONSULTANT@B11']!.id;
    await expectRefusedUnchanged(id, [() => as('BRANCH_ADMIN@B11', UPDATE, { id, i: { role: 'BRANCH_ADMIN' } })]);
  });

  it('a super admin raising a country manager to SUPER_ADMIN', async () => {
    const id = fx.users['COUNTRY_MANAGER@B21']!.id;
    await expectRefusedUnchanged(id, [() => owner(UPDATE, { id, i: { role: 'SUPER_ADMIN' } })]);
  });

  it('anyone changing their own role or scope', async () => {
    for (const who of ['SUPER_ADMIN', 'COUNTRY_MANAGER@B11', 'REGION_MANAGER@B11', 'BRANCH_ADMIN@B11']) {
      const id = fx.users[who]!.id;
      await expectRefusedUnchanged(id, [
        () => as(who, UPDATE, { id, i: { role: 'CONSULTANT' } }),
        () => as(who, UPDATE, { id, i: { branchIds: [fx.branches.B22] } }),
        () => as(who, 'mutation($id: ID!) { deactivateUser(id: $id) { id } }', { id }),
      ]);
    }
  });

  it('a branch admin updating a peer branch admin or a superior it can see', async () => {
    const peer = (await must(owner(CREATE_USER, { i: newUser('BRANCH_ADMIN', [fx.branches.B11]) }))).createUser.id;
    for (const id of [peer, fx.users['COUNTRY_MANAGER@B11']!.id]) {
      await expectRefusedUnchanged(id, [
        () => as('BRANCH_ADMIN@B11', UPDATE, { id, i: { firstName: 'Hijacked' } }),
        () =>
          as('BRANCH_ADMIN@B11', 'mutation($id: ID!) { resetUserPassword(id: $id, input: { newPassword: "hijack-pass-1" }) }', {
            id,
          }),
        () => as('BRANCH_ADMIN@B11', 'mutation($id: ID!) { deactivateUser(id: $id) { id } }', { id }),
      ]);
    }
  });

  it('a region manager updating another region manager of its own region', async () => {
    const id = fx.users['REGION_MANAGER@B12']!.id;
    await expectRefusedUnchanged(id, [() => as('REGION_MANAGER@B11', UPDATE, { id, i: { lastName: 'Hijacked' } })]);
  });

  it('a branch admin assigning a branch outside its scope', async () => {
    const id = fx.users['CONSULTANT@B11']!.id;
    await expectRefusedUnchanged(id, [
      () => as('BRANCH_ADMIN@B11', UPDATE, { id, i: { branchIds: [fx.branches.B11, fx.branches.B21] } }),
      () => as('BRANCH_ADMIN@B11', CREATE_USER, { i: newUser('CONSULTANT', [fx.branches.B12]) }),
    ]);
  });

  it('a branch admin or region manager assigning a region outside its scope', async () => {
    const id = fx.users['CONSULTANT@B11']!.id;
    await expectRefusedUnchanged(id, [
      () => as('BRANCH_ADMIN@B11', UPDATE, { id, i: { regionIds: [fx.regions.R1] } }),
      () => as('REGION_MANAGER@B11', UPDATE, { id, i: { regionIds: [fx.regions.R2] } }),
      () => as('REGION_MANAGER@B11', CREATE_USER, { i: newUser('BRANCH_ADMIN', [fx.branches.B11], [fx.regions.R2]) }),
    ]);
  });

  it('a region manager creating a branch or moving one into another region', async () => {
    const before = await must(owner('query($id: ID!) { branch(id: $id) { region { id } } }', { id: fx.branches.B11 }));
    expectForbidden(
      await as('REGION_MANAGER@B11', 'mutation($i: CreateBranchInput!) { createBranch(input: $i) { id } }', {
        i: { name: 'Sneaky', regionId: fx.regions.R2 },
      }),
    );
    expectForbidden(
      await as('REGION_MANAGER@B11', 'mutation($id: ID!, $r: ID) { updateBranch(id: $id, input: { regionId: $r }) { id } }', {
        id: fx.branches.B11,
        r: fx.regions.R2,
      }),
    );
    expectForbidden(
      await as('REGION_MANAGER@B11', 'mutation($id: ID!) { updateBranch(id: $id, input: { regionId: null }) { id } }', {
        id: fx.branches.B11,
      }),
    );
    expect(await must(owner('query($id: ID!) { branch(id: $id) { region { id } } }', { id: fx.branches.B11 }))).toEqual(before);
  });

  it('exceeding maxUsers, on create and on reactivation', async () => {
    const t = await createTenant(server, platform.token, { maxUsers: 2 });
    const auth = { tenant: t.slug, token: t.ownerTokens.accessToken };
    const branch = (await must(gql(server, 'mutation { createBranch(input: { name: "Only" }) { id } }', {}, auth))).createBranch
      .id;
    const mk = (n: number) => ({
      email: `m${n}@${t.slug}.test`,
      password: 'seat-pass-12',
      firstName: 'S',
      lastName: `${n}`,
      role: 'CONSULTANT',
      branchIds: [branch],
    });
    const first = (await must(gql(server, CREATE_USER, { i: mk(1) }, auth))).createUser.id;
    const over = await gql(server, CREATE_USER, { i: mk(2) }, auth);
    expectForbidden(over);
    expect(over.errors![0]!.message).toMatch(/limit of 2/);
    const count = () => must(gql(server, '{ users { totalCount } }', {}, auth)).then((d) => d.users.totalCount);
    expect(await count()).toBe(2);
    // A deactivated user frees its seat; reactivating it while the seat is taken again is refused.
    await must(gql(server, 'mutation($id: ID!) { deactivateUser(id: $id) { id } }', { id: first }, auth));
    await must(gql(server, CREATE_USER, { i: mk(3) }, auth));
    expectForbidden(await gql(server, 'mutation($id: ID!) { reactivateUser(id: $id) { id } }', { id: first }, auth));
    expect((await must(gql(server, USER, { id: first }, auth))).user.isActive).toBe(false);
    expectForbidden(
      await gql(
        server,
        'mutation($t: ID!, $i: AddTenantSuperAdminInput!) { addTenantSuperAdmin(tenantId: $t, input: $i) { id } }',
        { t: t.id, i: { email: `x@${t.slug}.test`, password: 'seat-pass-12', firstName: 'X', lastName: 'Y' } },
        { token: platform.token },
      ),
    );
  });
});

describe('a user only partly in the actor’s scope stays visible but cannot be managed', () => {
  const RESET = 'mutation($id: ID!) { resetUserPassword(id: $id, input: { newPassword: "taken-over-1" }) }';
  const DEACTIVATE = 'mutation($id: ID!) { deactivateUser(id: $id) { id } }';
  const REACTIVATE = 'mutation($id: ID!) { reactivateUser(id: $id) { id } }';

  /** Every user-management operation fails with FORBIDDEN, the target is unchanged, and its password still works. */
  async function expectUnmanageable(actor: string, branchIds: string[]) {
    const i = newUser('CONSULTANT', branchIds);
    const id = (await must(owner(CREATE_USER, { i }))).createUser.id;
    expect((await must(as(actor, USER, { id }))).user.id).toBe(id);
    await expectRefusedUnchanged(id, [
      () => as(actor, UPDATE, { id, i: { role: 'BRANCH_ADMIN' } }),
      () => as(actor, UPDATE, { id, i: { firstName: 'Hijacked' } }),
      () => as(actor, UPDATE, { id, i: { branchIds: [branchIds[0]] } }),
      () => as(actor, RESET, { id }),
      () => as(actor, DEACTIVATE, { id }),
    ]);
    await login(server, i.email, i.password, fx.tenant.slug);
    await must(owner(DEACTIVATE, { id }));
    expectForbidden(await as(actor, REACTIVATE, { id }));
    expect((await snapshot(id)).isActive).toBe(false);
  }

  it('a region manager against a consultant of a branch in its region and a branch outside it', () =>
    expectUnmanageable('REGION_MANAGER@B11', [fx.branches.B11, fx.branches.B21]));

  it('a branch admin against a consultant sharing one of its branches and holding another', () =>
    expectUnmanageable('BRANCH_ADMIN@B11', [fx.branches.B11, fx.branches.B12]));

  it('the same region manager still manages a consultant of two branches of its region', async () => {
    const id = (await must(owner(CREATE_USER, { i: newUser('CONSULTANT', [fx.branches.B11, fx.branches.B12]) }))).createUser.id;
    expect((await must(as('REGION_MANAGER@B11', UPDATE, { id, i: { role: 'BRANCH_ADMIN' } }))).updateUser.role).toBe(
      'BRANCH_ADMIN',
    );
    expect((await must(as('REGION_MANAGER@B11', RESET, { id }))).resetUserPassword).toBe(true);
  });
});

describe('only a region manager has regions', () => {
  const RESET = 'mutation($id: ID!) { resetUserPassword(id: $id, input: { newPassword: "taken-over-1" }) }';
  const onlyRegionManagers = (role: string) => [
    { path: 'input.regionIds', message: `only a REGION_MANAGER has regions, not a ${role}` },
  ];

  it('creating any other role with regions is BAD_USER_INPUT on input.regionIds', async () => {
    for (const [actor, role] of [
      ['SUPER_ADMIN', 'CONSULTANT'],
      ['SUPER_ADMIN', 'COUNTRY_MANAGER'],
      ['REGION_MANAGER@B11', 'BRANCH_ADMIN'],
    ] as const) {
      const i = newUser(role, [fx.branches.B11], [fx.regions.R1]);
      const r = await as(actor, CREATE_USER, { i });
      expect(r.codes).toEqual(['BAD_USER_INPUT']);
      expect(r.errors![0]!.extensions!.fields).toEqual(onlyRegionManagers(role));
      expect(await userCountByEmail(i.email)).toBe(0);
    }
  });

  it('giving a user of another role a region is BAD_USER_INPUT, and changes nothing', async () => {
    const id = fx.users['CONSULTANT@B12']!.id;
    const before = await snapshot(id);
    const r = await owner(UPDATE, { id, i: { regionIds: [fx.regions.R1] } });
    expect(r.errors![0]!.extensions!.fields).toEqual(onlyRegionManagers('CONSULTANT'));
    expect(await snapshot(id)).toEqual(before);
  });

  it('a region manager re-roled to consultant loses its regions, and the managers of its old region no longer reach it', async () => {
    const id = (await must(owner(CREATE_USER, { i: newUser('REGION_MANAGER', [], [fx.regions.R1]) }))).createUser.id;
    const r = await must(owner(UPDATE, { id, i: { role: 'CONSULTANT', branchIds: [fx.branches.B21] } }));
    expect(r.updateUser).toMatchObject({ role: 'CONSULTANT', branches: [{ id: fx.branches.B21 }], regions: [] });
    expect((await as('REGION_MANAGER@B11', USER, { id })).codes).toEqual(['NOT_FOUND']);
    expect((await as('REGION_MANAGER@B11', RESET, { id })).codes).toEqual(['NOT_FOUND']);
  });

  it('a region link left on a consultant (written before the rule) gives a region manager no reach', async () => {
    const id = (await must(owner(CREATE_USER, { i: newUser('CONSULTANT', [fx.branches.B21]) }))).createUser.id;
    const db = tenantDb(server.runtime.database, fx.tenant.schemaName);
    await db.orm.insert(db.t.userRegions).values({ userId: id, regionId: fx.regions.R1 });
    expect((await as('REGION_MANAGER@B11', USER, { id })).codes).toEqual(['NOT_FOUND']);
    expect((await as('REGION_MANAGER@B11', RESET, { id })).codes).toEqual(['NOT_FOUND']);
    expect((await as('REGION_MANAGER@B11', '{ users(first: 100) { nodes { id } } }')).data!.users.nodes).not.toContainEqual({
      id,
    });
    // The owner may still manage it, and a re-scope clears the stale link.
    await must(owner(UPDATE, { id, i: { branchIds: [fx.branches.B22] } }));
    expect(await db.orm.select().from(db.t.userRegions).where(eq(db.t.userRegions.userId, id))).toEqual([]);
  });
});

describe('user management within the rules', () => {
  it('a branch admin creates a consultant in its only branch without naming it', async () => {
    const i = newUser('CONSULTANT');
    delete (i as Partial<typeof i>).branchIds;
    delete (i as Partial<typeof i>).regionIds;
    const created = (await must(as('BRANCH_ADMIN@B11', CREATE_USER, { i }))).createUser;
    expect((await snapshot(created.id)).branches).toEqual([{ id: fx.branches.B11 }]);
  });

  it('a scoped role needs a branch (or a region for a region manager), with the field named', async () => {
    const r = await owner(CREATE_USER, { i: newUser('REGION_MANAGER', [fx.branches.B11]) });
    expect(r.codes).toEqual(['BAD_USER_INPUT']);
    expect(r.errors![0]!.extensions!.fields).toEqual([
      { path: 'input.regionIds', message: 'a REGION_MANAGER needs at least one region' },
    ]);
    const c = await owner(CREATE_USER, { i: newUser('CONSULTANT') });
    expect(c.errors![0]!.extensions!.fields).toEqual([
      { path: 'input.branchIds', message: 'a CONSULTANT needs at least one branch' },
    ]);
  });

  it('emails are unique per tenant, case-insensitively', async () => {
    const i = newUser('CONSULTANT', [fx.branches.B11]);
    await must(owner(CREATE_USER, { i }));
    const dup = await owner(CREATE_USER, { i: { ...i, email: i.email.toUpperCase() } });
    expect(dup.codes).toEqual(['CONFLICT']);
    expect(dup.errors![0]!.extensions!.fields).toEqual([{ path: 'input.email', message: expect.any(String) }]);
  });

  it('re-scoping a user wholly in the actor’s scope replaces its branches outright', async () => {
    const id = (await must(owner(CREATE_USER, { i: newUser('CONSULTANT', [fx.branches.B11, fx.branches.B12]) }))).createUser.id;
    const r = await must(as('REGION_MANAGER@B11', UPDATE, { id, i: { branchIds: [fx.branches.B12] } }));
    expect(r.updateUser.branches).toEqual([{ id: fx.branches.B12 }]);
    expect((await snapshot(id)).branches).toEqual([{ id: fx.branches.B12 }]);
  });

  it('a region manager re-scopes a consultant between the branches of its region', async () => {
    const id = (await must(owner(CREATE_USER, { i: newUser('CONSULTANT', [fx.branches.B11]) }))).createUser.id;
    const r = await must(as('REGION_MANAGER@B11', UPDATE, { id, i: { branchIds: [fx.branches.B12], role: 'BRANCH_ADMIN' } }));
    expect(r.updateUser).toMatchObject({ role: 'BRANCH_ADMIN', branches: [{ id: fx.branches.B12 }] });
  });

  it('an unknown branch is BAD_USER_INPUT for a whole-tenant actor and FORBIDDEN (no oracle) for a scoped one', async () => {
    const ghost = '00000000-0000-4000-8000-000000000000';
    const sa = await owner(CREATE_USER, { i: newUser('CONSULTANT', [ghost]) });
    expect(sa.codes).toEqual(['BAD_USER_INPUT']);
    expect(sa.errors![0]!.extensions!.fields).toEqual([{ path: 'input.branchIds.0', message: 'is not a branch' }]);
    expectForbidden(await as('BRANCH_ADMIN@B11', CREATE_USER, { i: newUser('CONSULTANT', [ghost]) }));
  });

  it('filters users by role, branch, region, activity and search', async () => {
    const q = 'query($f: UserFilter) { users(first: 100, filter: $f) { totalCount nodes { id role } } }';
    const byRole = (await must(owner(q, { f: { role: 'REGION_MANAGER' } }))).users;
    expect(byRole.nodes.every((n: { role: string }) => n.role === 'REGION_MANAGER')).toBe(true);
    expect(byRole.totalCount).toBeGreaterThanOrEqual(4);
    const inB22 = (await must(owner(q, { f: { branchId: fx.branches.B22 } }))).users.nodes.map((n: { id: string }) => n.id);
    expect(inB22).toEqual(expect.arrayContaining([fx.users['CONSULTANT@B22']!.id, fx.users['BRANCH_ADMIN@B22']!.id]));
    expect(inB22).not.toContain(fx.users['CONSULTANT@B11']!.id);
    const inR2 = (await must(owner(q, { f: { regionId: fx.regions.R2 } }))).users.nodes.map((n: { id: string }) => n.id);
    expect(inR2).toContain(fx.users['REGION_MANAGER@B21']!.id);
    const search = (await must(owner(q, { f: { search: 'consultant@b12' } }))).users.nodes.map((n: { id: string }) => n.id);
    expect(search).toEqual([fx.users['CONSULTANT@B12']!.id]);
  });

  it('pages users with opaque cursors', async () => {
    const q = 'query($a: String) { users(first: 5, after: $a) { totalCount nodes { id } pageInfo { hasNextPage endCursor } } }';
    const seen: string[] = [];
    let after: string | null = null;
    let total = 0;
    for (let i = 0; i < 50; i++) {
      const page: { totalCount: number; nodes: { id: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } = (
        await must(owner(q, { a: after }))
      ).users;
      total = page.totalCount;
      seen.push(...page.nodes.map((n) => n.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(total);
  });
});

describe('deactivation', () => {
  it('ends access at once: the next request, the refresh token and a new login all fail', async () => {
    const i = newUser('CONSULTANT', [fx.branches.B11]);
    const id = (await must(owner(CREATE_USER, { i }))).createUser.id;
    const tokens = await login(server, i.email, i.password, fx.tenant.slug);
    const auth = { tenant: fx.tenant.slug, token: tokens.accessToken };
    expect((await gql(server, '{ me { id } }', {}, auth)).data?.me.id).toBe(id);
    await must(as('BRANCH_ADMIN@B11', 'mutation($id: ID!) { deactivateUser(id: $id) { isActive } }', { id }));
    expect((await gql(server, '{ me { id } }', {}, auth)).codes).toEqual(['UNAUTHENTICATED']);
    const refresh = await gql(
      server,
      'mutation($t: String!) { refreshSession(input: { refreshToken: $t }) { accessToken } }',
      { t: tokens.refreshToken },
      { tenant: fx.tenant.slug },
    );
    expect(refresh.codes).toEqual(['UNAUTHENTICATED']);
    await expect(login(server, i.email, i.password, fx.tenant.slug)).rejects.toThrow(/UNAUTHENTICATED/);
    // Reactivation lets the user sign in again; the old session stays dead.
    await must(as('BRANCH_ADMIN@B11', 'mutation($id: ID!) { reactivateUser(id: $id) { isActive } }', { id }));
    expect((await gql(server, '{ me { id } }', {}, auth)).codes).toEqual(['UNAUTHENTICATED']);
    await login(server, i.email, i.password, fx.tenant.slug);
  });

  it('a password reset by an admin ends the user’s sessions and sets the new password', async () => {
    const i = newUser('CONSULTANT', [fx.branches.B11]);
    const id = (await must(owner(CREATE_USER, { i }))).createUser.id;
    const tokens = await login(server, i.email, i.password, fx.tenant.slug);
    await must(
      as('BRANCH_ADMIN@B11', 'mutation($id: ID!) { resetUserPassword(id: $id, input: { newPassword: "brand-new-pass" }) }', {
        id,
      }),
    );
    expect((await gql(server, '{ me { id } }', {}, { tenant: fx.tenant.slug, token: tokens.accessToken })).codes).toEqual([
      'UNAUTHENTICATED',
    ]);
    await expect(login(server, i.email, i.password, fx.tenant.slug)).rejects.toThrow();
    await login(server, i.email, 'brand-new-pass', fx.tenant.slug);
  });
});

describe('me', () => {
  it('returns the role, branches, regions, actions and creatable roles', async () => {
    const me = (await must(as('BRANCH_ADMIN@B11', '{ me { role branches { id } regions { id } actions creatableRoles } }'))).me;
    expect(me).toMatchObject({
      role: 'BRANCH_ADMIN',
      branches: [{ id: fx.branches.B11 }],
      regions: [],
      creatableRoles: ['CONSULTANT'],
    });
    expect(me.actions).toEqual(expect.arrayContaining(['user:create', 'user:update', 'client:delete', 'branch:read']));
    expect(me.actions).not.toContain('branch:create');
    expect(me.actions).not.toContain('permissions:manage');
    const co = (await must(as('CONSULTANT@B11', '{ me { actions creatableRoles } }'))).me;
    expect(co.creatableRoles).toEqual([]);
    expect(co.actions).toEqual(expect.arrayContaining(['client:read', 'client:create', 'user:read']));
    expect(co.actions.filter((a: string) => a.startsWith('user:') || a.endsWith(':delete'))).toEqual([
      'task:delete',
      'user:read',
    ]);
  });
});

describe('role permission sets', () => {
  const CREATE_BRANCH = 'mutation($n: String!, $r: ID) { createBranch(input: { name: $n, regionId: $r }) { id } }';
  const defaultsOf = async (role: string): Promise<string[]> =>
    (await must(owner('{ rolePermissions { role defaultActions } }'))).rolePermissions.find(
      (r: { role: string }) => r.role === role,
    ).defaultActions;

  it('a revoked action is refused on the next request, in shield and in me.actions, and comes back when restored', async () => {
    const rm = 'REGION_MANAGER@B11';
    const rmDefaults = await defaultsOf('REGION_MANAGER');
    expect(rmDefaults).toContain('branch:create');
    expect((await as(rm, CREATE_BRANCH, { n: `Perm ${++seq}`, r: fx.regions.R1 })).errors).toBeUndefined();
    const set = await must(
      owner(SET_PERMS, { i: { role: 'REGION_MANAGER', actions: rmDefaults.filter((a) => a !== 'branch:create') } }),
    );
    expect(set.setRolePermissions).toMatchObject({ role: 'REGION_MANAGER', customized: true });
    expectForbidden(await as(rm, CREATE_BRANCH, { n: `Perm ${++seq}`, r: fx.regions.R1 }));
    expect((await must(as(rm, '{ me { actions } }'))).me.actions).not.toContain('branch:create');
    const listed = (await must(owner('{ rolePermissions { role actions defaultActions customized editable } }'))).rolePermissions;
    expect(listed.find((r: { role: string }) => r.role === 'REGION_MANAGER')).toMatchObject({
      customized: true,
      editable: true,
      defaultActions: rmDefaults,
    });
    expect(listed.find((r: { role: string }) => r.role === 'SUPER_ADMIN')).toMatchObject({ editable: false, customized: false });
    await must(owner(SET_PERMS, { i: { role: 'REGION_MANAGER', actions: rmDefaults } }));
    expect((await as(rm, CREATE_BRANCH, { n: `Perm ${++seq}`, r: fx.regions.R1 })).errors).toBeUndefined();
  });

  it('a revoked read takes the list away; a data action beyond the defaults can be granted', async () => {
    const coDefaults = await defaultsOf('CONSULTANT');
    expect((await as('CONSULTANT@B12', '{ users { totalCount } }')).errors).toBeUndefined();
    await must(owner(SET_PERMS, { i: { role: 'CONSULTANT', actions: coDefaults.filter((a) => a !== 'user:read') } }));
    expectForbidden(await as('CONSULTANT@B12', '{ users { totalCount } }'));
    const granted = await must(owner(SET_PERMS, { i: { role: 'CONSULTANT', actions: [...coDefaults, 'client:delete'] } }));
    expect(granted.setRolePermissions.actions).toContain('client:delete');
    expect((await as('CONSULTANT@B12', '{ users { totalCount } }')).errors).toBeUndefined();
    expect((await must(as('CONSULTANT@B12', '{ me { actions } }'))).me.actions).toContain('client:delete');
    await must(owner(SET_PERMS, { i: { role: 'CONSULTANT', actions: coDefaults } }));
  });

  it('cannot be used to escalate: restricted actions, the SUPER_ADMIN set and non-owners are refused, and nothing changes', async () => {
    const before = (await must(owner('{ rolePermissions { role actions } }'))).rolePermissions;
    expectForbidden(
      await owner(SET_PERMS, { i: { role: 'CONSULTANT', actions: ['branch:read', 'region:read', 'user:read', 'user:create'] } }),
    );
    expectForbidden(await owner(SET_PERMS, { i: { role: 'BRANCH_ADMIN', actions: ['branch:create'] } }));
    expectForbidden(
      await owner(SET_PERMS, {
        i: { role: 'REGION_MANAGER', actions: [...(await defaultsOf('REGION_MANAGER')), 'permissions:manage'] },
      }),
    );
    expectForbidden(await owner(SET_PERMS, { i: { role: 'SUPER_ADMIN', actions: [] } }));
    expectForbidden(await as('BRANCH_ADMIN@B11', SET_PERMS, { i: { role: 'CONSULTANT', actions: ['user:create'] } }));
    const bad = await owner(SET_PERMS, { i: { role: 'CONSULTANT', actions: ['user:read', 'client:teleport'] } });
    expect(bad.codes).toEqual(['BAD_USER_INPUT']);
    expect(bad.errors![0]!.extensions!.fields).toEqual([
      { path: 'input.actions.1', message: '"client:teleport" is not an action' },
    ]);
    expect((await must(owner('{ rolePermissions { role actions } }'))).rolePermissions).toEqual(before);
    // Still no user creation for a consultant, whatever was attempted.
    expectForbidden(await as('CONSULTANT@B11', CREATE_USER, { i: newUser('CONSULTANT', [fx.branches.B11]) }));
  });
});

describe('regions and branches', () => {
  it('a region with live branches cannot be deleted; an empty one can', async () => {
    const r = await owner('mutation($id: ID!) { deleteRegion(id: $id) }', { id: fx.regions.R1 });
    expect(r.codes).toEqual(['CONFLICT']);
    const empty = (await must(owner('mutation { createRegion(input: { name: "Empty region" }) { id branchCount } }')))
      .createRegion;
    expect(empty.branchCount).toBe(0);
    expect((await must(owner('mutation($id: ID!) { deleteRegion(id: $id) }', { id: empty.id }))).deleteRegion).toBe(true);
  });

  it('a branch created while its region is being deleted is NOT_FOUND naming the region, not a server error', async () => {
    const region = (await must(owner('mutation { createRegion(input: { name: "Closing region" }) { id } }'))).createRegion.id;
    const hold = holdAt('branch.create.checked');
    try {
      const creating = owner('mutation($r: ID!) { createBranch(input: { name: "Late branch", regionId: $r }) { id } }', {
        r: region,
      });
      await hold.reached;
      expect((await must(owner('mutation($id: ID!) { deleteRegion(id: $id) }', { id: region }))).deleteRegion).toBe(true);
      hold.release();
      const r = await creating;
      expect(r.codes).toEqual(['NOT_FOUND']);
      expect(r.errors![0]!.message).toBe('Region (input.regionId) not found');
    } finally {
      hold.end();
    }
  });

  it('branch names are unique among live branches only; a restore into a taken name is a CONFLICT', async () => {
    const mk = () => owner('mutation { createBranch(input: { name: "Reused name" }) { id } }');
    const first = (await must(mk())).createBranch.id;
    expect((await mk()).codes).toEqual(['CONFLICT']);
    await must(owner('mutation($id: ID!) { deleteBranch(id: $id) { id } }', { id: first }));
    await must(mk());
    const restore = await owner('mutation($id: ID!) { restoreBranch(id: $id) { id } }', { id: first });
    expect(restore.codes).toEqual(['CONFLICT']);
  });

  it("a restored branch is back in the scope of its users' sessions at once, as a deleted one leaves it", async () => {
    const branch = (await must(owner('mutation { createBranch(input: { name: "Back again" }) { id } }'))).createBranch.id;
    const i = newUser('CONSULTANT', [branch]);
    await must(owner(CREATE_USER, { i }));
    const consultant = { tenant: fx.tenant.slug, token: (await login(server, i.email, i.password, fx.tenant.slug)).accessToken };
    const LIST = '{ clients(first: 100) { nodes { id } } }';
    const seen = async () => (await must(gql(server, LIST, {}, consultant))).clients.nodes.map((n: { id: string }) => n.id);
    expect(await seen()).toEqual([]); // its session is now in the process's cache
    await must(owner('mutation($id: ID!) { deleteBranch(id: $id) { id } }', { id: branch }));
    expect(await seen()).toEqual([]); // cached again, now without the branch
    await must(owner('mutation($id: ID!) { restoreBranch(id: $id) { id } }', { id: branch }));
    const create = 'mutation($i: CreateClientInput!) { createClient(input: $i) { id } }';
    const client = (await must(owner(create, { i: { firstName: 'Re', gender: 'MALE', country: 'AU', branchId: branch } })))
      .createClient.id;
    expect(await seen()).toEqual([client]);
  });

  it('deleted branches are hidden from lists unless asked for, and only for those who may restore them', async () => {
    const id = (await must(owner('mutation { createBranch(input: { name: "Soon gone" }) { id } }'))).createBranch.id;
    await must(owner('mutation($id: ID!) { deleteBranch(id: $id) { id } }', { id }));
    const ids = async (f: Record<string, unknown>) =>
      (
        await must(owner('query($f: BranchFilter) { branches(first: 100, filter: $f) { nodes { id } } }', { f }))
      ).branches.nodes.map((n: { id: string }) => n.id);
    expect(await ids({})).not.toContain(id);
    expect(await ids({ includeDeleted: true })).toContain(id);
    expectForbidden(await as('CONSULTANT@B11', '{ branches(filter: { includeDeleted: true }) { totalCount } }'));
  });

  it('validates branch input with field paths', async () => {
    const r = await owner('mutation { createBranch(input: { name: "", country: "Germany" }) { id } }');
    expect(r.codes).toEqual(['BAD_USER_INPUT']);
    expect(r.errors![0]!.extensions!.fields!.map((f) => f.path).sort()).toEqual(['input.country', 'input.name']);
  });
});

describe('platform administrators', () => {
  const ADD =
    'mutation($t: ID!, $i: AddTenantSuperAdminInput!) { addTenantSuperAdmin(tenantId: $t, input: $i) { id email tenant { slug } } }';

  it('add a further SUPER_ADMIN who can sign in to that tenant only', async () => {
    const i = { email: `second-owner@${fx.tenant.slug}.test`, password: 'second-pass-1', firstName: 'Second', lastName: 'Owner' };
    const r = await must(gql(server, ADD, { t: fx.tenant.id, i }, { token: platform.token }));
    expect(r.addTenantSuperAdmin).toMatchObject({ email: i.email, tenant: { slug: fx.tenant.slug } });
    const tokens = await login(server, i.email, i.password, fx.tenant.slug);
    expect((await must(gql(server, '{ me { role } }', {}, { tenant: fx.tenant.slug, token: tokens.accessToken }))).me.role).toBe(
      'SUPER_ADMIN',
    );
    expect((await gql(server, ADD, { t: fx.tenant.id, i }, { token: platform.token })).codes).toEqual(['CONFLICT']);
    expect((await gql(server, ADD, { t: '00000000-0000-4000-8000-000000000000', i }, { token: platform.token })).codes).toEqual([
      'NOT_FOUND',
    ]);
  });
});
