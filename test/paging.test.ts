// Keyset cursors (src/db/paging.ts): a cursor a client forged, with parts the database cannot read
// as the order's columns (a timestamp, a uuid) or a NUL in a text part, is BAD_USER_INPUT on
// `after`, on every list, never a 500 from the failed cast.
import { beforeAll, describe, expect, it } from 'vitest';
import { createTenant, gql, must, type TestTenant } from './kit/server.js';
import { useServer } from './kit/use-server.js';

const { server, platform } = useServer();
let tenant: TestTenant;

beforeAll(async () => {
  tenant = await createTenant(server, platform.token);
}, 120_000);

const cursor = (parts: unknown[]) => Buffer.from(JSON.stringify(parts)).toString('base64url');
const asOwner = (query: string, variables: Record<string, unknown>) =>
  gql(server, query, variables, { tenant: tenant.slug, token: tenant.ownerTokens.accessToken });

const UUID = '00000000-0000-4000-8000-000000000000';
/** Each list, and whether its order starts with a timestamp (the rest start with text). */
const LISTS: [string, string, boolean][] = [
  ['clients', 'clients(after: $after) { nodes { id } }', true],
  ['clients by name', 'clients(after: $after, orderBy: { field: NAME }) { nodes { id } }', false],
  ['clients by update', 'clients(after: $after, orderBy: { field: UPDATED_AT }) { nodes { id } }', true],
  ['tasks', 'tasks(after: $after) { nodes { id } }', true],
  ['users', 'users(after: $after) { nodes { id } }', false],
  ['notifications', 'notifications(after: $after) { nodes { id } }', true],
  ['reminders', 'reminders(after: $after) { nodes { id } }', true],
  ['agents', 'agents(after: $after) { nodes { id } }', false],
  ['branches', 'branches(after: $after) { nodes { id } }', false],
  ['regions', 'regions(after: $after) { nodes { id } }', false],
  ['visaApplications', 'visaApplications(after: $after) { nodes { id } }', true],
  ['visaTypes', 'visaTypes(after: $after) { nodes { id } }', false],
  ['institutes', 'institutes(after: $after) { nodes { id } }', false],
  ['collegeApplications', 'collegeApplications(after: $after) { nodes { id } }', true],
];

describe('a forged cursor', () => {
  it.each(LISTS)('is BAD_USER_INPUT on `after` for %s', async (_name, field, byTimestamp) => {
    const query = `query($after: String) { ${field} }`;
    const forgeries = [
      ['x', 'y'],
      ['x', 'y', 'z'],
      ['x', 'y', 'z', 'w'],
      [null],
      ['a\u0000'],
      ['a\u0000', UUID],
      ['a\u0000', 'b', UUID],
      ...(byTimestamp
        ? [
            ['2025-02-30 10:00:00+00', UUID],
            ['2025-01-01 10:00:00+00', 'not-a-uuid'],
            ['yesterday', UUID],
          ]
        : []),
    ];
    for (const forged of forgeries.map(cursor)) {
      const r = await asOwner(query, { after: forged });
      expect(r.codes, `${field} with ${Buffer.from(forged, 'base64url').toString()}`).toEqual(['BAD_USER_INPUT']);
      expect(r.errors![0]!.extensions!.fields).toEqual([{ path: 'after', message: 'is not a valid cursor' }]);
    }
  });

  it('does not stop a real cursor from paging on, timestamps to the microsecond', async () => {
    const create = 'mutation($i: CreateClientInput!) { createClient(input: $i) { id } }';
    const region = (await must(asOwner('mutation { createRegion(input: { name: "North" }) { id } }', {}))).createRegion.id;
    const branchId = (
      await must(asOwner('mutation($r: ID!) { createBranch(input: { name: "Main", regionId: $r }) { id } }', { r: region }))
    ).createBranch.id;
    for (const firstName of ['Ada', 'Bea', 'Cy'])
      await must(asOwner(create, { i: { firstName, gender: 'FEMALE', country: 'AU', branchId } }));
    const page = 'query($after: String) { clients(first: 2, after: $after) { nodes { id } pageInfo { endCursor } } }';
    const one = (await must(asOwner(page, {}))).clients;
    const two = (await must(asOwner(page, { after: one.pageInfo.endCursor }))).clients;
    expect(one.nodes).toHaveLength(2);
    expect(two.nodes).toHaveLength(1);
    expect(JSON.parse(Buffer.from(one.pageInfo.endCursor, 'base64url').toString())[0]).toMatch(/^\d{4}-\d\d-\d\d \d\d:/);
  });
});
