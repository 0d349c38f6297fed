// Clients: create within scope, lists limited to the viewer's branches, search, filters, order and
// paging, assignment rules, stage counts, soft delete and restore.
import { beforeAll, describe, expect, it } from 'vitest';
import { CREATE_USER } from './kit/org-fixture.js';
import { gql, login, must, type GqlResult } from './kit/server.js';
import { holdAt } from './kit/hold.js';
import { useOrgServer } from './kit/use-server.js';

const { server, fx, as } = useOrgServer();

export const CREATE_CLIENT =
  'mutation($i: CreateClientInput!) { createClient(input: $i) { id stage branch { id } assignedTo { id } } }';
const LIST = `query($f: ClientFilter, $o: ClientOrder, $first: Int, $after: String) {
  clients(first: $first, after: $after, filter: $f, orderBy: $o) { totalCount nodes { id firstName lastName } pageInfo { hasNextPage endCursor } }
}`;

let n = 0;
async function newClient(who: string, extra: Record<string, unknown> = {}): Promise<string> {
  const i = { firstName: `Client${++n}`, lastName: 'Test', gender: 'FEMALE', country: 'au', ...extra };
  return (await must(as(who, CREATE_CLIENT, { i }))).createClient.id;
}
const ids = (r: GqlResult) => (r.data as { clients: { nodes: { id: string }[] } }).clients.nodes.map((c) => c.id);

describe('creating clients', () => {
  it('a consultant creates a client in its only branch without naming it, as a LEAD', async () => {
    const r = await must(as('CONSULTANT@B11', CREATE_CLIENT, { i: { firstName: 'Ana', gender: 'FEMALE', country: 'NZ' } }));
    expect(r.createClient).toMatchObject({ stage: 'LEAD', branch: { id: fx.branches.B11 }, assignedTo: null });
  });

  it('a whole-tenant creator must name the branch', async () => {
    const r = await as('SUPER_ADMIN', CREATE_CLIENT, { i: { firstName: 'Ana', gender: 'FEMALE', country: 'NZ' } });
    expect(r.codes).toEqual(['BAD_USER_INPUT']);
    expect(r.errors![0]!.extensions!.fields).toEqual([{ path: 'input.branchId', message: 'is required' }]);
  });

  it('a branch outside the creator’s scope is FORBIDDEN and nothing is created', async () => {
    const before = (await must(as('SUPER_ADMIN', '{ clients { totalCount } }'))).clients.totalCount;
    const r = await as('CONSULTANT@B11', CREATE_CLIENT, {
      i: { firstName: 'X', gender: 'MALE', country: 'AU', branchId: fx.branches.B21 },
    });
    expect(r.codes).toEqual(['FORBIDDEN']);
    expect((await must(as('SUPER_ADMIN', '{ clients { totalCount } }'))).clients.totalCount).toBe(before);
  });

  it('reports every invalid field with its path', async () => {
    const r = await as('CONSULTANT@B11', CREATE_CLIENT, {
      i: { firstName: ' ', gender: 'MALE', country: 'Australia', email: 'nope', dob: '2999-01-01' },
    });
    expect(r.codes).toEqual(['BAD_USER_INPUT']);
    expect(r.errors![0]!.extensions!.fields!.map((f) => f.path).sort()).toEqual([
      'input.country',
      'input.dob',
      'input.email',
      'input.firstName',
    ]);
  });

  it('assigning to a user outside the creator’s user scope is FORBIDDEN', async () => {
    const r = await as('BRANCH_ADMIN@B11', CREATE_CLIENT, {
      i: { firstName: 'X', gender: 'MALE', country: 'AU', assignedToId: fx.users['CONSULTANT@B21']!.id },
    });
    expect(r.codes).toEqual(['FORBIDDEN']);
    const ok = await must(
      as('BRANCH_ADMIN@B11', CREATE_CLIENT, {
        i: { firstName: 'Y', gender: 'MALE', country: 'AU', assignedToId: fx.users['CONSULTANT@B11']!.id },
      }),
    );
    expect(ok.createClient.assignedTo).toEqual({ id: fx.users['CONSULTANT@B11']!.id });
  });
});

describe('lists are limited to the viewer’s branches', () => {
  let inB11: string;
  let inB12: string;
  let inB21: string;
  beforeAll(async () => {
    inB11 = await newClient('CONSULTANT@B11');
    inB12 = await newClient('CONSULTANT@B12');
    inB21 = await newClient('CONSULTANT@B21');
  });

  it('consultant, branch admin, region manager, country manager', async () => {
    const seen = async (who: string) => ids(await as(who, LIST, { first: 100 }));
    const co = await seen('CONSULTANT@B11');
    expect(co).toContain(inB11);
    expect(co).not.toContain(inB12);
    expect(co).not.toContain(inB21);
    const rm = await seen('REGION_MANAGER@B11');
    expect(rm).toEqual(expect.arrayContaining([inB11, inB12]));
    expect(rm).not.toContain(inB21);
    expect(await seen('COUNTRY_MANAGER@B22')).toEqual(expect.arrayContaining([inB11, inB12, inB21]));
  });

  it('reading a client of another branch by id is NOT_FOUND, like one that does not exist', async () => {
    const q = 'query($id: ID!) { client(id: $id) { id } }';
    expect((await as('CONSULTANT@B11', q, { id: inB21 })).codes).toEqual(['NOT_FOUND']);
    expect((await as('CONSULTANT@B11', q, { id: '00000000-0000-4000-8000-000000000000' })).codes).toEqual(['NOT_FOUND']);
    expect(
      (
        await as('CONSULTANT@B11', 'mutation($id: ID!) { updateClient(id: $id, input: { firstName: "Z" }) { id } }', {
          id: inB21,
        })
      ).codes,
    ).toEqual(['NOT_FOUND']);
  });
});

describe('search, filters, order and paging', () => {
  it('finds clients by name, email and phone', async () => {
    const id = await newClient('CONSULTANT@B22', {
      firstName: 'Zebulon',
      lastName: 'Quartz',
      email: 'zq@example.com',
      phoneNumber: '+61 400 111 222',
    });
    for (const search of ['zebulon q', 'QUARTZ', 'zq@example', '400 111']) {
      expect(ids(await as('CONSULTANT@B22', LIST, { f: { search } }))).toEqual([id]);
    }
    expect(ids(await as('CONSULTANT@B22', LIST, { f: { search: '100%' } }))).toEqual([]);
  });

  it('filters by stage, assignee, unassigned and created range', async () => {
    const who = 'BRANCH_ADMIN@B12';
    const me = fx.users['CONSULTANT@B12']!.id;
    const a = await newClient(who, { stage: 'CLIENT', assignedToId: me });
    const b = await newClient(who, { stage: 'FOLLOW_UP' });
    expect(ids(await as(who, LIST, { first: 100, f: { stage: 'CLIENT', branchId: fx.branches.B12 } }))).toContain(a);
    expect(ids(await as(who, LIST, { first: 100, f: { stage: 'CLIENT' } }))).not.toContain(b);
    expect(ids(await as(who, LIST, { first: 100, f: { assignedToId: me } }))).toEqual([a]);
    expect(ids(await as(who, LIST, { first: 100, f: { unassigned: true } }))).toContain(b);
    expect(ids(await as(who, LIST, { first: 100, f: { createdFrom: new Date(Date.now() + 60_000).toISOString() } }))).toEqual([]);
  });

  it('pages through every client exactly once, newest first, and by name', async () => {
    for (let i = 0; i < 7; i++) await newClient('CONSULTANT@B22', { lastName: `Pager ${String.fromCharCode(75 - i)}` });
    for (const o of [null, { field: 'NAME' }, { field: 'UPDATED_AT' }]) {
      const seen: string[] = [];
      let after: string | null = null;
      let total = 0;
      for (let page = 0; page < 20; page++) {
        const r: { totalCount: number; nodes: { id: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } = (
          await must(as('CONSULTANT@B22', LIST, { first: 3, after, o }))
        ).clients;
        total = r.totalCount;
        seen.push(...r.nodes.map((c: { id: string }) => c.id));
        if (!r.pageInfo.hasNextPage) break;
        after = r.pageInfo.endCursor;
      }
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.length).toBe(total);
    }
  });

  it('reads the same clients in the same order at every page size: one branch, two branches, the whole tenant', async () => {
    // Some shapes read a rounded-up row count and, for one branch, order by branch first
    // (clients/selectors/clients.ts, fixedRows): neither may change what a page shows.
    const email = `two.branches@${fx.tenant.slug}.test`;
    const i = { email, password: 'fixture-pass-1', firstName: 'Two', lastName: 'Branches', role: 'CONSULTANT' };
    await must(as('SUPER_ADMIN', CREATE_USER, { i: { ...i, branchIds: [fx.branches.B21, fx.branches.B12], regionIds: [] } }));
    const twoBranches = { tenant: fx.tenant.slug, token: (await login(server, email, i.password, fx.tenant.slug)).accessToken };
    const made: string[] = [];
    for (let k = 0; k < 13; k++)
      made.push(await newClient('SUPER_ADMIN', { branchId: k % 2 ? fx.branches.B12 : fx.branches.B21 }));
    const newestFirst = [...made].reverse();
    const viewers = { owner: fx.as('SUPER_ADMIN'), oneBranch: fx.as('CONSULTANT@B12'), twoBranches };
    for (const [name, viewer] of Object.entries(viewers)) {
      const pages = async (first: number) => {
        const seen: string[] = [];
        let after: string | null = null;
        for (;;) {
          const r: { nodes: { id: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } = (
            await must(gql(server, LIST, { first, after }, viewer))
          ).clients;
          expect(r.nodes.length, `${name}, first: ${first}`).toBeLessThanOrEqual(first);
          seen.push(...r.nodes.map((c) => c.id));
          if (!r.pageInfo.hasNextPage) return seen;
          expect(r.nodes.length, `${name}, first: ${first}: a page short of the last`).toBe(first);
          after = r.pageInfo.endCursor;
        }
      };
      const all = await pages(100);
      const mine = name === 'oneBranch' ? newestFirst.filter((_, k) => (made.length - 1 - k) % 2 === 1) : newestFirst;
      expect(
        all.filter((id) => made.includes(id)),
        name,
      ).toEqual(mine);
      for (const first of [1, 4, 10, 11, 26]) expect(await pages(first), `${name}, first: ${first}`).toEqual(all);
    }
  });
});

describe('assignment, stages and deletion', () => {
  it('assigns within scope, refuses outside it, and clears with null', async () => {
    const id = await newClient('BRANCH_ADMIN@B11');
    const assign = 'mutation($id: ID!, $u: ID) { assignClient(id: $id, userId: $u) { assignedTo { id } } }';
    expect((await as('BRANCH_ADMIN@B11', assign, { id, u: fx.users['CONSULTANT@B21']!.id })).codes).toEqual(['FORBIDDEN']);
    const ok = await must(as('BRANCH_ADMIN@B11', assign, { id, u: fx.users['CONSULTANT@B11']!.id }));
    expect(ok.assignClient.assignedTo.id).toBe(fx.users['CONSULTANT@B11']!.id);
    expect((await must(as('BRANCH_ADMIN@B11', assign, { id, u: null }))).assignClient.assignedTo).toBeNull();
  });

  it('counts stages over the viewer’s scope', async () => {
    const before = (await must(as('CONSULTANT@B12', '{ clientStageCounts { stage count } }'))).clientStageCounts;
    const id = await newClient('CONSULTANT@B12');
    await must(as('CONSULTANT@B12', 'mutation($id: ID!) { changeClientStage(id: $id, stage: CLOSE) { stage } }', { id }));
    const after = (await must(as('CONSULTANT@B12', '{ clientStageCounts { stage count } }'))).clientStageCounts;
    const close = (l: { stage: string; count: number }[]) => l.find((x) => x.stage === 'CLOSE')!.count;
    expect(close(after)).toBe(close(before) + 1);
    expect(after.map((x: { stage: string }) => x.stage)).toEqual(['LEAD', 'FOLLOW_UP', 'CLIENT', 'CLOSE']);
  });

  it('a consultant cannot delete; a branch admin deletes, the client leaves lists, and restore brings it back', async () => {
    const id = await newClient('CONSULTANT@B11');
    expect((await as('CONSULTANT@B11', 'mutation($id: ID!) { deleteClient(id: $id) { id } }', { id })).codes).toEqual([
      'FORBIDDEN',
    ]);
    await must(as('BRANCH_ADMIN@B11', 'mutation($id: ID!) { deleteClient(id: $id) { deletedAt } }', { id }));
    expect(ids(await as('CONSULTANT@B11', LIST, { first: 100 }))).not.toContain(id);
    expect((await as('CONSULTANT@B11', 'query($id: ID!) { client(id: $id) { id } }', { id })).codes).toEqual(['NOT_FOUND']);
    expect(ids(await as('BRANCH_ADMIN@B11', LIST, { first: 100, f: { deleted: true } }))).toContain(id);
    await must(as('BRANCH_ADMIN@B11', 'mutation($id: ID!) { restoreClient(id: $id) { deletedAt } }', { id }));
    expect(ids(await as('CONSULTANT@B11', LIST, { first: 100 }))).toContain(id);
  });

  it('a branch with live clients cannot be deleted', async () => {
    const r = await as('SUPER_ADMIN', 'mutation($id: ID!) { deleteBranch(id: $id) { id } }', { id: fx.branches.B11 });
    expect(r.codes).toEqual(['CONFLICT']);
  });

  it('a client of a deleted branch is restored only once the branch is', async () => {
    const branch = await newBranch('Closing');
    const id = await newClient('SUPER_ADMIN', { branchId: branch });
    await must(as('SUPER_ADMIN', 'mutation($id: ID!) { deleteClient(id: $id) { id } }', { id }));
    await must(as('SUPER_ADMIN', 'mutation($id: ID!) { deleteBranch(id: $id) { id } }', { id: branch }));

    const refused = await as('SUPER_ADMIN', RESTORE, { id });
    expect(refused.codes).toEqual(['CONFLICT']);
    expect(refused.errors![0]!.extensions!.fields).toEqual([
      { path: 'id', message: "The client's branch is deleted: restore the branch first" },
    ]);
    expect(
      (await must(as('SUPER_ADMIN', 'query($id: ID!) { client(id: $id) { deletedAt } }', { id }))).client.deletedAt,
    ).not.toBeNull();

    await must(as('SUPER_ADMIN', 'mutation($id: ID!) { restoreBranch(id: $id) { id } }', { id: branch }));
    expect((await must(as('SUPER_ADMIN', RESTORE, { id }))).restoreClient.deletedAt).toBeNull();
  });

  it('a client created while its branch is being deleted is refused, never left in the deleted branch', async () => {
    const branch = await newBranch('Racing');
    // createClient has checked the branch and is about to write when the branch is deleted.
    const hold = holdAt('client.create.checked');
    try {
      const creating = as('SUPER_ADMIN', CREATE_CLIENT, {
        i: { firstName: 'Late', gender: 'MALE', country: 'AU', branchId: branch },
      });
      await hold.reached;
      await must(as('SUPER_ADMIN', 'mutation($id: ID!) { deleteBranch(id: $id) { id } }', { id: branch }));
      hold.release();
      const r = await creating;
      expect(r.codes).toEqual(['CONFLICT']);
      expect(r.errors![0]!.extensions!.fields).toEqual([{ path: 'input.branchId', message: 'The branch was deleted meanwhile' }]);
    } finally {
      hold.end();
    }
    const left = await must(as('SUPER_ADMIN', LIST, { first: 100, f: { branchId: branch } }));
    expect(left.clients.totalCount).toBe(0);
  });
});

const RESTORE = 'mutation($id: ID!) { restoreClient(id: $id) { deletedAt } }';

/** A branch of its own (in the fixture's first region), for tests that delete it. */
async function newBranch(name: string): Promise<string> {
  const r = await must(
    as('SUPER_ADMIN', 'mutation($i: CreateBranchInput!) { createBranch(input: $i) { id } }', {
      i: { name: `${name} ${++n}`, regionId: fx.regions.R1 },
    }),
  );
  return r.createBranch.id;
}
