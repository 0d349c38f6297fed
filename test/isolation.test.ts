import { beforeAll, describe, expect, it } from 'vitest';
import { createTenant, gql, type TestTenant } from './kit/server.js';
import { useServer } from './kit/use-server.js';

const { server, platform } = useServer();
let a: TestTenant;
let b: TestTenant;

beforeAll(async () => {
  [a, b] = await Promise.all([createTenant(server, platform.token), createTenant(server, platform.token)]);
});

const CREATE = 'mutation($n: String!) { createRegion(input: { name: $n }) { id name } }';
const LIST = '{ regions(first: 100) { totalCount nodes { id name } } }';

describe('tenant isolation', () => {
  it('two tenants hammered concurrently never see each other’s rows', async () => {
    const ops: Promise<void>[] = [];
    const seen = { [a.slug]: new Set<string>(), [b.slug]: new Set<string>() };
    const created = { [a.slug]: new Set<string>(), [b.slug]: new Set<string>() };
    for (let i = 0; i < 150; i++) {
      for (const t of [a, b]) {
        const opts = { tenant: t.slug, token: t.ownerTokens.accessToken };
        if (i % 3 === 0) {
          ops.push(
            gql(server, CREATE, { n: `${t.slug}-region-${i}` }, opts).then((r) => {
              expect(r.errors).toBeUndefined();
              created[t.slug]!.add(r.data!.createRegion.id);
            }),
          );
        } else {
          ops.push(
            gql(server, LIST, {}, opts).then((r) => {
              expect(r.errors).toBeUndefined();
              for (const n of r.data!.regions.nodes) {
                expect(n.name.startsWith(`${t.slug}-`)).toBe(true);
                seen[t.slug]!.add(n.id);
              }
            }),
          );
        }
      }
    }
    await Promise.all(ops);
    for (const t of [a, b]) {
      const final = await gql(server, LIST, {}, { tenant: t.slug, token: t.ownerTokens.accessToken });
      const ids = new Set(final.data!.regions.nodes.map((n: { id: string }) => n.id));
      expect(final.data!.regions.totalCount).toBe(50);
      expect(ids).toEqual(created[t.slug]);
      for (const id of seen[t.slug]!) expect(ids.has(id)).toBe(true);
    }
  });

  it('compiled statements shared by every tenant answer each request with its own tenant’s rows, while a tenant is created', async () => {
    // Every tenant gets a branch and clients named after it; the list, its count and the client
    // detail run statements compiled once for all tenants, bound to each request's schema.
    const seed = async (t: TestTenant) => {
      const as = { tenant: t.slug, token: t.ownerTokens.accessToken };
      const branch = await gql(
        server,
        'mutation($n: String!) { createBranch(input: { name: $n }) { id } }',
        { n: `${t.slug} HQ` },
        as,
      );
      expect(branch.errors).toBeUndefined();
      for (let i = 0; i < 3; i++) {
        const r = await gql(
          server,
          'mutation($i: CreateClientInput!) { createClient(input: $i) { id } }',
          {
            i: {
              firstName: `${t.slug}-${i}`,
              lastName: 'Client',
              gender: 'OTHER',
              country: 'AU',
              branchId: branch.data!.createBranch.id,
            },
          },
          as,
        );
        expect(r.errors).toBeUndefined();
      }
    };
    await Promise.all([seed(a), seed(b)]);
    const PAGE = '{ clients(first: 25) { totalCount nodes { id firstName branch { name } assignedTo { email } } } }';
    const check = async (t: TestTenant) => {
      const r = await gql(server, PAGE, {}, { tenant: t.slug, token: t.ownerTokens.accessToken });
      expect(r.errors).toBeUndefined();
      expect(r.data!.clients.totalCount).toBe(3);
      for (const n of r.data!.clients.nodes) {
        expect(n.firstName.startsWith(`${t.slug}-`)).toBe(true);
        expect(n.branch.name).toBe(`${t.slug} HQ`);
      }
      const one = await gql(
        server,
        'query($id: ID!) { client(id: $id) { firstName } }',
        { id: r.data!.clients.nodes[0].id },
        {
          tenant: t.slug,
          token: t.ownerTokens.accessToken,
        },
      );
      expect(one.data!.client.firstName.startsWith(`${t.slug}-`)).toBe(true);
    };
    const ops: Promise<void>[] = [];
    let c: TestTenant | undefined;
    const creating = createTenant(server, platform.token).then(async (t) => {
      await seed(t);
      c = t;
    });
    // Requests to the two tenants run in waves until the new tenant exists, then 20 more waves
    // in which its requests interleave with theirs.
    for (let wave = 0, after = 0; after < 20; wave++) {
      ops.push(check(wave % 2 ? a : b), check(wave % 2 ? b : a));
      if (c) {
        ops.push(check(c));
        after++;
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    await Promise.all([...ops, creating]);
    await Promise.all([check(c!), check(a), check(b), check(c!)]);
  });

  it('the same region name may exist in two tenants', async () => {
    for (const t of [a, b]) {
      const r = await gql(server, CREATE, { n: 'Head Office' }, { tenant: t.slug, token: t.ownerTokens.accessToken });
      expect(r.errors).toBeUndefined();
    }
    const dup = await gql(server, CREATE, { n: 'Head Office' }, { tenant: a.slug, token: a.ownerTokens.accessToken });
    expect(dup.codes).toEqual(['CONFLICT']);
  });

  it('the public schema holds no business table, so an unscoped query fails', async () => {
    await expect(server.runtime.database.rows('select * from users')).rejects.toThrow(/does not exist/);
    await expect(server.runtime.database.rows('select * from regions')).rejects.toThrow(/does not exist/);
  });
});
