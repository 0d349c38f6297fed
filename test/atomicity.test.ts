// Multi-step writes are atomic: a failure injected between their steps leaves nothing written.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { setFaultHook } from '../src/db/fault-points.js';
import { CREATE_USER } from './kit/org-fixture.js';
import { gql, httpRequest, must } from './kit/server.js';
import { useOrgServer } from './kit/use-server.js';

const { server, fx } = useOrgServer();

afterEach(() => setFaultHook(undefined));

const owner = (q: string, v: Record<string, unknown> = {}) => gql(server, q, v, fx.as('SUPER_ADMIN'));
const failAt = (point: string) =>
  setFaultHook((p) => {
    if (p === point) throw new Error(`injected failure at ${p}`);
  });

describe('a failure midway through a write leaves nothing behind', () => {
  it('replacing a profile picture: the old picture stays, and the new file is removed', async () => {
    const client = (
      await must(
        owner('mutation($i: CreateClientInput!) { createClient(input: $i) { id } }', {
          i: { firstName: 'Pic', gender: 'MALE', country: 'AU', branchId: fx.branches.B11 },
        }),
      )
    ).createClient.id;
    const headers = {
      'x-tenant': fx.tenant.slug,
      authorization: `Bearer ${fx.as('SUPER_ADMIN').token}`,
      'content-type': 'image/png',
    };
    const png = (fill: number) =>
      Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(16, fill)]);
    const path = `/clients/${client}/profile-picture`;
    expect((await httpRequest(server, 'PUT', path, png(1), headers)).status).toBe(201);
    failAt('picture.upload.recorded');
    expect((await httpRequest(server, 'PUT', path, png(2), headers)).status).toBe(500);
    setFaultHook(undefined);
    const got = await httpRequest(server, 'GET', path, undefined, headers);
    expect(Buffer.from(got.body, 'latin1').at(-1)).toBe(1);
    const dir = join(server.runtime.config.uploadsDir, fx.tenant.schemaName, 'clients', client);
    expect(readdirSync(dir)).toHaveLength(1);
  });

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
