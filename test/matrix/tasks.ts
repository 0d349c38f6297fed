// Permission matrix rows of the tasks module. Targets: a task of a client in B11 (in scope) or B21
// (out of scope) assigned to a peer consultant of that branch, so the B11 actors are neither its
// assignee nor its creator: BRANCH_ADMIN and above see it through the client's branch, a CONSULTANT
// does not. Pool rows use a pool task of B11 or B21. `other` is a task of the second tenant.
import { must } from '../kit/server.js';
import {
  ALL3,
  asOther,
  asOwner,
  B,
  byIdRows,
  call,
  EVERY_ROLE,
  listed,
  once,
  ownerOf,
  partlyInScope,
  peerOf,
  perScope,
  readAs,
  rows,
  SCOPED_LIST,
  SCOPED_READ,
  seq,
  table,
  write,
  type Op,
  type Scope,
} from '../kit/matrix.js';

const due = () => new Date(Date.now() + 86_400_000).toISOString();
const CREATE = 'mutation($i: CreateTaskInput!) { createTask(input: $i) { id } }';
const NEW_CLIENT = 'mutation($i: CreateClientInput!) { createClient(input: $i) { id } }';
const clientInput = (branchId: string) => ({
  firstName: 'Task',
  lastName: `Client ${seq()}`,
  gender: 'OTHER',
  country: 'AU',
  branchId,
});

const clients = perScope(async (s) => (await must(ownerOf(s)(NEW_CLIENT, { i: clientInput(B(s)) }))).createClient.id as string);
const otherTask = once(
  async () => (await must(asOther(CREATE, { i: { title: 'Other tenant', dueDate: due() } }))).createTask.id as string,
);

/** A fresh task of a client in `scope`, assigned to that branch's peer consultant. */
async function clientTask(scope: Scope, title = `Task ${seq()}`): Promise<string> {
  if (scope === 'other') return otherTask();
  const i = { title, dueDate: due(), clientId: (await clients())[scope], assignedToId: peerOf(scope) };
  return (await must(asOwner(CREATE, { i }))).createTask.id;
}
/** A fresh unassigned task in the pool of B11 or B21. */
async function poolTask(scope: Scope, title = `Pool ${seq()}`): Promise<string> {
  if (scope === 'other') return otherTask();
  return (await must(asOwner(CREATE, { i: { title, dueDate: due(), branchId: B(scope) } }))).createTask.id;
}
const readTask = perScope((s) => clientTask(s));
const partlyTask = once(async () => {
  const i = { title: `Task ${seq()}`, dueDate: due(), clientId: (await clients()).out, assignedToId: (await partlyInScope()).id };
  return (await must(asOwner(CREATE, { i }))).createTask.id as string;
});

/** Whole-tenant roles reach both; REGION_MANAGER and BRANCH_ADMIN of B11 only B11's; a CONSULTANT neither. */
const MANAGED = table(
  'OK OK NOT_FOUND',
  'OK OK NOT_FOUND',
  'OK NOT_FOUND NOT_FOUND',
  'OK NOT_FOUND NOT_FOUND',
  'NOT_FOUND NOT_FOUND NOT_FOUND',
);
const MANAGED_LIST = table(
  'VISIBLE VISIBLE HIDDEN',
  'VISIBLE VISIBLE HIDDEN',
  'VISIBLE HIDDEN HIDDEN',
  'VISIBLE HIDDEN HIDDEN',
  'HIDDEN HIDDEN HIDDEN',
);
/** Assigning or pooling: whole-tenant roles anywhere in the tenant (unknown ids are bad input), the others inside their scope. */
const ASSIGN = table(
  'OK OK BAD_USER_INPUT',
  'OK OK BAD_USER_INPUT',
  'OK FORBIDDEN FORBIDDEN',
  'OK FORBIDDEN FORBIDDEN',
  'OK FORBIDDEN FORBIDDEN',
);
const taskRead = readAs('query($id: ID!) { task(id: $id) { status priority assignedTo { id } comments { id } } }');
/** Tasks titled so, as the owner finds them: what a create adds to. */
const tasksTitled = readAs('query($s: String) { tasks(first: 100, filter: { search: $s }) { totalCount } }');
/** Mutation rows on one task passed as `$id`, re-read by id. */
const managedRow = byIdRows(ALL3, taskRead, MANAGED);
const createRow = (
  name: string,
  input: (s: Scope) => Promise<Record<string, unknown>> | Record<string, unknown>,
  expect: Op['expect'],
  scopes: Scope[] = ALL3,
) =>
  write({
    name: name as 'createTask',
    scopes,
    target: () => Promise.resolve(`New ${seq()}`),
    mutate: async (a, s, title) => call(a, CREATE, { i: { title, dueDate: due(), ...(await input(s)) } }),
    readBack: (title) => tasksTitled({ s: title }),
    expect,
  });
const UPDATE = 'mutation($id: ID!) { updateTask(id: $id, input: { priority: HIGH }) { id } }';

export const ops: Op[] = [
  rows.list(
    'tasks (of a client)',
    ALL3,
    'query($f: TaskFilter) { tasks(first: 100, filter: $f) { nodes { id } } }',
    async (s) => (await readTask())[s],
    MANAGED_LIST,
    async (s) => ({ f: { clientId: (await clients())[s] } }),
  ),
  {
    name: 'tasks (branch pool)',
    scopes: ['in', 'out', 'other'],
    run: async (a, s) => {
      const title = `Listed pool ${seq()}`;
      const id = await poolTask(s, title);
      const r = await call(a, 'query($f: TaskFilter) { tasks(first: 100, filter: $f) { nodes { id } } }', {
        f: { search: title },
      });
      return listed(r, 'tasks', id);
    },
    expect: SCOPED_LIST,
  },
  rows.get(
    'task',
    ALL3,
    'query($id: ID!) { task(id: $id) { id assignedTo { id } client { id } comments { id } } }',
    async (s) => (await readTask())[s],
    MANAGED,
  ),
  createRow(
    'createTask (linked to a client)',
    async (s) => ({ clientId: (await clients())[s] }),
    table('OK OK NOT_FOUND', 'OK OK NOT_FOUND', 'OK NOT_FOUND NOT_FOUND', 'OK NOT_FOUND NOT_FOUND', 'OK NOT_FOUND NOT_FOUND'),
  ),
  createRow('createTask (assigned to a user)', (s) => ({ assignedToId: peerOf(s) }), ASSIGN),
  createRow('createTask (in a branch pool)', (s) => ({ branchId: B(s) }), ASSIGN),
  // A user sharing one branch with the scope may be given work (decisions §2).
  createRow(
    'createTask (assigned to a consultant of B11 and B21)',
    async () => ({ assignedToId: (await partlyInScope()).id }),
    EVERY_ROLE,
    ['in'],
  ),
  // Its assignee sharing B11 does not open a task of a B21 client to the B11 actors.
  rows.get(
    'task (of a B21 client, assigned to a consultant of B11 and B21)',
    ['in'],
    'query($id: ID!) { task(id: $id) { id } }',
    partlyTask,
    table('OK', 'OK', 'NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND'),
  ),
  managedRow('updateTask', clientTask, UPDATE),
  byIdRows(['in'], taskRead, table('OK', 'OK', 'OK', 'OK', 'FORBIDDEN'))(
    'updateTask (a pool task the actor only sees)',
    () => poolTask('in'),
    UPDATE,
  ),
  managedRow('deleteTask', clientTask, 'mutation($id: ID!) { deleteTask(id: $id) }'),
  managedRow('completeTask', clientTask, 'mutation($id: ID!) { completeTask(id: $id) { id } }'),
  managedRow('cancelTask', clientTask, 'mutation($id: ID!) { cancelTask(id: $id) { id } }'),
  // Pools: as MANAGED, but a consultant reaches its own branch's pool.
  byIdRows(ALL3, taskRead, SCOPED_READ)('claimTask', poolTask, 'mutation($id: ID!) { claimTask(id: $id) { id } }'),
  managedRow(
    'addTaskComment',
    async (s) => (await readTask())[s],
    'mutation($id: ID!) { addTaskComment(taskId: $id, input: { text: "Noted" }) { id } }',
  ),
];
