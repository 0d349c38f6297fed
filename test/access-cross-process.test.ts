// Permission, user and session changes made on one server process hold at once on that process
// and within a second on another: each process keeps checked sessions in a cache that every change
// invalidates, here directly and elsewhere through NOTIFY (src/auth/session-cache.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/server.js';
import { createOrgFixture, type OrgFixture } from './kit/org-fixture.js';
import { gql, login, loginPlatform, must, sharedKeyEnv, startTestServer, type GqlResult } from './kit/server.js';
import { within } from './kit/waits.js';

const refused = (code: string) => (r: GqlResult) => r.codes.length === 1 && r.codes[0] === code;

// Two server processes need one shared database server: PGlite is in-process, so this runs on PostgreSQL.
describe.runIf(process.env.DATABASE_URL)('access changes across server processes', () => {
  const servers: RunningServer[] = [];
  let one: RunningServer;
  let two: RunningServer;
  let fx: OrgFixture;
  beforeAll(async () => {
    const keys = await sharedKeyEnv();
    servers.push(await startTestServer(keys), await startTestServer(keys));
    [one, two] = servers as [RunningServer, RunningServer];
    fx = await createOrgFixture(one, (await loginPlatform(one)).accessToken);
  });
  afterAll(() => Promise.all(servers.map((s) => s.close())));

  it('a revoked action is refused at once where it was revoked and within a second on the other process', async () => {
    const create = 'mutation($n: String!, $r: ID) { createBranch(input: { name: $n, regionId: $r }) { id } }';
    let n = 0;
    const attempt = (s: RunningServer) => gql(s, create, { n: `Branch ${n++}`, r: fx.regions.R1 }, fx.as('REGION_MANAGER@B11'));
    // Both processes have the region manager's session cached.
    expect((await attempt(one)).errors).toBeUndefined();
    expect((await attempt(two)).errors).toBeUndefined();
    const rm = (await must(gql(one, '{ rolePermissions { role actions } }', {}, fx.as('SUPER_ADMIN')))).rolePermissions.find(
      (r: { role: string }) => r.role === 'REGION_MANAGER',
    ).actions as string[];
    await must(
      gql(
        one,
        'mutation($i: SetRolePermissionsInput!) { setRolePermissions(input: $i) { role } }',
        { i: { role: 'REGION_MANAGER', actions: rm.filter((a) => a !== 'branch:create') } },
        fx.as('SUPER_ADMIN'),
      ),
    );
    expect((await attempt(one)).codes).toEqual(['FORBIDDEN']);
    expect(await within(1000, () => attempt(two), refused('FORBIDDEN'))).toBeLessThan(1000);
  });

  it('a role change reaches the user’s cached sessions on both processes', async () => {
    const u = fx.users['CONSULTANT@B12']!;
    const me = '{ me { role } }';
    expect((await gql(two, me, {}, fx.as('CONSULTANT@B12'))).data?.me.role).toBe('CONSULTANT');
    expect((await gql(one, me, {}, fx.as('CONSULTANT@B12'))).data?.me.role).toBe('CONSULTANT');
    await must(
      gql(
        one,
        'mutation($id: ID!) { updateUser(id: $id, input: { role: BRANCH_ADMIN }) { id } }',
        { id: u.id },
        fx.as('SUPER_ADMIN'),
      ),
    );
    expect((await gql(one, me, {}, fx.as('CONSULTANT@B12'))).data?.me.role).toBe('BRANCH_ADMIN');
    const took = await within(
      1000,
      () => gql(two, me, {}, fx.as('CONSULTANT@B12')),
      (r) => (r.data as { me?: { role?: string } } | null)?.me?.role === 'BRANCH_ADMIN',
    );
    expect(took).toBeLessThan(1000);
  });

  it('a deactivated user is refused at once on its process and within a second on the other', async () => {
    const consultant = fx.users['CONSULTANT@B11']!;
    const me = () => gql(two, '{ me { id } }', {}, fx.as('CONSULTANT@B11'));
    expect((await me()).data?.me.id).toBe(consultant.id);
    expect((await gql(one, '{ me { id } }', {}, fx.as('CONSULTANT@B11'))).data?.me.id).toBe(consultant.id);
    await must(gql(one, 'mutation($id: ID!) { deactivateUser(id: $id) { id } }', { id: consultant.id }, fx.as('SUPER_ADMIN')));
    expect((await gql(one, '{ me { id } }', {}, fx.as('CONSULTANT@B11'))).codes).toEqual(['UNAUTHENTICATED']);
    expect(await within(1000, me, refused('UNAUTHENTICATED'))).toBeLessThan(1000);
  });

  it('a session logged out on one process ends on the other within a second', async () => {
    const u = fx.users['BRANCH_ADMIN@B21']!;
    const session = await login(one, u.email, u.password, fx.tenant.slug);
    const as = { tenant: fx.tenant.slug, token: session.accessToken };
    const me = () => gql(two, '{ me { id } }', {}, as);
    expect((await me()).data?.me.id).toBe(u.id);
    await must(gql(one, 'mutation($t: String!) { logout(input: { refreshToken: $t }) }', { t: session.refreshToken }, as));
    expect((await gql(one, '{ me { id } }', {}, as)).codes).toEqual(['UNAUTHENTICATED']);
    expect(await within(1000, me, refused('UNAUTHENTICATED'))).toBeLessThan(1000);
    // The user's other sessions are untouched.
    expect((await gql(two, '{ me { id } }', {}, fx.as('BRANCH_ADMIN@B21'))).data?.me.id).toBe(u.id);
  });
});
