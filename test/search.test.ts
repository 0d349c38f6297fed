// Global search through HTTP: one ranked list over clients, visa and college applications, tasks,
// agents and institutes; every kind limited to the viewer's read permissions and scope; input
// bounds refused with the field at fault; pages that do not overlap.
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { collegeAppInput, educationKit, educationWorld } from './kit/education-kit.js';
import { CREATE_CLIENT } from './kit/org-fixture.js';
import { gql, must } from './kit/server.js';
import { withoutAction } from './kit/waits.js';
import { useOrgServer } from './kit/use-server.js';
import { count, sql } from 'drizzle-orm';
import { clientScope } from '../src/access/scope.js';
import type { TenantViewer } from '../src/auth/viewer.js';
import { tenantDb } from '../src/db/tenant-db.js';

const { server, fx, as, owner } = useOrgServer({ EVENTS_PROCESSOR: 'off' });
// A word no other row of the tenant contains (letters only, so trigrams are what they seem).
const word = `Quokka${[...randomBytes(4)].map((b) => String.fromCharCode(97 + (b % 26))).join('')}`;

type Vars = Record<string, unknown>;

const SEARCH = `query($t: String!, $first: Int, $after: String, $types: [SearchType!]) {
  search(text: $t, first: $first, after: $after, types: $types) {
    edges { cursor score node { __typename
      ... on Client { id firstName lastName }
      ... on VisaApplication { id }
      ... on CollegeApplication { id }
      ... on Task { id title }
      ... on Agent { id }
      ... on Institute { id name }
    } }
    nodes { __typename }
    pageInfo { hasNextPage endCursor }
  }
}`;
interface Hit {
  type: string;
  id: string;
  score: number;
}
async function hits(who: string, text: string, extra: Vars = {}): Promise<Hit[]> {
  const r = await must(as(who, SEARCH, { t: text, ...extra }));
  return (r.search.edges as { score: number; node: { __typename: string; id: string } }[]).map((e) => ({
    type: e.node.__typename,
    id: e.node.id,
    score: e.score,
  }));
}
const kinds = (list: Hit[]) => [...new Set(list.map((h) => h.type))].sort();
const ids = (list: Hit[]) => list.map((h) => h.id);
/** A client of `branch` called `<firstName> <lastName>`, made by the owner. */
const newClient = async (firstName: string, branch: 'B11' | 'B21', lastName = word, gender = 'MALE') =>
  (await must(owner(CREATE_CLIENT, { i: { firstName, lastName, gender, country: 'NP', branchId: fx.branches[branch] } })))
    .createClient.id as string;

const made = {} as Record<
  'clientIn' | 'clientOut' | 'visaIn' | 'visaOut' | 'visaByRef' | 'college' | 'task' | 'agent' | 'institute',
  string
>;

beforeAll(async () => {
  const ok = async (query: string, variables: Vars) => must(owner(query, variables));
  made.clientIn = await newClient('Zara', 'B11', word, 'FEMALE');
  made.clientOut = await newClient('Yusuf', 'B21', word, 'FEMALE');
  const category = (await ok('mutation($n: String!) { createVisaCategory(input: { name: $n }) { id } }', { n: `S ${word}` }))
    .createVisaCategory.id;
  const visaTypeId = (
    await ok('mutation($i: CreateVisaTypeInput!) { createVisaType(input: $i) { id } }', {
      i: { visaCategoryId: category, name: 'Student' },
    })
  ).createVisaType.id;
  const visa = async (clientId: string, extra: Vars = {}) =>
    (
      await ok('mutation($i: CreateVisaApplicationInput!) { createVisaApplication(input: $i) { id } }', {
        i: { clientId, visaTypeId, immigrationFee: '10', serviceFee: '1', ...extra },
      })
    ).createVisaApplication.id as string;
  made.visaIn = await visa(made.clientIn);
  made.visaOut = await visa(made.clientOut);
  // Found by its reference alone: its client's name does not contain the word.
  const plain = await newClient('Plain', 'B11', 'Name');
  made.visaByRef = await visa(plain, { transactionReferenceNo: `TRN-${word}-77` });
  const k = educationKit(
    () => server,
    () => fx.as('SUPER_ADMIN'),
  );
  const w = await educationWorld(k);
  made.college = (
    await ok('mutation($i: CreateCollegeApplicationInput!) { createCollegeApplication(input: $i) { id } }', {
      i: collegeAppInput(w, made.clientIn),
    })
  ).createCollegeApplication.id;
  made.task = (
    await ok('mutation($i: CreateTaskInput!) { createTask(input: $i) { id } }', {
      i: { title: `Call ${word} about the offer`, dueDate: '2030-01-01T09:00:00Z', clientId: made.clientIn },
    })
  ).createTask.id;
  made.agent = (
    await ok('mutation($i: CreateAgentInput!) { createAgent(input: $i) { id } }', {
      i: { agentName: `${word} Agency`, agentType: 'SUPER_AGENT', country: 'AU' },
    })
  ).createAgent.id;
  made.institute = (
    await ok('mutation($i: CreateInstituteInput!) { createInstitute(input: $i) { id } }', {
      i: { name: `${word} University`, shortName: 'QU' },
    })
  ).createInstitute.id;
}, 120_000);

describe('global search', () => {
  it('finds every kind at once for the owner, best first, each hit with a score from 0 to 1', async () => {
    const found = await hits('SUPER_ADMIN', word.toLowerCase(), { first: 50 });
    expect(kinds(found)).toEqual(['Agent', 'Client', 'CollegeApplication', 'Institute', 'Task', 'VisaApplication']);
    expect(ids(found)).toEqual(expect.arrayContaining(Object.values(made)));
    const scores = found.map((h) => h.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    for (const s of scores) expect(s > 0 && s <= 1).toBe(true);
  });

  it('the exact name ranks first, and a client ranks above the applications found through it', async () => {
    const found = await hits('SUPER_ADMIN', `Zara ${word}`, { first: 50 });
    expect(found[0]).toMatchObject({ type: 'Client', id: made.clientIn, score: 1 });
    const visa = found.find((h) => h.id === made.visaIn)!;
    expect(visa.score).toBeCloseTo(0.9, 3);
  });

  it("a consultant finds its own branch's client and applications, never another branch's", async () => {
    const found = await hits('CONSULTANT@B11', word, { first: 50 });
    expect(ids(found)).toEqual(expect.arrayContaining([made.clientIn, made.visaIn, made.college, made.visaByRef]));
    expect(ids(found)).not.toContain(made.clientOut);
    expect(ids(found)).not.toContain(made.visaOut);
    const other = await hits('CONSULTANT@B21', word, { first: 50 });
    expect(ids(other)).toEqual(expect.arrayContaining([made.clientOut, made.visaOut]));
    expect(ids(other)).not.toContain(made.clientIn);
  });

  it('a scoped viewer gets full pages of its own hits when better hits lie outside its scope', async () => {
    // "Al <word>" (B21) is closer to the word than "Zara <word>" (B11): it ranks first for the owner.
    const closer = await newClient('Al', 'B21');
    expect((await hits('SUPER_ADMIN', word, { first: 1, types: ['CLIENT'] }))[0]!.id).toBe(closer);
    const [only] = await hits('CONSULTANT@B11', word, { first: 1, types: ['CLIENT'] });
    expect(only).toMatchObject({ type: 'Client', id: made.clientIn });
  });

  it('tasks come as their own lists show them: a consultant its own, a branch admin those of its branch', async () => {
    // The owner made the task about a B11 client: no consultant holds or made it.
    expect(ids(await hits('CONSULTANT@B11', word, { first: 50 }))).not.toContain(made.task);
    expect(ids(await hits('BRANCH_ADMIN@B11', word, { first: 50 }))).toContain(made.task);
    expect(ids(await hits('BRANCH_ADMIN@B21', word, { first: 50 }))).not.toContain(made.task);
  });

  it('types narrows the kinds; the master data comes to everyone who reads the catalogue', async () => {
    expect(kinds(await hits('CONSULTANT@B21', word, { types: ['AGENT', 'INSTITUTE'] }))).toEqual(['Agent', 'Institute']);
    expect(ids(await hits('SUPER_ADMIN', `TRN-${word}`, { types: ['VISA_APPLICATION'] }))[0]).toBe(made.visaByRef);
  });

  it('a kind the viewer may not read is left out, even when asked for', async () => {
    await withoutAction(owner, 'CONSULTANT', 'visaApplication:read', async () => {
      const found = await hits('CONSULTANT@B11', word, { first: 50 });
      expect(kinds(found)).not.toContain('VisaApplication');
      expect(kinds(found)).toContain('Client');
      expect(await hits('CONSULTANT@B11', word, { types: ['VISA_APPLICATION'] })).toEqual([]);
    });
  });

  it('pages follow each other without overlap, and stop at the end', async () => {
    const all = await hits('SUPER_ADMIN', word, { first: 50 });
    const firstPage = await must(owner(SEARCH, { t: word, first: 3 }));
    expect(firstPage.search.pageInfo.hasNextPage).toBe(true);
    const rest = await hits('SUPER_ADMIN', word, { first: 50, after: firstPage.search.pageInfo.endCursor });
    const head = (firstPage.search.edges as { node: { id: string } }[]).map((e) => e.node.id);
    expect([...head, ...ids(rest)]).toEqual(ids(all));
    const last = await must(owner(SEARCH, { t: word, first: 50, after: firstPage.search.pageInfo.endCursor }));
    expect(last.search.pageInfo.hasNextPage).toBe(false);
  });

  it('a deleted client and its applications vanish from the results', async () => {
    const extra = await newClient('Gone', 'B11');
    expect(ids(await hits('SUPER_ADMIN', `Gone ${word}`))).toContain(extra);
    await must(owner('mutation($id: ID!) { deleteClient(id: $id) { id } }', { id: extra }));
    expect(ids(await hits('SUPER_ADMIN', `Gone ${word}`))).not.toContain(extra);
  });

  it("the client scope predicate, given an outer query's own clients.id, still limits to the viewer's branch", async () => {
    const db = tenantDb(server.runtime.database, fx.tenant.schemaName);
    const c = db.t.clients;
    const viewer = { role: 'CONSULTANT', id: fx.users['CONSULTANT@B11']!.id, branchIds: [fx.branches.B11], regionIds: [] };
    const scoped = (
      await db.orm
        .select({ n: count() })
        .from(c)
        .where(clientScope(db, viewer as unknown as TenantViewer, c.id))
    )[0]!.n;
    const inB11 = (
      await db.orm
        .select({ n: count() })
        .from(c)
        .where(sql`${c.branchId} = ${fx.branches.B11} and ${c.deletedAt} is null`)
    )[0]!.n;
    expect(scoped).toBe(inB11);
    expect(scoped).toBeLessThan((await db.orm.select({ n: count() }).from(c))[0]!.n);
  });

  it('bad input is refused with the field at fault', async () => {
    const fields = async (vars: Vars) => {
      const r = await owner(SEARCH, vars);
      expect(r.codes).toEqual(['BAD_USER_INPUT']);
      return (r.errors![0]!.extensions!.fields ?? []).map((f) => f.path);
    };
    expect(await fields({ t: ' ab ' })).toEqual(['text']);
    expect(await fields({ t: 'x'.repeat(101) })).toEqual(['text']);
    expect(await fields({ t: word, first: 51 })).toEqual(['first']);
    expect(await fields({ t: word, after: 'not-a-cursor' })).toEqual(['after']);
  });

  it('needs a signed-in tenant user', async () => {
    const r = await gql(server, SEARCH, { t: word }, { tenant: fx.tenant.slug });
    expect(r.codes).toEqual(['UNAUTHENTICATED']);
  });
});
