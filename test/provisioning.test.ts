import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenantDrop } from '../src/modules/platform/index.js';
import type { RunningServer } from '../src/server.js';
import { CREATE_TENANT, createTenant, gql, loginPlatform, startTestServer, uniqueSlug } from './kit/server.js';

const PLATFORM_TABLES = [
  '__migrations',
  'domains',
  'event_processing_control',
  'platform_admins',
  'platform_audit_log',
  'platform_refresh_tokens',
  'platform_sessions',
  'tenants',
];

let server: RunningServer;
let platformToken: string;
let failNext: string | null = null;

beforeAll(async () => {
  server = await startTestServer(
    {},
    {
      faults: {
        afterTenantSchemaCreated: (slug) => {
          if (slug === failNext) throw new Error('injected failure after schema creation');
        },
      },
    },
  );
  platformToken = (await loginPlatform(server)).accessToken;
});
afterAll(() => server.close());

const rows = <T extends Record<string, unknown>>(text: string, params: unknown[] = []) =>
  server.runtime.database.rows<T>(text, params);

async function leftovers(slug: string) {
  const schema = `tenant_${slug.replace(/-/g, '_')}`;
  const [t] = await rows<{ n: number }>('select count(*)::int as n from public.tenants where slug = $1', [slug]);
  const [s] = await rows<{ n: number }>('select count(*)::int as n from information_schema.schemata where schema_name = $1', [
    schema,
  ]);
  return { tenants: t!.n, schemas: s!.n };
}

function ownerInput(slug: string) {
  return { email: `o@${slug}.test`, password: 'owner-pass-1', firstName: 'O', lastName: 'W' };
}

describe('tenant provisioning', () => {
  it('creates every tenant table in the tenant schema, with every foreign key inside it, and adds nothing to public', async () => {
    const before = await rows<{ table_name: string }>(
      "select table_name from information_schema.tables where table_schema = 'public' order by 1",
    );
    const tenant = await createTenant(server, platformToken);
    const after = await rows<{ table_name: string }>(
      "select table_name from information_schema.tables where table_schema = 'public' order by 1",
    );
    expect(after).toEqual(before);
    expect(after.map((r) => r.table_name).sort()).toEqual(PLATFORM_TABLES);

    const tables = await rows<{ table_name: string }>(
      'select table_name from information_schema.tables where table_schema = $1 order by 1',
      [tenant.schemaName],
    );
    expect(tables.map((t) => t.table_name)).toEqual(
      expect.arrayContaining([
        'users',
        'regions',
        'branches',
        'user_branches',
        'user_regions',
        'sessions',
        'refresh_tokens',
        '__migrations',
      ]),
    );
    const fks = await rows<{ from_schema: string; to_schema: string }>(
      `select n1.nspname as from_schema, n2.nspname as to_schema
         from pg_constraint c
         join pg_class t1 on t1.oid = c.conrelid join pg_namespace n1 on n1.oid = t1.relnamespace
         join pg_class t2 on t2.oid = c.confrelid join pg_namespace n2 on n2.oid = t2.relnamespace
        where c.contype = 'f' and n1.nspname = $1`,
      [tenant.schemaName],
    );
    expect(fks.length).toBeGreaterThan(5);
    expect(new Set(fks.map((f) => f.to_schema))).toEqual(new Set([tenant.schemaName]));
  });

  it('gives the owner a working SUPER_ADMIN login', async () => {
    const tenant = await createTenant(server, platformToken);
    const me = await gql(
      server,
      '{ me { email role tenant { slug } } }',
      {},
      { tenant: tenant.slug, token: tenant.ownerTokens.accessToken },
    );
    expect(me.data?.me).toEqual({ email: tenant.owner.email, role: 'SUPER_ADMIN', tenant: { slug: tenant.slug } });
  });

  it.each([
    ['an invalid slug', 'Bad_Slug', 'BAD_USER_INPUT'],
    ['a one-letter slug', 'a', 'BAD_USER_INPUT'],
    ['a reserved slug', 'admin', 'BAD_USER_INPUT'],
  ])('refuses %s and leaves nothing behind', async (_label, slug, code) => {
    const r = await gql(
      server,
      CREATE_TENANT,
      { i: { name: `N ${uniqueSlug()}`, slug, owner: ownerInput('x') } },
      { token: platformToken },
    );
    expect(r.codes).toEqual([code]);
    expect(r.errors?.[0]?.extensions?.fields?.[0]?.path).toBe('input.slug');
    expect(await leftovers(slug.toLowerCase())).toEqual({ tenants: 0, schemas: 0 });
  });

  it('refuses a duplicate slug with CONFLICT', async () => {
    const tenant = await createTenant(server, platformToken);
    const r = await gql(
      server,
      CREATE_TENANT,
      { i: { name: `Other ${tenant.slug}`, slug: tenant.slug, owner: ownerInput('x') } },
      { token: platformToken },
    );
    expect(r.codes).toEqual(['CONFLICT']);
    expect(r.errors?.[0]?.extensions?.fields?.[0]?.path).toBe('input.slug');
    expect(await leftovers(tenant.slug)).toEqual({ tenants: 1, schemas: 1 });
  });

  it('refuses a domain another tenant holds and leaves nothing behind', async () => {
    const domain = `${uniqueSlug('crm')}.agency.test`;
    await createTenant(server, platformToken, { domains: [domain] });
    const slug = uniqueSlug();
    const r = await gql(
      server,
      CREATE_TENANT,
      { i: { name: `N ${slug}`, slug, domains: [domain], owner: ownerInput(slug) } },
      { token: platformToken },
    );
    expect(r.codes).toEqual(['CONFLICT']);
    expect(r.errors?.[0]?.extensions?.fields?.[0]?.path).toBe('input.domains.0');
    expect(await leftovers(slug)).toEqual({ tenants: 0, schemas: 0 });
  });

  it('rolls back everything when a step fails after the schema was created', async () => {
    const slug = uniqueSlug();
    failNext = slug;
    const r = await gql(
      server,
      CREATE_TENANT,
      { i: { name: `N ${slug}`, slug, owner: ownerInput(slug) } },
      { token: platformToken },
    );
    failNext = null;
    expect(r.codes).toEqual(['INTERNAL_SERVER_ERROR']);
    expect(r.errors?.[0]?.message).toBe('Internal server error');
    expect(await leftovers(slug)).toEqual({ tenants: 0, schemas: 0 });
    // and the slug is free again
    const again = await gql(
      server,
      CREATE_TENANT,
      { i: { name: `N ${slug}`, slug, owner: ownerInput(slug) } },
      { token: platformToken },
    );
    expect(again.errors).toBeUndefined();
  });

  it('lists, reads, updates, deactivates and reactivates tenants', async () => {
    const tenant = await createTenant(server, platformToken);
    const page = await gql(
      server,
      '{ tenants(first: 100) { totalCount nodes { slug } pageInfo { hasNextPage endCursor } } }',
      {},
      { token: platformToken },
    );
    expect(page.data?.tenants.totalCount).toBeGreaterThanOrEqual(1);
    const upd = await gql(
      server,
      'mutation($id: ID!) { updateTenant(id: $id, input: { maxUsers: 7, subscriptionStatus: ACTIVE }) { maxUsers subscriptionStatus } }',
      { id: tenant.id },
      { token: platformToken },
    );
    expect(upd.data?.updateTenant).toEqual({ maxUsers: 7, subscriptionStatus: 'ACTIVE' });
    const off = await gql(
      server,
      'mutation($id: ID!) { deactivateTenant(id: $id) { isActive } }',
      { id: tenant.id },
      { token: platformToken },
    );
    expect(off.data?.deactivateTenant.isActive).toBe(false);
    const blocked = await gql(server, '{ ping }', {}, { tenant: tenant.slug });
    expect(blocked.codes).toEqual(['TENANT_INACTIVE']);
    await gql(server, 'mutation($id: ID!) { activateTenant(id: $id) { isActive } }', { id: tenant.id }, { token: platformToken });
    expect((await gql(server, '{ ping }', {}, { tenant: tenant.slug })).data).toEqual({ ping: true });
    const missing = await gql(
      server,
      'query($id: ID!) { tenant(id: $id) { id } }',
      { id: '00000000-0000-4000-8000-000000000000' },
      { token: platformToken },
    );
    expect(missing.codes).toEqual(['NOT_FOUND']);
  });

  it('routes a registered domain to its tenant as soon as it is added, and stops when removed', async () => {
    const tenant = await createTenant(server, platformToken);
    const domain = `${uniqueSlug('crm')}.example.org`;
    const add = await gql(
      server,
      'mutation($id: ID!, $d: String!) { addTenantDomain(id: $id, domain: $d) { domains } }',
      { id: tenant.id, d: domain },
      { token: platformToken },
    );
    expect(add.data?.addTenantDomain.domains).toContain(domain);
    const viaHost = await gql(server, '{ tenantInfo { slug } }', {}, { headers: { host: domain } });
    expect(viaHost.data?.tenantInfo).toEqual({ slug: tenant.slug });
    await gql(
      server,
      'mutation($id: ID!, $d: String!) { removeTenantDomain(id: $id, domain: $d) { domains } }',
      { id: tenant.id, d: domain },
      { token: platformToken },
    );
    const after = await gql(server, '{ tenantInfo { slug } }', {}, { headers: { host: domain } });
    expect(after.data?.tenantInfo).toBeNull();
  });

  it('is for platform admins only', async () => {
    const tenant = await createTenant(server, platformToken);
    const anon = await gql(server, CREATE_TENANT, { i: { name: 'x', slug: uniqueSlug(), owner: ownerInput('x') } });
    expect(anon.codes).toEqual(['UNAUTHENTICATED']);
    const owner = await gql(
      server,
      '{ tenants { totalCount } }',
      {},
      { tenant: tenant.slug, token: tenant.ownerTokens.accessToken },
    );
    expect(owner.codes).toEqual(['FORBIDDEN']);
  });

  // PostgreSQL only: the embedded database is one connection, so nothing else can hold a lock.
  it.runIf(process.env.DATABASE_URL)(
    'drops a tenant whose schema a worker holds while it waits for the tenant row: the deadlocked drop is tried again',
    async () => {
      const tenant = await createTenant(server, platformToken);
      const worker = new pg.Client({ connectionString: server.runtime.config.databaseUrl });
      await worker.connect();
      try {
        await worker.query('begin');
        // The drop's backend finds the cycle first, so the drop is the transaction PostgreSQL ends.
        await worker.query("set local deadlock_timeout = '30s'");
        await worker.query(`lock table "${tenant.schemaName}".notifications in row exclusive mode`);
        let settled = false;
        const dropping = tenantDrop({ runtime: server.runtime, slug: tenant.slug }).finally(() => (settled = true));
        dropping.catch(() => undefined); // awaited below; a drop that gave up must not wait out the loops
        const [{ pid }] = (await worker.query<{ pid: number }>('select pg_backend_pid() as pid')).rows as [{ pid: number }];
        // Asked on another connection, outside the worker's transaction (a transaction reads
        // pg_stat_activity once and keeps that snapshot): is a statement of the drop's waiting for
        // the worker?
        const dropWaits = async (statement: string) =>
          (
            await rows('select 1 from pg_stat_activity where $1 = any(pg_blocking_pids(pid)) and query like $2', [
              pid,
              `${statement}%`,
            ])
          ).length;
        const schemaDrop = `drop schema if exists "${tenant.schemaName}"`;
        while (!(await dropWaits(schemaDrop))) await new Promise((r) => setTimeout(r, 20));
        // Waits for the row the drop deleted: a cycle, broken by ending the drop, which is tried again
        // and now waits for this transaction's lock on the row.
        await worker.query('select id from public.tenants where id = $1 for update', [tenant.id]);
        while (!settled && !(await dropWaits('delete from "tenants"'))) await new Promise((r) => setTimeout(r, 20));
        await worker.query('commit');
        await dropping;
      } finally {
        await worker.end();
      }
      expect(await leftovers(tenant.slug)).toEqual({ tenants: 0, schemas: 0 });
      expect(await server.runtime.registry.bySlug(tenant.slug)).toBeUndefined();
    },
  );
});
