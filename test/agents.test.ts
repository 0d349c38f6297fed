// Agents: master data every role reads and BRANCH_ADMIN and above write; names unique among live
// agents; soft delete hides, restore brings back; lists page by name with opaque cursors.
import { describe, expect, it } from 'vitest';
import { must, type GqlResult } from './kit/server.js';
import { useOrgServer } from './kit/use-server.js';

const { fx, as } = useOrgServer();

const admin = (query: string, variables: Record<string, unknown> = {}) => as('BRANCH_ADMIN@B11', query, variables);

const FIELDS = 'id agentName agentType companyName email website country description deletedAt createdBy { id } updatedBy { id }';
const CREATE = `mutation($i: CreateAgentInput!) { createAgent(input: $i) { ${FIELDS} } }`;
const UPDATE = `mutation($id: ID!, $i: UpdateAgentInput!) { updateAgent(id: $id, input: $i) { ${FIELDS} } }`;
const GET = `query($id: ID!) { agent(id: $id) { ${FIELDS} } }`;
const LIST = `query($f: AgentFilter, $first: Int, $after: String) {
  agents(filter: $f, first: $first, after: $after) { totalCount nodes { id agentName } pageInfo { hasNextPage endCursor } }
}`;
const DELETE = 'mutation($id: ID!) { deleteAgent(id: $id) { id deletedAt } }';
const RESTORE = 'mutation($id: ID!) { restoreAgent(id: $id) { id deletedAt } }';

interface Page {
  totalCount: number;
  nodes: { id: string; agentName?: string }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

let n = 0;
const unique = (prefix: string) => `${prefix} ${++n}-${Date.now()}`;

async function createAgent(input: Record<string, unknown> = {}) {
  return (await must(admin(CREATE, { i: { agentName: unique('Agent'), agentType: 'SUB_AGENT', ...input } }))).createAgent;
}

const fieldsOf = (r: GqlResult) => (r.errors?.[0]?.extensions?.fields ?? []).map((f) => f.path).sort();

describe('creating and changing agents', () => {
  it('a branch admin creates an agent, recorded as its creator, and a consultant reads it', async () => {
    const agent = await createAgent({ companyName: 'Acme Migration', website: 'https://acme.example.com', country: 'au' });
    expect(agent).toMatchObject({ agentType: 'SUB_AGENT', companyName: 'Acme Migration', country: 'AU', deletedAt: null });
    expect(agent.createdBy.id).toBe(fx.users['BRANCH_ADMIN@B11']!.id);
    const read = await must(as('CONSULTANT@B21', GET, { id: agent.id }));
    expect(read.agent.agentName).toBe(agent.agentName);
  });

  it('bad input is refused with the path of every offending field', async () => {
    const r = await admin(CREATE, {
      i: {
        agentName: ' ',
        agentType: 'SUPER_AGENT',
        website: 'not a url',
        email: 'nope',
        country: 'AUS',
        description: 'x'.repeat(501),
      },
    });
    expect(r.codes).toEqual(['BAD_USER_INPUT']);
    expect(fieldsOf(r)).toEqual(['input.agentName', 'input.country', 'input.description', 'input.email', 'input.website']);
  });

  it('an empty email is stored as null, and an empty website as empty', async () => {
    const agent = await createAgent({ email: '  ', website: '' });
    expect(agent.email).toBeNull();
    expect(agent.website).toBe('');
    const changed = (await must(admin(UPDATE, { id: agent.id, i: { email: 'Boss@Agent.test' } }))).updateAgent;
    expect(changed.email).toBe('boss@agent.test');
    expect((await must(admin(UPDATE, { id: agent.id, i: { email: '' } }))).updateAgent.email).toBeNull();
  });

  it('updating records who changed the agent and leaves omitted fields alone', async () => {
    const agent = await createAgent({ companyName: 'Keep Me' });
    const changed = (await must(as('REGION_MANAGER@B11', UPDATE, { id: agent.id, i: { agentType: 'SUPER_AGENT' } }))).updateAgent;
    expect(changed).toMatchObject({ agentType: 'SUPER_AGENT', companyName: 'Keep Me' });
    expect(changed.updatedBy.id).toBe(fx.users['REGION_MANAGER@B11']!.id);
  });

  it('agent names are unique among live agents, ignoring case', async () => {
    const agent = await createAgent();
    const dup = await admin(CREATE, { i: { agentName: agent.agentName.toUpperCase(), agentType: 'SUB_AGENT' } });
    expect(dup.codes).toEqual(['CONFLICT']);
    expect(fieldsOf(dup)).toEqual(['input.agentName']);
    const other = await createAgent();
    const rename = await admin(UPDATE, { id: other.id, i: { agentName: agent.agentName.toLowerCase() } });
    expect(rename.codes).toEqual(['CONFLICT']);
    expect(fieldsOf(rename)).toEqual(['input.agentName']);
  });

  it('a consultant reads agents but may not create, change, delete or restore them', async () => {
    const agent = await createAgent();
    expect((await as('CONSULTANT@B11', CREATE, { i: { agentName: unique('Nope'), agentType: 'SUB_AGENT' } })).codes).toEqual([
      'FORBIDDEN',
    ]);
    expect((await as('CONSULTANT@B11', UPDATE, { id: agent.id, i: { designation: 'x' } })).codes).toEqual(['FORBIDDEN']);
    expect((await as('CONSULTANT@B11', DELETE, { id: agent.id })).codes).toEqual(['FORBIDDEN']);
    expect((await as('CONSULTANT@B11', RESTORE, { id: agent.id })).codes).toEqual(['FORBIDDEN']);
    expect((await must(as('CONSULTANT@B11', GET, { id: agent.id }))).agent.id).toBe(agent.id);
  });
});

describe('soft delete and restore', () => {
  it('a deleted agent leaves the lists and is NOT_FOUND for a consultant, but an admin still reads it', async () => {
    const agent = await createAgent();
    const f = { search: agent.agentName };
    expect((await must(as('CONSULTANT@B11', LIST, { f }))).agents.totalCount).toBe(1);
    const deleted = (await must(admin(DELETE, { id: agent.id }))).deleteAgent;
    expect(deleted.deletedAt).not.toBeNull();
    expect((await must(as('CONSULTANT@B11', LIST, { f }))).agents.totalCount).toBe(0);
    expect((await as('CONSULTANT@B11', GET, { id: agent.id })).codes).toEqual(['NOT_FOUND']);
    expect((await must(admin(GET, { id: agent.id }))).agent.deletedAt).not.toBeNull();
    expect((await must(admin(LIST, { f: { ...f, includeDeleted: true } }))).agents.totalCount).toBe(1);
    expect((await as('CONSULTANT@B11', LIST, { f: { ...f, includeDeleted: true } })).codes).toEqual(['FORBIDDEN']);
    expect((await admin(UPDATE, { id: agent.id, i: { designation: 'x' } })).codes).toEqual(['NOT_FOUND']);
  });

  it('restore brings the agent back into the lists', async () => {
    const agent = await createAgent();
    await must(admin(DELETE, { id: agent.id }));
    expect((await must(admin(RESTORE, { id: agent.id }))).restoreAgent.deletedAt).toBeNull();
    expect((await must(as('CONSULTANT@B11', LIST, { f: { search: agent.agentName } }))).agents.totalCount).toBe(1);
  });

  it('a deleted agent frees its name; restoring it once the name is taken again is a CONFLICT', async () => {
    const agent = await createAgent();
    await must(admin(DELETE, { id: agent.id }));
    const successor = await createAgent({ agentName: agent.agentName });
    expect((await admin(RESTORE, { id: agent.id })).codes).toEqual(['CONFLICT']);
    expect((await must(admin(GET, { id: agent.id }))).agent.deletedAt).not.toBeNull();
    await must(admin(DELETE, { id: successor.id }));
    expect((await must(admin(RESTORE, { id: agent.id }))).restoreAgent.deletedAt).toBeNull();
  });

  it("a client's agent shows as none while the agent is deleted", async () => {
    const agent = await createAgent();
    const CLIENT = 'query($id: ID!) { client(id: $id) { id agent { id agentName } } }';
    const client = (
      await must(
        admin('mutation($i: CreateClientInput!) { createClient(input: $i) { id agent { id } } }', {
          i: {
            firstName: 'Referred',
            lastName: 'Client',
            gender: 'FEMALE',
            country: 'NP',
            branchId: fx.branches.B11,
            agentId: agent.id,
          },
        }),
      )
    ).createClient;
    expect(client.agent.id).toBe(agent.id);
    await must(admin(DELETE, { id: agent.id }));
    expect((await must(admin(CLIENT, { id: client.id }))).client.agent).toBeNull();
    await must(admin(RESTORE, { id: agent.id }));
    expect((await must(admin(CLIENT, { id: client.id }))).client.agent.id).toBe(agent.id);
  });
});

describe('listing agents', () => {
  it('search covers name, company and email; the type narrows the list', async () => {
    const tag = unique('Zebra').replace(/\s/g, '');
    const byName = await createAgent({ agentName: `${tag} Name` });
    const byCompany = await createAgent({ companyName: `${tag} Company`, agentType: 'SUPER_AGENT' });
    const byEmail = await createAgent({ email: `${tag.toLowerCase()}@agents.test` });
    const ids = async (f: Record<string, unknown>) =>
      (await must(as('CONSULTANT@B11', LIST, { f }))).agents.nodes.map((a: { id: string }) => a.id).sort();
    expect(await ids({ search: tag.toUpperCase() })).toEqual([byName.id, byCompany.id, byEmail.id].sort());
    expect(await ids({ search: tag, agentType: 'SUPER_AGENT' })).toEqual([byCompany.id]);
  });

  it('pages walk the agents in name order with opaque cursors', async () => {
    const tag = unique('Pager').replace(/\s/g, '');
    for (const suffix of ['d', 'b', 'e', 'a', 'c']) await createAgent({ agentName: `${tag} ${suffix}` });
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 3; page++) {
      const r: Page = (await must(as('CONSULTANT@B11', LIST, { f: { search: tag }, first: 2, after }))).agents;
      expect(r.totalCount).toBe(5);
      seen.push(...r.nodes.map((a) => a.agentName!.slice(-1)));
      expect(r.pageInfo.hasNextPage).toBe(page < 2);
      after = r.pageInfo.endCursor;
    }
    expect(seen).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect((await as('CONSULTANT@B11', LIST, { after: 'garbage' })).codes).toEqual(['BAD_USER_INPUT']);
  });
});
