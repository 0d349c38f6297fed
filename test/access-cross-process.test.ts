// Permission and user changes made on one server process hold on the very next request to another:
// both read the role's override and the user's state in the statement that checks the session.
import { afterAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/server.js';
import { createOrgFixture } from './kit/org-fixture.js';
import { gql, loginPlatform, must, sharedKeyEnv, startTestServer } from './kit/server.js';

// Two server processes need one shared database server: PGlite is in-process, so this runs on PostgreSQL.
describe.runIf(process.env.DATABASE_URL)('access changes across server processes', () => {
  const servers: RunningServer[] = [];
  afterAll(() => Promise.all(servers.map((s) => s.close())));

  it('a revoked action and a deactivated user are refused by the other process on the next request', async () => {
    const keys = await sharedKeyEnv();
    servers.push(await startTestServer(keys), await startTestServer(keys));
    const [one, two] = servers as [RunningServer, RunningServer];
    const fx = await createOrgFixture(one, (await loginPlatform(one)).accessToken);
    const onTwo = (who: string, q: string, v: Record<string, unknown> = {}) => gql(two, q, v, fx.as(who));
    const create = 'mutation($n: String!, $r: ID) { createBranch(input: { name: $n, regionId: $r }) { id } }';

    expect((await onTwo('REGION_MANAGER@B11', create, { n: 'Allowed', r: fx.regions.R1 })).errors).toBeUndefined();
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
    expect((await onTwo('REGION_MANAGER@B11', create, { n: 'Refused', r: fx.regions.R1 })).codes).toEqual(['FORBIDDEN']);

    const consultant = fx.users['CONSULTANT@B11']!;
    expect((await onTwo('CONSULTANT@B11', '{ me { id } }')).data?.me.id).toBe(consultant.id);
    await must(gql(one, 'mutation($id: ID!) { deactivateUser(id: $id) { id } }', { id: consultant.id }, fx.as('SUPER_ADMIN')));
    expect((await onTwo('CONSULTANT@B11', '{ me { id } }')).codes).toEqual(['UNAUTHENTICATED']);
  });
});
