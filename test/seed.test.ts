// The demo seed: deterministic, re-runnable, and its users log in and see only their scope.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/server.js';
import { DEMO } from '../src/seed/data.js';
import { runSeed, SEED_PASSWORD, type SeedResult } from '../src/seed/index.js';
import { gql, login, startTestServer, uniqueSlug } from './kit/server.js';

let server: RunningServer;
const prefix = `${uniqueSlug('s')}-`;

async function clientNames(schema: string): Promise<string[]> {
  const rows = await server.runtime.database.rows<{ n: string }>(
    `select first_name || ' ' || last_name || ' ' || email as n from "${schema}".clients order by email`,
  );
  return rows.map((r) => r.n);
}

/** The tenant's events by status: the seed leaves the one demo FAILED event and nothing to process. */
async function eventsByStatus(schema: string): Promise<Record<string, number>> {
  const res = (await server.runtime.database.orm.execute(
    sql.raw(`select status, count(*)::int as n from "${schema}".events group by status`),
  )) as unknown as {
    rows: { status: string; n: number }[];
  };
  return Object.fromEntries(res.rows.map((r) => [r.status, r.n]));
}
const one = async <T extends Record<string, unknown>>(query: string): Promise<T> =>
  (await server.runtime.database.rows<T>(query))[0]!;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

describe('npm run seed', () => {
  let first: SeedResult;

  it('seeds the same names, counts and relations twice with --reset', async () => {
    first = await runSeed(server.runtime, { tenants: 1, clients: 10, reset: true, slugPrefix: prefix });
    const tenant = first.tenants[0]!;
    expect(tenant.counts.clients).toBe(10);
    expect(tenant.counts.tasks).toBe(100);
    expect(tenant.counts.branches).toBeGreaterThanOrEqual(4);
    const names = await clientNames(tenant.schemaName);
    expect(await eventsByStatus(tenant.schemaName)).toEqual({ FAILED: 1 });

    const second = await runSeed(server.runtime, { tenants: 1, clients: 10, reset: true, slugPrefix: prefix });
    expect(second.tenants[0]!.counts).toEqual(tenant.counts);
    expect(second.tenants[0]!.users.map((u) => [u.email, u.role])).toEqual(tenant.users.map((u) => [u.email, u.role]));
    expect(await clientNames(second.tenants[0]!.schemaName)).toEqual(names);
  }, 20_000);

  it('leaves an existing seed tenant alone without --reset', async () => {
    const again = await runSeed(server.runtime, { tenants: 1, clients: 10, slugPrefix: prefix });
    expect(again.tenants).toEqual([]);
    expect(again.skipped).toEqual([`${prefix}acme`]);
  });

  it("gives every seeded tenant user the first-run demo's password: one convention for both", () => {
    const tenantLogins = first.logins.filter((l) => l.tenant !== '(platform)');
    expect(tenantLogins.map((l) => l.role)).toContain('CONSULTANT');
    expect(new Set(tenantLogins.map((l) => l.password))).toEqual(new Set([DEMO.staffPassword]));
    expect(DEMO.owner.password).toBe(DEMO.staffPassword);
  });

  it('lets seeded users log in, and a consultant sees only its branch clients', async () => {
    const slug = `${prefix}acme`;
    const owner = first.logins.find((l) => l.tenant === slug && l.role === 'SUPER_ADMIN')!;
    await login(server, owner.email, SEED_PASSWORD, slug);

    const record = (await server.runtime.registry.bySlug(slug))!;
    const schema = record.schemaName;
    // The ids are new after the second --reset run; the emails are stable.
    const consultant = first.tenants[0]!.users.find((u) => u.role === 'CONSULTANT')!;
    const [own] = await server.runtime.database.rows<{ id: string; n: number }>(
      `select ub.branch_id as id, (select count(*)::int from "${schema}".clients c where c.branch_id = ub.branch_id) as n
         from "${schema}".user_branches ub join "${schema}".users u on u.id = ub.user_id where lower(u.email) = lower($1)`,
      [consultant.email],
    );
    const [count] = await server.runtime.database.rows<{ total: number }>(
      `select count(*)::int as total from "${schema}".clients`,
    );
    expect(own!.n).toBeLessThan(count!.total);

    const tokens = await login(server, consultant.email, SEED_PASSWORD, slug);
    const r = await gql(
      server,
      '{ clients(first: 100) { totalCount nodes { branch { id } } } }',
      {},
      { tenant: slug, token: tokens.accessToken },
    );
    expect(r.errors).toBeUndefined();
    expect(own!.n).toBeGreaterThan(0);
    expect(r.data!.clients.totalCount).toBe(own!.n);
    const nodes = r.data!.clients.nodes as { branch: { id: string } }[];
    expect(nodes.every((c) => c.branch.id === own!.id)).toBe(true);
  });

  it('shows the agency day: timelines, mentions, expiring passports and visas, a failed event with its alert', async () => {
    const schema = (await server.runtime.registry.bySlug(`${prefix}acme`))!.schemaName;
    const q = (sqlText: string) => one<{ n: number }>(sqlText.replaceAll('$s', `"${schema}"`)).then((r) => r.n);
    // 2-3 consultants in every branch.
    const perBranch = await server.runtime.database.rows<{ n: number }>(
      `select count(*)::int as n from "${schema}".user_branches ub join "${schema}".users u on u.id = ub.user_id
         where u.role = 'CONSULTANT' group by ub.branch_id`,
    );
    expect(perBranch.length).toBeGreaterThanOrEqual(4);
    for (const b of perBranch) expect([2, 3]).toContain(b.n);
    expect(await q(`select count(distinct activity_type)::int as n from $s.client_activities`)).toBeGreaterThanOrEqual(5);
    expect(
      await q(`select count(*)::int as n from $s.client_activities where activity_type = 'VISA_STATUS_CHANGED'`),
    ).toBeGreaterThan(0);
    // Comments that mention someone, and the mentioned people were told.
    expect(
      await q(`select count(*)::int as n from $s.task_comments where jsonb_array_length(mentioned_user_ids) > 0`),
    ).toBeGreaterThan(0);
    expect(
      await q(`select count(*)::int as n from $s.task_comments c join $s.notifications n
        on n.entity_id = c.task_id and n.type = 'TASK_MENTIONED' and n.recipient_id = (c.mentioned_user_ids->>0)::uuid`),
    ).toBeGreaterThan(0);
    // Within the default windows: passports 180 days, visas 90.
    expect(
      await q(`select count(*)::int as n from $s.passports where date_of_expiry between current_date and current_date + 180`),
    ).toBeGreaterThan(0);
    expect(
      await q(`select count(*)::int as n from $s.visa_applications
        where status = 'GRANTED' and expiry_date between current_date and current_date + 90`),
    ).toBeGreaterThan(0);
    expect(
      await q(`select count(*)::int as n from $s.events e join $s.notifications n
        on n.entity_id = e.id and n.type = 'SYSTEM_ALERT' and n.entity_type = 'Event' where e.status = 'FAILED'`),
    ).toBe(1);
  });
});
