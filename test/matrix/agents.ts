// Permission matrix rows of the agents module: master data every role reads and BRANCH_ADMIN and
// above write; another tenant's agents are never reachable ("out of scope" does not apply).
import { must } from '../kit/server.js';
import { asOther, asOwner, byIdRows, call, listed, once, outcome, readAs, seq, table, write } from '../kit/matrix.js';
import type { Op, Scope } from '../kit/matrix.js';

const CREATE = 'mutation($i: CreateAgentInput!) { createAgent(input: $i) { id } }';
const DELETE = 'mutation($id: ID!) { deleteAgent(id: $id) { id } }';
const SCOPES: Scope[] = ['in', 'other'];
const WRITE = table('OK NOT_FOUND', 'OK NOT_FOUND', 'OK NOT_FOUND', 'OK NOT_FOUND', 'FORBIDDEN FORBIDDEN');
const READ = table('OK NOT_FOUND', 'OK NOT_FOUND', 'OK NOT_FOUND', 'OK NOT_FOUND', 'OK NOT_FOUND');

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
const agentRow = byIdRows(SCOPES, agentRead, WRITE);
const agentsNamed = readAs('query($s: String) { agents(filter: { search: $s, includeDeleted: true }) { totalCount } }');

export const ops: Op[] = [
  {
    name: 'agents',
    scopes: SCOPES,
    run: async (a, s) => {
      const id = await target(s);
      return listed(await call(a, '{ agents(first: 100) { nodes { id } } }'), 'agents', id);
    },
    expect: table('VISIBLE HIDDEN', 'VISIBLE HIDDEN', 'VISIBLE HIDDEN', 'VISIBLE HIDDEN', 'VISIBLE HIDDEN'),
  },
  {
    name: 'agent',
    scopes: SCOPES,
    run: async (a, s) =>
      outcome(await call(a, 'query($id: ID!) { agent(id: $id) { id createdBy { id } } }', { id: await target(s) })),
    expect: READ,
  },
  write({
    name: 'createAgent',
    scopes: ['in'],
    target: () => Promise.resolve(`Matrix agent ${seq()}`),
    mutate: (a, _s, agentName) => call(a, CREATE, { i: { agentName, agentType: 'SUPER_AGENT' } }),
    readBack: (agentName) => agentsNamed({ s: agentName }),
    expect: table('OK', 'OK', 'OK', 'OK', 'FORBIDDEN'),
  }),
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
