// Permission matrix rows of the agents module: master data every role reads and BRANCH_ADMIN and
// above write; another tenant's agents are never reachable ("out of scope" does not apply).
import { must } from '../kit/server.js';
import { asOther, asOwner, call, listed, once, outcome, seq, table, type Op, type Scope } from '../kit/matrix.js';

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
  {
    name: 'createAgent',
    scopes: ['in'],
    run: async (a) => outcome(await call(a, CREATE, { i: { agentName: `Matrix agent ${seq()}`, agentType: 'SUPER_AGENT' } })),
    expect: table('OK', 'OK', 'OK', 'OK', 'FORBIDDEN'),
  },
  {
    name: 'updateAgent',
    scopes: SCOPES,
    run: async (a, s) =>
      outcome(
        await call(a, 'mutation($id: ID!) { updateAgent(id: $id, input: { designation: "Partner" }) { id } }', {
          id: await target(s),
        }),
      ),
    expect: WRITE,
  },
  {
    name: 'deleteAgent',
    scopes: SCOPES,
    run: async (a, s) => outcome(await call(a, DELETE, { id: s === 'other' ? await otherTenant() : await newAgent() })),
    expect: WRITE,
  },
  {
    name: 'restoreAgent',
    scopes: SCOPES,
    run: async (a, s) =>
      outcome(
        await call(a, 'mutation($id: ID!) { restoreAgent(id: $id) { id } }', {
          id: s === 'other' ? await otherDeleted() : await deletedAgent(),
        }),
      ),
    expect: WRITE,
  },
];
