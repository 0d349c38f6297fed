// Agents at the service level: tenant-wide master data that every role reads and BRANCH_ADMIN and
// above write; input checked field by field, names unique among live agents, soft delete and restore.
import { describe, expect, it } from 'vitest';
import type { TenantViewer } from '../../src/auth/viewer.js';
import { agentGetById, agentList, agentListByIds } from '../../src/modules/agents/selectors.js';
import { agentCreate, agentDelete, agentRestore, agentUpdate } from '../../src/modules/agents/services.js';
import { refused, useServiceOrg } from '../kit/service-kit.js';

const org = useServiceOrg();
let n = 0;
const named = () => ({ agentName: `Agent ${++n} Ltd`, agentType: 'SUB_AGENT' });

async function newAgent(by = 'BRANCH_ADMIN@B11', input: Record<string, unknown> = {}) {
  return agentCreate({ db: org.db, viewer: await org.viewer(by), input: { ...named(), ...input } });
}

/** The names of the live agents `viewer` lists with this search. */
async function listed(viewer: TenantViewer, search: string): Promise<string[]> {
  return (await agentList({ db: org.db, viewer, first: 100, filter: { search } })).nodes.map((a) => a.agentName);
}

describe('who reads and writes agents', () => {
  it('an agent made in one branch is read by a consultant of another region', async () => {
    const agent = await newAgent('BRANCH_ADMIN@B11');
    const consultant = await org.viewer('CONSULTANT@B22');
    expect((await agentGetById({ db: org.db, viewer: consultant, id: agent.id })).createdById).toBe(
      org.fx.users['BRANCH_ADMIN@B11']!.id,
    );
    expect(await listed(consultant, agent.agentName)).toEqual([agent.agentName]);
  });

  it('a consultant may not create, change, delete or restore one, nor list deleted ones', async () => {
    const viewer = await org.viewer('CONSULTANT@B11');
    const { id } = await newAgent();
    await refused(agentCreate({ db: org.db, viewer, input: named() }), 'FORBIDDEN');
    await refused(agentUpdate({ db: org.db, viewer, id, input: { description: 'Mine now' } }), 'FORBIDDEN');
    await refused(agentDelete({ db: org.db, viewer, id }), 'FORBIDDEN');
    await refused(agentRestore({ db: org.db, viewer, id }), 'FORBIDDEN');
    await refused(agentList({ db: org.db, viewer, filter: { includeDeleted: true } }), 'FORBIDDEN');
  });
});

describe('what an agent must be', () => {
  it('create refuses each bad field on its path', async () => {
    const viewer = await org.viewer('BRANCH_ADMIN@B11');
    const bad = (input: Record<string, unknown>) => agentCreate({ db: org.db, viewer, input: { ...named(), ...input } });
    await refused(bad({ agentName: '  ' }), 'BAD_USER_INPUT', 'input.agentName');
    await refused(bad({ agentType: 'AGENT' }), 'BAD_USER_INPUT', 'input.agentType');
    await refused(bad({ email: 'not-an-email' }), 'BAD_USER_INPUT', 'input.email');
    await refused(bad({ website: 'ftp://agents.example.com' }), 'BAD_USER_INPUT', 'input.website');
    await refused(bad({ country: 'Nepal' }), 'BAD_USER_INPUT', 'input.country');
    await refused(bad({ phoneNumber: '9'.repeat(21) }), 'BAD_USER_INPUT', 'input.phoneNumber');
  });

  it('create stores blanks as none and the country upper-cased', async () => {
    const agent = await newAgent('BRANCH_ADMIN@B11', { email: ' ', website: '', country: 'np' });
    expect(agent).toMatchObject({ email: null, website: '', country: 'NP', companyName: '' });
  });

  it('update changes only the fields given, and refuses a blank name on its path', async () => {
    const viewer = await org.viewer('BRANCH_ADMIN@B21');
    const { id } = await newAgent('BRANCH_ADMIN@B11', { companyName: 'Himal Education', country: 'NP' });
    const changed = await agentUpdate({ db: org.db, viewer, id, input: { agentType: 'SUPER_AGENT', country: '' } });
    expect(changed).toMatchObject({ agentType: 'SUPER_AGENT', country: '', companyName: 'Himal Education' });
    expect(changed.updatedById).toBe(viewer.id);
    await refused(agentUpdate({ db: org.db, viewer, id, input: { agentName: '' } }), 'BAD_USER_INPUT', 'input.agentName');
    await refused(agentUpdate({ db: org.db, viewer, id, input: { website: 'agents' } }), 'BAD_USER_INPUT', 'input.website');
  });

  it('a name a live agent holds, in any case, is a CONFLICT on the name, on create and on update', async () => {
    const viewer = await org.viewer('BRANCH_ADMIN@B11');
    const first = await newAgent();
    await refused(
      agentCreate({ db: org.db, viewer, input: { ...named(), agentName: first.agentName.toUpperCase() } }),
      'CONFLICT',
      'input.agentName',
    );
    const { id } = await newAgent();
    await refused(agentUpdate({ db: org.db, viewer, id, input: { agentName: first.agentName } }), 'CONFLICT', 'input.agentName');
  });
});

describe('deleting and restoring', () => {
  it('a deleted agent leaves a consultant’s reads and the by-id loads; a branch admin still reads it', async () => {
    const agent = await newAgent();
    const admin = await org.viewer('BRANCH_ADMIN@B12');
    expect((await agentDelete({ db: org.db, viewer: admin, id: agent.id })).deletedAt).toBeInstanceOf(Date);
    const consultant = await org.viewer('CONSULTANT@B12');
    await refused(agentGetById({ db: org.db, viewer: consultant, id: agent.id }), 'NOT_FOUND');
    expect(await listed(consultant, agent.agentName)).toEqual([]);
    expect(await agentListByIds({ db: org.db, viewer: admin, ids: [agent.id] })).toEqual([]);
    expect((await agentGetById({ db: org.db, viewer: admin, id: agent.id })).deletedAt).toBeInstanceOf(Date);
    const withDeleted = await agentList({ db: org.db, viewer: admin, first: 100, filter: { includeDeleted: true } });
    expect(withDeleted.nodes.map((a) => a.id)).toContain(agent.id);
  });

  it('a deleted agent is neither changed nor deleted again: NOT_FOUND', async () => {
    const viewer = await org.viewer('BRANCH_ADMIN@B11');
    const { id } = await newAgent();
    await agentDelete({ db: org.db, viewer, id });
    await refused(agentUpdate({ db: org.db, viewer, id, input: { description: 'Late' } }), 'NOT_FOUND');
    await refused(agentDelete({ db: org.db, viewer, id }), 'NOT_FOUND');
  });

  it('a deleted agent frees its name; restoring it while the name is taken again is a CONFLICT', async () => {
    const viewer = await org.viewer('BRANCH_ADMIN@B11');
    const old = await newAgent();
    await agentDelete({ db: org.db, viewer, id: old.id });
    const successor = await newAgent('BRANCH_ADMIN@B11', { agentName: old.agentName });
    await refused(agentRestore({ db: org.db, viewer, id: old.id }), 'CONFLICT');
    await agentDelete({ db: org.db, viewer, id: successor.id });
    expect((await agentRestore({ db: org.db, viewer, id: old.id })).deletedAt).toBeNull();
    expect(await listed(await org.viewer('CONSULTANT@B21'), old.agentName)).toEqual([old.agentName]);
  });

  it('restoring a live agent changes nothing', async () => {
    const agent = await newAgent();
    expect(await agentRestore({ db: org.db, viewer: await org.viewer('COUNTRY_MANAGER@B11'), id: agent.id })).toEqual(agent);
  });
});
