// Permission matrix rows of the agents module: master data every role reads and BRANCH_ADMIN and
// above write; another tenant's agents are never reachable ("out of scope" does not apply).
import { must } from '../kit/server.js';
import { asOther, asOwner, byIdRows, call, MASTER, once, readAs, rows, seq } from '../kit/matrix.js';
import type { Op, Scope } from '../kit/matrix.js';

const CREATE = 'mutation($i: CreateAgentInput!) { createAgent(input: $i) { id } }';
const DELETE = 'mutation($id: ID!) { deleteAgent(id: $id) { id } }';

const newAgent = async (as: typeof asOwner = asOwner) =>
  (await must(as(CREATE, { i: { agentName: `Matrix agent ${seq()}`, agentType: 'SUB_AGENT' } }))).createAgent.id as string;
const deletedAgent = async (as: typeof asOwner = asOwner) => {
  const id = await newAgent(as);
  await must(as(DELETE, { id }));
  return id;
};

const inTenant = once(() => newAgent());
const otherTenant = once(() => newAgent(asOther));
const otherDeleted = once(() => deletedAgent(asOther));
const target = (s: Scope) => (s === 'other' ? otherTenant() : inTenant());
const agentRead = readAs('query($id: ID!) { agent(id: $id) { designation deletedAt } }');
const agentRow = byIdRows(MASTER.scopes, agentRead, MASTER.write);
const agentsNamed = readAs('query($s: String) { agents(filter: { search: $s, includeDeleted: true }) { totalCount } }');

export const ops: Op[] = [
  rows.list('agents', MASTER.scopes, '{ agents(first: 100) { nodes { id } } }', target, MASTER.list),
  rows.get('agent', MASTER.scopes, 'query($id: ID!) { agent(id: $id) { id createdBy { id } } }', target, MASTER.read),
  rows.create(
    'createAgent',
    'Matrix agent',
    (a, agentName) => call(a, CREATE, { i: { agentName, agentType: 'SUPER_AGENT' } }),
    agentsNamed,
  ),
  agentRow(
    'updateAgent',
    target,
    'mutation($id: ID!, $d: String) { updateAgent(id: $id, input: { designation: $d }) { id } }',
    () => ({
      d: `Partner ${seq()}`,
    }),
  ),
  agentRow('deleteAgent', (s) => (s === 'other' ? otherTenant() : newAgent()), DELETE),
  agentRow(
    'restoreAgent',
    (s) => (s === 'other' ? otherDeleted() : deletedAgent()),
    'mutation($id: ID!) { restoreAgent(id: $id) { id } }',
  ),
];
