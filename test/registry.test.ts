import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/server.js';
import { createTenant, gql, loginPlatform, startTestServer } from './kit/server.js';
import { ownDatabase } from './kit/own-database.js';

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
      const { rowCount } = await admin.query(
        `select pg_terminate_backend(pid) from pg_stat_activity
          where datname = $1 and application_name = 'leopard-graphql-listen' and pid <> pg_backend_pid()`,
        [name],
      );
      expect(rowCount).toBeGreaterThan(0);
      // Changed behind every listener's back (no NOTIFY): only a reload can show it.
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
