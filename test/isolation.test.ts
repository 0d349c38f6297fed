import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/server.js';
import { createTenant, gql, loginPlatform, startTestServer, type TestTenant } from './kit/server.js';

let server: RunningServer;
let a: TestTenant;
let b: TestTenant;

beforeAll(async () => {
  server = await startTestServer();
  const platform = (await loginPlatform(server)).accessToken;
  [a, b] = await Promise.all([createTenant(server, platform), createTenant(server, platform)]);
});
afterAll(() => server.close());

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
