// Statements compiled once run as named prepared statements on PostgreSQL; when a connection path
// loses them (PgBouncer before 1.21 in transaction pooling), the process notices, warns once and
// runs them unnamed, answering every request correctly.
import { describe, expect, it } from 'vitest';
import { gql } from './kit/server.js';
import { useOrgServer } from './kit/use-server.js';

// Straight to PostgreSQL only: through an old PgBouncer the suite runs with them off.
describe.runIf(process.env.DATABASE_URL && process.env.DB_PREPARED_STATEMENTS !== 'false')('named prepared statements', () => {
  // One connection, so the statement dropped below is the one the next request would reuse.
  const { server, fx } = useOrgServer({ DB_POOL_MAX: '1', EVENTS_PROCESSOR: 'off' });

  const LIST = '{ clients(first: 5) { nodes { id branch { id } assignedTo { id } } } }';

  it('are parsed once per connection and reused', async () => {
    const names = async () =>
      (await server.runtime.database.rows<{ name: string }>('select name from pg_prepared_statements')).map((r) => r.name);
    expect((await gql(server, LIST, {}, fx.as('SUPER_ADMIN'))).errors).toBeUndefined();
    const first = await names();
    expect(first.some((n) => n.endsWith(fx.tenant.schemaName))).toBe(true);
    expect((await gql(server, LIST, {}, fx.as('SUPER_ADMIN'))).errors).toBeUndefined();
    expect(await names()).toEqual(first);
  });

  it('of a list over the whole tenant or one branch are planned once, not on every request', async () => {
    // `first: 5` reads 11 rows, written into the SQL: with `limit $n` PostgreSQL would keep planning
    // each execution anew (custom plans), its generic plan's estimate being worse.
    const statements = () =>
      server.runtime.database.rows<{ statement: string; generic: number }>(
        `select statement, generic_plans::int as generic from pg_prepared_statements where statement like '%"clients"%limit 11'`,
      );
    for (const who of ['SUPER_ADMIN', 'CONSULTANT@B11'])
      for (let i = 0; i < 8; i++) expect((await gql(server, LIST, {}, fx.as(who))).errors).toBeUndefined();
    const lists = await statements();
    expect(lists).toHaveLength(2);
    for (const l of lists) expect(l.generic, l.statement).toBeGreaterThan(0);
  });

  it('of a detail page’s loaders (one id each) are planned once, not on every request', async () => {
    // `= any($ids)` would be planned on every execution: its generic plan assumes ten ids.
    const create = 'mutation($i: CreateClientInput!) { createClient(input: $i) { id } }';
    const client = await gql(
      server,
      create,
      { i: { firstName: 'Ada', gender: 'FEMALE', country: 'AU', branchId: fx.branches.B11 } },
      fx.as('SUPER_ADMIN'),
    );
    const id = (client.data as { createClient: { id: string } }).createClient.id;
    const DETAIL = `query($id: ID!) { client(id: $id) { id branch { id } assignedTo { id } passport { passportNo }
      proficiencies { id } qualifications { id } employments { id } profilePicture { url } visaApplications { id } } }`;
    for (let i = 0; i < 8; i++) expect((await gql(server, DETAIL, { id }, fx.as('SUPER_ADMIN'))).errors).toBeUndefined();
    const loaders = await server.runtime.database.rows<{ statement: string; generic: number }>(
      `select statement, generic_plans::int as generic from pg_prepared_statements
       where statement ~ '"(passports|profile_pictures|proficiencies|qualifications|employments|visa_applications)"\\."client_id" = \\$1::uuid'`,
    );
    expect(loaders).toHaveLength(6);
    for (const l of loaders) expect(l.generic, l.statement).toBeGreaterThan(0);
  });

  it('that a connection lost are run unnamed, with a warning, and the answer is unchanged', async () => {
    const before = await gql(server, LIST, {}, fx.as('SUPER_ADMIN'));
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on('warning', onWarning);
    try {
      // What a transaction pooler does to a client: the next statement lands where its name is unknown.
      await server.runtime.database.exec('deallocate all');
      const after = await gql(server, LIST, {}, fx.as('SUPER_ADMIN'));
      expect(after.errors).toBeUndefined();
      expect(after.data).toEqual(before.data);
      await new Promise((r) => setImmediate(r));
      expect(warnings.some((m) => m.includes('DB_PREPARED_STATEMENTS'))).toBe(true);
      const again = await gql(server, LIST, {}, fx.as('SUPER_ADMIN'));
      expect(again.data).toEqual(before.data);
    } finally {
      process.off('warning', onWarning);
    }
  });
});
