// The client search (`filter: { search }`, ILIKE '%term%' on names, email and phone) is served by
// trigram indexes (clients_search_*_idx): the statement the list really sends is planned with them.
// The indexes and the selector share their expressions (clientSearchTexts); this test fails if
// they drift apart, which would otherwise only show as a slow search on a large tenant.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { tenantDb, tenantTables } from '../src/db/tenant-db.js';
import type { RunningServer } from '../src/server.js';
import { createOrgFixture, type OrgFixture } from './kit/org-fixture.js';
import { gql, loginPlatform, startTestServer } from './kit/server.js';

const SEARCH_INDEXES = [
  'clients_search_email_idx',
  'clients_search_full_name_idx',
  'clients_search_name_idx',
  'clients_search_phone_idx',
];

let server: RunningServer;
let fx: OrgFixture;

beforeAll(async () => {
  server = await startTestServer({ EVENTS_PROCESSOR: 'off' });
  fx = await createOrgFixture(server, (await loginPlatform(server)).accessToken);
  // 20,000 clients, one of them findable by a rare fragment of each searched field: enough rows
  // for the planner to prefer the index over filtering row by row, as on a real tenant.
  const schema = fx.tenant.schemaName;
  await server.runtime.database.rows(
    `insert into "${schema}".clients (first_name, last_name, email, phone_number, gender, country, branch_id)
     select 'First' || g, 'Last' || g, 'client' || g || '@example.com', '+61 4' || lpad(g::text, 8, '0'), 'OTHER', 'AU', $1
       from generate_series(1, 20000) g`,
    [fx.branches.B11],
  );
  const t = tenantTables;
  await tenantDb(server.runtime.database, schema).orm.insert(t.clients).values({
    firstName: 'Zelda',
    middleName: 'Quinn',
    lastName: 'Quixote',
    email: 'zq@windmill.example',
    phoneNumber: '+61 499 123 987',
    gender: 'OTHER',
    country: 'AU',
    branchId: fx.branches.B11,
  });
  // As autovacuum would: flushes the GIN pending lists the bulk insert filled, and gathers statistics.
  await server.runtime.database.exec(`vacuum analyze "${schema}".clients`);
}, 120_000);
afterAll(() => server.close());

/** The list statement the search sends, with its parameters, and what it found. */
async function searchStatement(term: string): Promise<{ text: string; params: unknown[]; found: string[] }> {
  const sent: { text: string; params: unknown[] }[] = [];
  const stop = server.runtime.database.observe((text, params) => {
    if (/ilike/i.test(text)) sent.push({ text, params });
  });
  try {
    const r = await gql(
      server,
      'query($s: String!) { clients(first: 25, filter: { search: $s }) { nodes { firstName lastName } } }',
      { s: term },
      fx.as('SUPER_ADMIN'),
    );
    expect(r.errors).toBeUndefined();
    expect(sent).toHaveLength(1);
    return { ...sent[0]!, found: r.data!.clients.nodes.map((n: { lastName: string }) => n.lastName) };
  } finally {
    stop();
  }
}

/** The search indexes the statement's plan looks up, each with its condition. */
async function searchIndexLookups(text: string, params: unknown[]): Promise<Record<string, string>> {
  // Parameters inlined as literals: EXPLAIN takes no bind parameters on every driver.
  const inlined = text.replace(/\$(\d+)/g, (_, n: string) => {
    const v = params[Number(n) - 1];
    return typeof v === 'number' ? String(v) : `'${String(v).replace(/'/g, "''")}'`;
  });
  const [row] = await server.runtime.database.rows<{ 'QUERY PLAN': unknown }>(`explain (format json) ${inlined}`);
  const plan = row!['QUERY PLAN'];
  // A partial index can also be read whole, for its WHERE alone: only an Index Cond shows the
  // search term was looked up in it.
  const lookups: Record<string, string> = {};
  const walk = (node: { 'Index Name'?: string; 'Index Cond'?: string; Plans?: unknown[] }) => {
    const name = node['Index Name'];
    if (name?.startsWith('clients_search_')) lookups[name] = node['Index Cond'] ?? '(read whole)';
    for (const child of node.Plans ?? []) walk(child as typeof node);
  };
  walk((plan as [{ Plan: Parameters<typeof walk>[0] }])[0].Plan);
  return lookups;
}

it.each([
  ['a fragment of the full name', 'quinn quix', 'Quixote'],
  ['a first and last name without the middle', 'zelda quix', 'Quixote'],
  ['a fragment of the email', 'windmill', 'Quixote'],
  ['a fragment of the phone number', '123 987', 'Quixote'],
])('finds a client by %s through the trigram indexes', async (_what, term, lastName) => {
  const { text, params, found } = await searchStatement(term);
  expect(found).toEqual([lastName]);
  // Every arm of the OR is looked up in its own index (a sequential scan would list none).
  const lookups = await searchIndexLookups(text, params);
  expect(Object.keys(lookups).sort()).toEqual(SEARCH_INDEXES);
  for (const cond of Object.values(lookups)) expect(cond).toContain(`~~* '%${term}%'`); // ILIKE
});
