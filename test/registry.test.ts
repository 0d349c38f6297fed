import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/server.js';
import { createTenant, gql, loginPlatform, startTestServer } from './kit/server.js';

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

  it('a tenant created, deactivated or given a domain on one server is seen by the other', async () => {
    servers.push(await startTestServer(), await startTestServer());
    const [one, two] = servers as [RunningServer, RunningServer];
    const token = (await loginPlatform(one)).accessToken;
    const tenant = await createTenant(one, token);
    await eventually(
      async () => (await gql(two, '{ tenantInfo { slug } }', {}, { tenant: tenant.slug })).data?.tenantInfo?.slug === tenant.slug,
    );
    await gql(one, 'mutation($id: ID!) { deactivateTenant(id: $id) { id } }', { id: tenant.id }, { token });
    await eventually(async () => (await gql(two, '{ ping }', {}, { tenant: tenant.slug })).codes[0] === 'TENANT_INACTIVE');
    await gql(one, 'mutation($id: ID!) { activateTenant(id: $id) { id } }', { id: tenant.id }, { token });
    const domain = `${tenant.slug}.example.net`;
    await gql(
      one,
      'mutation($id: ID!, $d: String!) { addTenantDomain(id: $id, domain: $d) { id } }',
      { id: tenant.id, d: domain },
      { token },
    );
    await eventually(
      async () =>
        (await gql(two, '{ tenantInfo { slug } }', {}, { headers: { host: domain } })).data?.tenantInfo?.slug === tenant.slug,
    );
  });

  it('a server whose listening connection dropped reloads the registry once it is back', async () => {
    const before = new Date();
    const three = await startTestServer();
    servers.push(three);
    const after = new Date();
    const tenant = await createTenant(three, (await loginPlatform(three)).accessToken);
    // This server's listening connections: the ones opened while it started (its own and its processor's).
    const admin = new pg.Client({ connectionString: process.env.DATABASE_LISTEN_URL ?? process.env.DATABASE_URL });
    await admin.connect();
    try {
      const { rowCount } = await admin.query(
        `select pg_terminate_backend(pid) from pg_stat_activity
          where datname = current_database() and application_name = 'leopard-graphql-listen'
            and backend_start between $1 and $2`,
        [before, after],
      );
      expect(rowCount).toBeGreaterThan(0);
      // Changed behind every listener's back (no NOTIFY): only a reload can show it.
      await admin.query('update public.tenants set name = $1 where id = $2', [`Renamed ${tenant.slug}`, tenant.id]);
    } finally {
      await admin.end();
    }
    await eventually(
      async () =>
        (await gql(three, '{ tenantInfo { name } }', {}, { tenant: tenant.slug })).data?.tenantInfo?.name ===
        `Renamed ${tenant.slug}`,
    );
  });
});
