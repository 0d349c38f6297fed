// Multi-step writes are atomic: a failure injected between their steps leaves nothing written.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setFaultHook } from '../src/db/fault-points.js';
import type { RunningServer } from '../src/server.js';
import { createOrgFixture, CREATE_USER, type OrgFixture } from './kit/org-fixture.js';
import { gql, loginPlatform, must, startTestServer } from './kit/server.js';

let server: RunningServer;
let fx: OrgFixture;

beforeAll(async () => {
  server = await startTestServer();
  fx = await createOrgFixture(server, (await loginPlatform(server)).accessToken);
}, 120_000);
afterAll(() => server.close());
afterEach(() => setFaultHook(undefined));

const owner = (q: string, v: Record<string, unknown> = {}) => gql(server, q, v, fx.as('SUPER_ADMIN'));
const failAt = (point: string) =>
  setFaultHook((p) => {
    if (p === point) throw new Error(`injected failure at ${p}`);
  });

describe('a failure midway through a write leaves nothing behind', () => {
  it('creating a user: no user and no assignment', async () => {
    failAt('user.insert.assignments');
    const email = `atomic-${Date.now()}@${fx.tenant.slug}.test`;
    const r = await owner(CREATE_USER, {
      i: { email, password: 'atomic-pass-1', firstName: 'A', lastName: 'B', role: 'CONSULTANT', branchIds: [fx.branches.B11] },
    });
    expect(r.codes).toEqual(['INTERNAL_SERVER_ERROR']);
    setFaultHook(undefined);
    expect(
      (await must(owner('query($s: String) { users(filter: { search: $s }) { totalCount } }', { s: email }))).users.totalCount,
    ).toBe(0);
  });

  it('updating a user: neither the new email nor the new branches', async () => {
    const id = fx.users['CONSULTANT@B12']!.id;
    const read = 'query($id: ID!) { user(id: $id) { email branches { id } } }';
    const before = (await must(owner(read, { id }))).user;
    failAt('user.update.assignments');
    const r = await owner('mutation($id: ID!, $i: UpdateUserInput!) { updateUser(id: $id, input: $i) { id } }', {
      id,
      i: { email: `moved-${Date.now()}@${fx.tenant.slug}.test`, branchIds: [fx.branches.B11] },
    });
    expect(r.codes).toEqual(['INTERNAL_SERVER_ERROR']);
    setFaultHook(undefined);
    expect((await must(owner(read, { id }))).user).toEqual(before);
  });
});
