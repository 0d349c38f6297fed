// The tenant registry: a bounded cache that reads a tenant it does not hold before refusing it,
// and, across server processes, serves a tenant created on another at once, refuses a deactivated
// one within a second, and starts over after its listening connection dropped.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningServer } from '../src/server.js';
import { TenantRegistry } from '../src/tenancy/registry.js';
import { ownDatabase } from './kit/own-database.js';
import { CREATE_TENANT, createTenant, gql, login, loginPlatform, must, startTestServer, uniqueSlug } from './kit/server.js';

const INFO = '{ tenantInfo { slug } }';

function ownerOf(slug: string) {
  return { email: `owner@${slug}.test`, password: 'owner-pass-1', firstName: 'Olive', lastName: 'Owner' };
}

/** createTenant as the platform admin, for a slug chosen beforehand. */
async function createNamed(server: RunningServer, token: string, slug: string) {
  const r = await must(gql(server, CREATE_TENANT, { i: { name: `Agency ${slug}`, slug, owner: ownerOf(slug) } }, { token }));
  return r.createTenant as { id: string; slug: string; schemaName: string };
}

describe('tenant registry in one process', () => {
  let server: RunningServer;
  let token: string;
  beforeAll(async () => {
    server = await startTestServer();
    token = (await loginPlatform(server)).accessToken;
  });
  afterAll(() => server?.close());

  it('holds no more tenants than its capacity and still finds every one by slug, id, schema and domain', async () => {
    const made = [];
    for (let n = 0; n < 4; n++) {
      const domain = `${uniqueSlug()}.example.org`;
      made.push({ ...(await createTenant(server, token, { domains: [domain] })), domain });
    }
    const registry = new TenantRegistry(server.runtime.database, { capacity: 2 });
    for (const t of made) {
      expect((await registry.bySlug(t.slug))?.id).toBe(t.id);
      expect((await registry.byId(t.id))?.slug).toBe(t.slug);
      expect((await registry.bySchemaName(t.schemaName))?.id).toBe(t.id);
      const byDomain = await registry.byDomain(t.domain);
      expect(byDomain?.id).toBe(t.id);
      expect(byDomain?.domains).toEqual([t.domain]);
      expect(registry.size).toBeLessThanOrEqual(2);
    }
    expect(await registry.bySlug(uniqueSlug())).toBeUndefined();
    expect(await registry.byId('not-a-uuid')).toBeUndefined();
  });

  it('a name missed twice is refused from memory for a while, and a change to any tenant ends that', async () => {
    const registry = new TenantRegistry(server.runtime.database);
    await registry.start();
    const slug = uniqueSlug();
    let statements = 0;
    const stop = server.runtime.database.observe((q) => {
      if (q.includes('"tenants"')) statements++;
    });
    try {
      for (let n = 0; n < 5; n++) expect(await registry.bySlug(slug)).toBeUndefined();
      expect(statements).toBe(2);
      const tenant = await createNamed(server, token, slug);
      // createTenant announced the new tenant: this registry forgot its misses.
      await vi.waitFor(async () => expect((await registry.bySlug(slug))?.id).toBe(tenant.id));
    } finally {
      stop();
      await registry.stop();
    }
  });

  it('a name refused before its tenant existed is served as soon as the tenant is created', async () => {
    const slug = uniqueSlug();
    expect((await gql(server, INFO, {}, { tenant: slug })).codes).toEqual(['TENANT_NOT_FOUND']);
    await createNamed(server, token, slug);
    expect((await gql(server, INFO, {}, { tenant: slug })).data?.tenantInfo?.slug).toBe(slug);
  });

  it('a tenant deactivated on this process is refused on its very next request', async () => {
    const tenant = await createTenant(server, token);
    expect((await gql(server, INFO, {}, { tenant: tenant.slug })).errors).toBeUndefined();
    await must(gql(server, 'mutation($id: ID!) { deactivateTenant(id: $id) { id } }', { id: tenant.id }, { token }));
    expect((await gql(server, INFO, {}, { tenant: tenant.slug })).codes).toEqual(['TENANT_INACTIVE']);
  });

  it('lists every tenant from the database, ordered by slug, whatever the cache holds', async () => {
    const registry = new TenantRegistry(server.runtime.database, { capacity: 1 });
    const listed = await registry.list();
    const [row] = await server.runtime.database.rows<{ n: number }>('select count(*)::int as n from public.tenants');
    expect(listed).toHaveLength(row!.n);
    expect(listed.map((t) => t.slug)).toEqual([...listed.map((t) => t.slug)].sort());
    expect(registry.size).toBe(0);
  });
});

// Two server processes need one shared database server: PGlite is in-process, so this runs on PostgreSQL.
describe.runIf(process.env.DATABASE_URL)('tenant registry across server processes', () => {
  const servers: RunningServer[] = [];
  afterAll(() => Promise.all(servers.map((s) => s.close())));

  async function eventually(check: () => Promise<boolean>) {
    for (let i = 0; i < 50; i++) {
      if (await check()) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('condition not met within 5s');
  }

  it('20 tenants created on one process are each served by the other at once, even names it refused before', async () => {
    servers.push(await startTestServer(), await startTestServer());
    const [one, two] = servers as [RunningServer, RunningServer];
    const token = (await loginPlatform(one)).accessToken;
    for (let n = 0; n < 20; n++) {
      const slug = uniqueSlug();
      // Every other name is asked for on process two first, so it holds a miss for it.
      if (n % 2 === 0) expect((await gql(two, INFO, {}, { tenant: slug })).codes).toEqual(['TENANT_NOT_FOUND']);
      await createNamed(one, token, slug);
      const info = await gql(two, INFO, {}, { tenant: slug });
      expect(info.errors, `tenant ${n} on process two`).toBeUndefined();
      expect(info.data?.tenantInfo?.slug).toBe(slug);
      const owner = ownerOf(slug);
      await expect(login(two, owner.email, owner.password, slug)).resolves.toMatchObject({ accessToken: expect.any(String) });
    }
  });

  it('a tenant deactivated on one process is refused on the other within a second, and a new domain is served at once', async () => {
    const [one, two] = servers as [RunningServer, RunningServer];
    const token = (await loginPlatform(one)).accessToken;
    const tenant = await createTenant(one, token);
    // Process two holds the tenant in its cache before the change.
    expect((await gql(two, INFO, {}, { tenant: tenant.slug })).errors).toBeUndefined();
    await must(gql(one, 'mutation($id: ID!) { deactivateTenant(id: $id) { id } }', { id: tenant.id }, { token }));
    const changed = Date.now();
    let codes: string[] = [];
    while (Date.now() - changed < 1000) {
      codes = (await gql(two, '{ ping }', {}, { tenant: tenant.slug })).codes;
      if (codes[0] === 'TENANT_INACTIVE') break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(codes).toEqual(['TENANT_INACTIVE']);
    expect(Date.now() - changed).toBeLessThan(1000);

    await must(gql(one, 'mutation($id: ID!) { activateTenant(id: $id) { id } }', { id: tenant.id }, { token }));
    const domain = `${tenant.slug}.example.net`;
    // An unknown host is the platform: no tenant, no error.
    expect((await gql(two, INFO, {}, { headers: { host: domain } })).data).toEqual({ tenantInfo: null });
    await must(
      gql(
        one,
        'mutation($id: ID!, $d: String!) { addTenantDomain(id: $id, domain: $d) { id } }',
        { id: tenant.id, d: domain },
        { token },
      ),
    );
    expect((await gql(two, INFO, {}, { headers: { host: domain } })).data?.tenantInfo?.slug).toBe(tenant.slug);
  });

  it('a server whose listening connection dropped forgets what it cached once it is back', async () => {
    // A database of its own, so terminating its listeners cannot touch other test files' servers.
    const own = await ownDatabase('registry');
    const listenUrl = new URL(process.env.DATABASE_LISTEN_URL ?? process.env.DATABASE_URL!);
    const name = new URL(own.url!).pathname.slice(1);
    listenUrl.pathname = `/${name}`;
    const three = await startTestServer({ DATABASE_URL: own.url!, DATABASE_LISTEN_URL: listenUrl.toString() });
    const admin = new pg.Client({ connectionString: listenUrl.toString() });
    await admin.connect();
    try {
      const tenant = await createTenant(three, (await loginPlatform(three)).accessToken);
      expect((await gql(three, '{ tenantInfo { name } }', {}, { tenant: tenant.slug })).errors).toBeUndefined();
      const { rowCount } = await admin.query(
        `select pg_terminate_backend(pid) from pg_stat_activity
          where datname = $1 and application_name = 'leopard-graphql-listen' and pid <> pg_backend_pid()`,
        [name],
      );
      expect(rowCount).toBeGreaterThan(0);
      // Changed behind every listener's back (no NOTIFY): only starting over shows it.
      await admin.query('update public.tenants set name = $1 where id = $2', [`Renamed ${tenant.slug}`, tenant.id]);
      await eventually(
        async () =>
          (await gql(three, '{ tenantInfo { name } }', {}, { tenant: tenant.slug })).data?.tenantInfo?.name ===
          `Renamed ${tenant.slug}`,
      );
    } finally {
      await admin.end();
      await three.close();
      await own.drop();
    }
  });
});
