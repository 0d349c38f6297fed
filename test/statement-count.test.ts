// A nested list costs the same small number of SQL statements for 10 clients as for 100: every
// relation is loaded through per-request DataLoaders (ARCHITECTURE §3). The hot reads of
// bench/load.ts (list, detail, search) and the tasks and notifications lists are pinned to their
// exact counts, so that an N+1 (or any extra statement) fails here.
import { beforeAll, describe, expect, it } from 'vitest';
import { tenantDb, tenantTables } from '../src/db/tenant-db.js';
import { gql, login } from './kit/server.js';
import { useOrgServer } from './kit/use-server.js';

// Only the request's statements may fall into the count: no background processor here.
// 100 clients with every nested list cost more than the default limit (lists count at their caps).
const { server, fx } = useOrgServer({ EVENTS_PROCESSOR: 'off', MAX_QUERY_COST: '1000000' });
let detailId: string;

const QUERY = `query($n: Int!) {
  clients(first: $n) {
    nodes {
      id
      branch { id name region { id } }
      assignedTo { id email }
      agent { id agentName }
      visaCategory { id name }
      passport { passportNo }
      proficiencies { overallScore exam { name } }
      visaApplications { id status visaType { id name } }
    }
  }
}`;

beforeAll(async () => {
  // 100 clients with every relation the query reaches, written directly: this test is about reads.
  const t = tenantTables;
  const orm = tenantDb(server.runtime.database, fx.tenant.schemaName).orm;
  const [agent] = await orm.insert(t.agents).values({ agentName: 'Agent A', agentType: 'SUPER_AGENT' }).returning();
  const [category] = await orm.insert(t.visaCategories).values({ name: 'Skilled' }).returning();
  const [visaType] = await orm
    .insert(t.visaTypes)
    .values({ visaCategoryId: category!.id, name: 'Independent', code: '189' })
    .returning();
  const [exam] = await orm.insert(t.languageExams).values({ name: 'IELTS' }).returning();
  const clients = await orm
    .insert(t.clients)
    .values(
      Array.from({ length: 100 }, (_, i) => ({
        firstName: `Count${i}`,
        gender: 'MALE' as const,
        country: 'AU',
        branchId: fx.branches[i % 2 ? 'B11' : 'B12'],
        assignedToId: fx.users[i % 2 ? 'CONSULTANT@B11' : 'CONSULTANT@B12']!.id,
        agentId: agent!.id,
        visaCategoryId: category!.id,
      })),
    )
    .returning({ id: t.clients.id });
  await orm.insert(t.passports).values(
    clients.map((c, i) => ({
      clientId: c.id,
      passportNo: `P${i}`,
      passportCountry: 'AU',
      countryOfBirth: 'AU',
      nationality: 'AU',
    })),
  );
  const score = {
    overallScore: '7',
    speakingScore: '7',
    readingScore: '7',
    listeningScore: '7',
    writingScore: '7',
    testDate: '2024-01-01',
  };
  await orm
    .insert(t.proficiencies)
    .values(clients.flatMap((c) => [0, 1].map(() => ({ clientId: c.id, examId: exam!.id, ...score }))));
  await orm
    .insert(t.visaApplications)
    .values(clients.map((c) => ({ clientId: c.id, visaTypeId: visaType!.id, immigrationFee: '100.00', serviceFee: '50.00' })));
  // A client of B11 with every profile part the detail reads, and tasks and notifications to list.
  detailId = clients[1]!.id;
  await orm.insert(t.qualifications).values(
    [0, 1].map(() => ({
      clientId: detailId,
      course: 'C',
      institute: 'I',
      degree: 'D',
      fieldOfStudy: 'F',
      enrollDate: '2020-01-01',
      country: 'AU',
    })),
  );
  await orm
    .insert(t.employments)
    .values([0, 1].map(() => ({ clientId: detailId, employerName: 'E', position: 'P', startDate: '2020-01-01', country: 'AU' })));
  const due = new Date(Date.now() + 86_400_000);
  await orm.insert(t.tasks).values(
    clients.slice(0, 40).map((c, i) => ({
      title: `Countable task ${i}`,
      dueDate: due,
      clientId: c.id,
      assignedToId: fx.users[i % 2 ? 'CONSULTANT@B11' : 'CONSULTANT@B12']!.id,
    })),
  );
  await orm.insert(t.notifications).values(
    Array.from({ length: 30 }, (_, i) => ({
      recipientId: fx.users['CONSULTANT@B11']!.id,
      type: 'SYSTEM_ALERT' as const,
      title: `Countable ${i}`,
      clientId: clients[1]!.id,
    })),
  );
}, 120_000);

async function statementsFor(n: number, who: string): Promise<number> {
  // The session is checked once, then served from the process's cache: warm it, so both sizes
  // count the same work (the round-trip tests below count the first request of a session).
  await gql(server, '{ me { id } }', {}, fx.as(who));
  let count = 0;
  const stop = server.runtime.database.observe(() => count++);
  try {
    const r = await gql(server, QUERY, { n }, fx.as(who));
    expect(r.errors).toBeUndefined();
    expect(r.data!.clients.nodes).toHaveLength(n);
    expect(r.data!.clients.nodes[0].visaApplications[0].visaType.name).toBe('Independent');
  } finally {
    stop();
  }
  return count;
}

describe('SQL statements per nested client list', () => {
  it('are the same for 10 and 100 clients, and few', async () => {
    const ten = await statementsFor(10, 'SUPER_ADMIN');
    const hundred = await statementsFor(100, 'SUPER_ADMIN');
    expect(hundred).toBe(ten);
    // authentication, the page, and one batch per relation (branch, region, user, agent,
    // category, passport, proficiencies, exam, applications, visa type)
    expect(hundred).toBeLessThanOrEqual(12);
  });

  it('stay constant for a scoped viewer too, and as few', async () => {
    const ten = await statementsFor(10, 'REGION_MANAGER@B11');
    expect(await statementsFor(100, 'REGION_MANAGER@B11')).toBe(ten);
    expect(ten).toBe(SCOPED_NESTED);
  });
});

const LIST = `{ clients(first: 25) { nodes { id firstName branch { id name } assignedTo { id email } } } }`;
/** The nested list as the region manager, measured: as the owner's, each relation one batch. */
const SCOPED_NESTED = 9;

async function statementsOf(query: string, token: string): Promise<{ count: number; data: Record<string, unknown> }> {
  let count = 0;
  const stop = server.runtime.database.observe(() => count++);
  try {
    const r = await gql(server, query, {}, { tenant: fx.tenant.slug, token });
    expect(r.errors).toBeUndefined();
    return { count, data: r.data! };
  } finally {
    stop();
  }
}

describe('round trips of the client list with branch and assignee', () => {
  for (const who of ['SUPER_ADMIN', 'CONSULTANT@B11', 'REGION_MANAGER@B11'] as const) {
    it(`are at most two for ${who}, authentication included, and one once the session is known`, async () => {
      const user = fx.users[who]!;
      // A new session: its first request reads the session, then the page with both relations.
      const { accessToken } = await login(server, user.email, user.password, fx.tenant.slug);
      const first = await statementsOf(LIST, accessToken);
      expect(first.count).toBeLessThanOrEqual(2);
      const again = await statementsOf(LIST, accessToken);
      expect(again.count).toBe(1);
      expect(again.data).toEqual(first.data);
      const nodes = (first.data.clients as { nodes: { branch: { id: string }; assignedTo: unknown }[] }).nodes;
      expect(nodes.length).toBeGreaterThan(0);
      expect(nodes.every((n) => n.branch.id)).toBe(true);
    });
  }

  it('joins an assignee only where the viewer may see that user, exactly as the loader reads it', async () => {
    // A client of B11 assigned to a consultant of B21, whom CONSULTANT@B11 shares no branch with.
    const orm = tenantDb(server.runtime.database, fx.tenant.schemaName).orm;
    const [hidden] = await orm
      .insert(tenantTables.clients)
      .values({
        firstName: 'Hidden',
        gender: 'MALE',
        country: 'AU',
        branchId: fx.branches.B11,
        assignedToId: fx.users['CONSULTANT@B21']!.id,
      })
      .returning({ id: tenantTables.clients.id });
    const joined = await gql(server, LIST, {}, fx.as('CONSULTANT@B11'));
    const nodes = joined.data!.clients.nodes as { id: string; assignedTo: unknown }[];
    expect(nodes.find((n) => n.id === hidden!.id)?.assignedTo).toBeNull();
    // The same clients one by one, each assignee through the user loader.
    const one = nodes.map((n, i) => `c${i}: client(id: "${n.id}") { assignedTo { id email } }`).join(' ');
    const loaded = await gql(server, `{ ${one} }`, {}, fx.as('CONSULTANT@B11'));
    nodes.forEach((n, i) => expect(n.assignedTo).toEqual(loaded.data![`c${i}`].assignedTo));
  });
});

// The hot reads of bench/load.ts (its scenarios' queries), and the other lists a screen opens with.
const DETAIL = `query($id: ID!) { client(id: $id) { id firstName lastName stage branch { id name } assignedTo { id email }
  passport { passportNo passportCountry dateOfExpiry expiresSoon }
  proficiencies { id overallScore testDate validUntil exam { id name } }
  qualifications { id course institute degree completionDate }
  employments { id employerName position startDate endDate }
  visaApplications { id status immigrationFee serviceFee visaType { id name } } } }`;
const GLOBAL_SEARCH = `query($s: String!) { search(text: $s, first: 20) { edges { score node { __typename
  ... on Client { id firstName lastName } ... on VisaApplication { id status } ... on CollegeApplication { id }
  ... on Task { id title } ... on Agent { id agentName } ... on Institute { id name } } } } }`;
const TASKS = `{ tasks(first: 25) { nodes { id title status assignedTo { id email } client { id firstName } branch { id } } } }`;
const NOTIFICATIONS = `{ notifications(first: 25) { totalCount nodes { id title isRead client { id firstName } } } }`;

/** The statements of one request of a known session, and its data (checked to be error-free). */
async function counted(query: string, variables: Record<string, unknown>, who: string) {
  await gql(server, '{ me { id } }', {}, fx.as(who));
  let count = 0;
  const stop = server.runtime.database.observe(() => count++);
  try {
    const r = await gql(server, query, variables, fx.as(who));
    expect(r.errors).toBeUndefined();
    return { count, data: r.data! };
  } finally {
    stop();
  }
}

describe('SQL statements of the hot reads, exactly', () => {
  it('a client’s detail with its profile parts: the client, then one batch per relation', async () => {
    const { count, data } = await counted(DETAIL, { id: detailId }, 'CONSULTANT@B11');
    expect(data.client.qualifications).toHaveLength(2);
    expect(data.client.proficiencies[0].exam.name).toBe('IELTS');
    expect(count).toBe(DETAIL_STATEMENTS);
  });

  it('the global search: one ranked query and the rows of each kind found', async () => {
    const { count, data } = await counted(GLOBAL_SEARCH, { s: 'Count' }, 'CONSULTANT@B11');
    expect(data.search.edges.length).toBeGreaterThan(0);
    expect(count).toBe(SEARCH_STATEMENTS);
  });

  it('the tasks list with assignee, client and branch', async () => {
    const { count, data } = await counted(TASKS, {}, 'SUPER_ADMIN');
    expect(data.tasks.nodes.length).toBe(25);
    expect(count).toBe(TASKS_STATEMENTS);
  });

  it('the notifications list with each one’s client', async () => {
    const { count, data } = await counted(NOTIFICATIONS, {}, 'CONSULTANT@B11');
    expect(data.notifications.nodes.length).toBe(25);
    expect(count).toBe(NOTIFICATIONS_STATEMENTS);
  });
});
// Measured on both databases; bench/load.ts reports the same 10 for the detail.
const DETAIL_STATEMENTS = 10;
/** The ranked hits, then one batch per kind found (clients and tasks here). */
const SEARCH_STATEMENTS = 3;
/** The page, then the assignees and the clients (these tasks have no branch). */
const TASKS_STATEMENTS = 3;
/** The page with its count, then the clients. */
const NOTIFICATIONS_STATEMENTS = 3;
