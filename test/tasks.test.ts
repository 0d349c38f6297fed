// Tasks: who sees which (own, created, own-branch pool, and for BRANCH_ADMIN and above the tasks in
// scope), claiming, completing, assignment inside scope only, the pool/assignee exclusivity,
// comments with mentions (and the TASK_MENTIONED notifications they become), links and filters.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setFaultHook } from '../src/db/fault-points.js';
import { CREATE_USER, userInput } from './kit/org-fixture.js';
import { gql, must, type GqlResult } from './kit/server.js';
import { eventsSettled } from './kit/waits.js';
import { useOrgServer } from './kit/use-server.js';

// Quick retries, and enough of them, for the test that holds a handler back.
const { server, fx } = useOrgServer({ EVENTS_RETRY_BASE_MS: '20', EVENTS_MAX_ATTEMPTS: '20' });
const clients: Record<'B11' | 'B21', string> = { B11: '', B21: '' };
/** A second consultant in B11, who shares the branch but not the first one's tasks. */
let colleague: { id: string; auth: { tenant: string; token: string } };

const TASK = 'id title status isPoolTask completedAt assignedTo { id } branch { id } client { id } linkedEntityType';
const CREATE = `mutation($i: CreateTaskInput!) { createTask(input: $i) { ${TASK} } }`;
const UPDATE = `mutation($id: ID!, $i: UpdateTaskInput!) { updateTask(id: $id, input: $i) { ${TASK} } }`;
const GET = `query($id: ID!) { task(id: $id) { ${TASK} } }`;
const LIST = `query($f: TaskFilter, $first: Int, $after: String) {
  tasks(first: $first, after: $after, filter: $f) { totalCount nodes { id } pageInfo { hasNextPage endCursor } }
}`;
const due = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

const as = (who: string, query: string, variables: Record<string, unknown> = {}): Promise<GqlResult> =>
  who === 'COLLEAGUE' ? gql(server, query, variables, colleague.auth) : gql(server, query, variables, fx.as(who));
const uid = (key: string) => fx.users[key]!.id;

async function task(who: string, input: Record<string, unknown>): Promise<string> {
  return (await must(as(who, CREATE, { i: { dueDate: due(3), ...input, title: input.title ?? 'A task' } }))).createTask.id;
}
async function visibleIds(who: string, filter: Record<string, unknown> = {}): Promise<string[]> {
  return (await must(as(who, LIST, { f: filter, first: 100 }))).tasks.nodes.map((n: { id: string }) => n.id);
}

beforeAll(async () => {
  for (const b of ['B11', 'B21'] as const) {
    const i = { firstName: 'Client', lastName: b, gender: 'OTHER', country: 'AU', branchId: fx.branches[b] };
    clients[b] = (
      await must(as('SUPER_ADMIN', 'mutation($i: CreateClientInput!) { createClient(input: $i) { id } }', { i }))
    ).createClient.id;
  }
  const i = userInput(fx.tenant.slug, 'colleague', 'CONSULTANT', [fx.branches.B11]);
  const id = (await must(as('SUPER_ADMIN', CREATE_USER, { i }))).createUser.id;
  const login = await must(
    gql(
      server,
      'mutation($i: LoginInput!) { login(input: $i) { accessToken } }',
      {
        i: { email: i.email, password: i.password },
      },
      { tenant: fx.tenant.slug },
    ),
  );
  colleague = { id, auth: { tenant: fx.tenant.slug, token: login.login.accessToken } };
}, 120_000);
afterEach(() => setFaultHook(undefined));

const settled = () => eventsSettled((q, v) => as('SUPER_ADMIN', q, v));

type Note = {
  type: string;
  title: string;
  message: string;
  entityType: string;
  entityId: string;
  metaInfo: Record<string, unknown>;
};
/** The user's notifications about one comment. */
async function notesAbout(who: string, commentId: string): Promise<Note[]> {
  const r = await must(as(who, '{ notifications(first: 100) { nodes { type title message entityType entityId metaInfo } } }'));
  return (r.notifications.nodes as Note[]).filter((n) => n.entityId === commentId);
}

describe('task visibility', () => {
  let t: Record<string, string>;
  beforeAll(async () => {
    t = {
      mine: await task('SUPER_ADMIN', { assignedToId: uid('CONSULTANT@B11') }),
      pool11: await task('SUPER_ADMIN', { branchId: fx.branches.B11 }),
      pool12: await task('SUPER_ADMIN', { branchId: fx.branches.B12 }),
      pool21: await task('SUPER_ADMIN', { branchId: fx.branches.B21 }),
      theirs21: await task('SUPER_ADMIN', { assignedToId: uid('CONSULTANT@B21') }),
      client11: await task('SUPER_ADMIN', { assignedToId: uid('CONSULTANT@B12'), clientId: clients.B11 }),
      client21: await task('SUPER_ADMIN', { assignedToId: uid('CONSULTANT@B21'), clientId: clients.B21 }),
      created: await task('CONSULTANT@B11', {}),
    };
  });

  it('a consultant sees the tasks assigned to it, created by it and its own branch pool, nothing else', async () => {
    const ids = await visibleIds('CONSULTANT@B11');
    expect(ids).toEqual(expect.arrayContaining([t.mine, t.pool11, t.created]));
    for (const hidden of [t.pool12, t.pool21, t.theirs21, t.client11, t.client21]) expect(ids).not.toContain(hidden);
  });

  it('a consultant reading a task it cannot see gets NOT_FOUND, as for one that does not exist', async () => {
    expect((await as('CONSULTANT@B11', GET, { id: t.pool21 })).codes).toEqual(['NOT_FOUND']);
    expect((await as('CONSULTANT@B11', GET, { id: t.client11 })).codes).toEqual(['NOT_FOUND']);
    expect((await as('CONSULTANT@B11', GET, { id: '00000000-0000-4000-8000-000000000000' })).codes).toEqual(['NOT_FOUND']);
  });

  it("a branch admin sees its branch's pool and the tasks of its branch's clients, not other branches'", async () => {
    const ids = await visibleIds('BRANCH_ADMIN@B11');
    expect(ids).toEqual(expect.arrayContaining([t.pool11, t.client11]));
    for (const hidden of [t.pool12, t.pool21, t.client21, t.theirs21]) expect(ids).not.toContain(hidden);
  });

  it("a region manager sees the pools and client tasks of its region's branches only", async () => {
    const ids = await visibleIds('REGION_MANAGER@B11');
    expect(ids).toEqual(expect.arrayContaining([t.pool11, t.pool12, t.client11]));
    for (const hidden of [t.pool21, t.client21]) expect(ids).not.toContain(hidden);
  });

  it('the owner sees every task', async () => {
    expect(await visibleIds('SUPER_ADMIN')).toEqual(expect.arrayContaining(Object.values(t)));
  });

  it('filters narrow the visible tasks: pool, assigned to me, client', async () => {
    expect(await visibleIds('BRANCH_ADMIN@B11', { pool: true })).toEqual(expect.arrayContaining([t.pool11]));
    expect(await visibleIds('BRANCH_ADMIN@B11', { pool: true })).not.toContain(t.client11);
    expect(await visibleIds('CONSULTANT@B11', { assignedToMe: true })).toContain(t.mine);
    expect(await visibleIds('CONSULTANT@B11', { assignedToMe: true })).not.toContain(t.created);
    expect(await visibleIds('SUPER_ADMIN', { clientId: clients.B11 })).toEqual([t.client11]);
  });
});

describe('claiming pool tasks', () => {
  it('a consultant claims a pool task of its branch: it becomes the assignee and the pool is cleared', async () => {
    const id = await task('SUPER_ADMIN', { branchId: fx.branches.B11 });
    const r = await must(as('CONSULTANT@B11', `mutation($id: ID!) { claimTask(id: $id) { ${TASK} } }`, { id }));
    expect(r.claimTask).toMatchObject({ assignedTo: { id: uid('CONSULTANT@B11') }, branch: null, isPoolTask: false });
    // The colleague saw it in the pool; now it is someone else's and no longer visible.
    expect((await as('COLLEAGUE', 'mutation($id: ID!) { claimTask(id: $id) { id } }', { id })).codes).toEqual(['NOT_FOUND']);
    expect((await as('SUPER_ADMIN', 'mutation($id: ID!) { claimTask(id: $id) { id } }', { id })).codes).toEqual(['CONFLICT']);
  });

  it('a task about a client outside the scope stays hidden, even when its assignee shares a branch', async () => {
    const i = userInput(fx.tenant.slug, 'two-branch', 'CONSULTANT', [fx.branches.B11, fx.branches.B21]);
    const both = (await must(as('SUPER_ADMIN', CREATE_USER, { i }))).createUser.id;
    const id = await task('SUPER_ADMIN', { clientId: clients.B21, assignedToId: both });
    expect(await visibleIds('BRANCH_ADMIN@B21')).toContain(id);
    expect(await visibleIds('BRANCH_ADMIN@B11')).not.toContain(id);
  });

  it('a claimed task stays in view of the branch admin of the consultant who claimed it', async () => {
    const id = await task('SUPER_ADMIN', { branchId: fx.branches.B11 });
    await must(as('CONSULTANT@B11', 'mutation($id: ID!) { claimTask(id: $id) { id } }', { id }));
    expect(await visibleIds('BRANCH_ADMIN@B11')).toContain(id);
    expect(await visibleIds('BRANCH_ADMIN@B21')).not.toContain(id);
  });

  it("a consultant cannot claim another branch's pool task (it does not see it)", async () => {
    const id = await task('SUPER_ADMIN', { branchId: fx.branches.B21 });
    expect((await as('CONSULTANT@B11', 'mutation($id: ID!) { claimTask(id: $id) { id } }', { id })).codes).toEqual(['NOT_FOUND']);
  });

  it('a task that is not in a pool cannot be claimed', async () => {
    const id = await task('CONSULTANT@B11', {});
    expect((await as('CONSULTANT@B11', 'mutation($id: ID!) { claimTask(id: $id) { id } }', { id })).codes).toEqual(['CONFLICT']);
  });
});

describe('completing and cancelling', () => {
  const COMPLETE = 'mutation($id: ID!) { completeTask(id: $id) { status completedAt } }';
  const CANCEL = 'mutation($id: ID!) { cancelTask(id: $id) { status completedAt } }';

  it('the assignee completes its task and completedAt is stamped', async () => {
    const id = await task('BRANCH_ADMIN@B11', { assignedToId: uid('CONSULTANT@B11') });
    const r = await must(as('CONSULTANT@B11', COMPLETE, { id }));
    expect(r.completeTask.status).toBe('COMPLETED');
    expect(r.completeTask.completedAt).toBeTruthy();
  });

  it('a consultant who only sees a pool task may not complete or cancel it', async () => {
    const id = await task('SUPER_ADMIN', { branchId: fx.branches.B11 });
    expect((await as('COLLEAGUE', COMPLETE, { id })).codes).toEqual(['FORBIDDEN']);
    expect((await as('COLLEAGUE', CANCEL, { id })).codes).toEqual(['FORBIDDEN']);
    expect((await must(as('SUPER_ADMIN', GET, { id }))).task.status).toBe('PENDING');
  });

  it('a branch admin may cancel any task in its scope, and a completed task cannot be cancelled', async () => {
    const id = await task('SUPER_ADMIN', { assignedToId: uid('CONSULTANT@B12'), clientId: clients.B11 });
    expect((await must(as('BRANCH_ADMIN@B11', CANCEL, { id }))).cancelTask.status).toBe('CANCELLED');
    const done = await task('CONSULTANT@B11', {});
    await must(as('CONSULTANT@B11', COMPLETE, { id: done }));
    expect((await as('CONSULTANT@B11', CANCEL, { id: done })).codes).toEqual(['CONFLICT']);
  });

  it('setting the status to COMPLETED through updateTask also stamps completedAt, and reopening clears it', async () => {
    const id = await task('CONSULTANT@B11', {});
    const done = await must(as('CONSULTANT@B11', UPDATE, { id, i: { status: 'COMPLETED' } }));
    expect(done.updateTask.completedAt).toBeTruthy();
    const reopened = await must(as('CONSULTANT@B11', UPDATE, { id, i: { status: 'IN_PROGRESS' } }));
    expect(reopened.updateTask.completedAt).toBeNull();
  });
});

describe('assignment', () => {
  it('assigning outside the user scope is FORBIDDEN, on create and on update, and nothing changes', async () => {
    expect(
      (await as('BRANCH_ADMIN@B11', CREATE, { i: { title: 'x', dueDate: due(1), assignedToId: uid('CONSULTANT@B21') } })).codes,
    ).toEqual(['FORBIDDEN']);
    const id = await task('BRANCH_ADMIN@B11', { assignedToId: uid('CONSULTANT@B11') });
    expect(
      (await as('BRANCH_ADMIN@B11', UPDATE, { id, i: { assignedToId: uid('CONSULTANT@B21'), title: 'changed' } })).codes,
    ).toEqual(['FORBIDDEN']);
    const after = (await must(as('BRANCH_ADMIN@B11', GET, { id }))).task;
    expect(after).toMatchObject({ title: 'A task', assignedTo: { id: uid('CONSULTANT@B11') } });
  });

  it("a pool must be a branch in the creator's scope", async () => {
    expect((await as('CONSULTANT@B11', CREATE, { i: { title: 'x', dueDate: due(1), branchId: fx.branches.B21 } })).codes).toEqual(
      ['FORBIDDEN'],
    );
  });

  it('a task has an assignee or a pool, never both: given both is BAD_USER_INPUT, setting one clears the other', async () => {
    const r = await as('SUPER_ADMIN', CREATE, {
      i: { title: 'x', dueDate: due(1), assignedToId: uid('CONSULTANT@B11'), branchId: fx.branches.B11 },
    });
    expect(r.codes).toEqual(['BAD_USER_INPUT']);
    expect(r.errors![0]!.extensions!.fields!.map((f) => f.path)).toEqual(['input.branchId']);
    const id = await task('SUPER_ADMIN', { assignedToId: uid('CONSULTANT@B11') });
    const pooled = (await must(as('SUPER_ADMIN', UPDATE, { id, i: { branchId: fx.branches.B11 } }))).updateTask;
    expect(pooled).toMatchObject({ assignedTo: null, branch: { id: fx.branches.B11 }, isPoolTask: true });
    const assigned = (await must(as('SUPER_ADMIN', UPDATE, { id, i: { assignedToId: uid('CONSULTANT@B11') } }))).updateTask;
    expect(assigned).toMatchObject({ assignedTo: { id: uid('CONSULTANT@B11') }, branch: null, isPoolTask: false });
  });

  it('only the assignee, the creator or a branch admin and above may change a task', async () => {
    const id = await task('SUPER_ADMIN', { branchId: fx.branches.B11, title: 'pool' });
    expect((await as('CONSULTANT@B11', UPDATE, { id, i: { title: 'mine now' } })).codes).toEqual(['FORBIDDEN']);
    expect((await must(as('BRANCH_ADMIN@B11', UPDATE, { id, i: { title: 'renamed' } }))).updateTask.title).toBe('renamed');
  });
});

describe('links', () => {
  it('a task linked to a visible client records the client; an invisible client is NOT_FOUND', async () => {
    const r = await must(as('CONSULTANT@B11', CREATE, { i: { title: 'Call', dueDate: due(1), clientId: clients.B11 } }));
    expect(r.createTask).toMatchObject({ client: { id: clients.B11 }, linkedEntityType: 'CLIENT' });
    const hidden = await as('CONSULTANT@B11', CREATE, { i: { title: 'Call', dueDate: due(1), clientId: clients.B21 } });
    expect(hidden.codes).toEqual(['NOT_FOUND']);
  });

  it('a link needs both its type and its id', async () => {
    const r = await as('CONSULTANT@B11', CREATE, { i: { title: 'x', dueDate: due(1), linkedEntityType: 'AGENT' } });
    expect(r.errors![0]!.extensions!.fields!.map((f) => f.path)).toEqual(['input.linkedEntityId']);
  });
});

describe('comments and mentions', () => {
  const COMMENT = `mutation($id: ID!, $i: AddTaskCommentInput!) {
    addTaskComment(taskId: $id, input: $i) { id text author { id } mentionedUsers { id } task { id comments { id } } }
  }`;

  it('a comment may mention users who can see the task', async () => {
    const id = await task('CONSULTANT@B11', { clientId: clients.B11 });
    const r = await must(
      as('CONSULTANT@B11', COMMENT, { id, i: { text: 'Please check', mentionedUserIds: [uid('BRANCH_ADMIN@B11')] } }),
    );
    expect(r.addTaskComment).toMatchObject({
      text: 'Please check',
      author: { id: uid('CONSULTANT@B11') },
      mentionedUsers: [{ id: uid('BRANCH_ADMIN@B11') }],
      task: { id, comments: [{ id: r.addTaskComment.id }] },
    });
  });

  it('mentioning someone who cannot see the task is BAD_USER_INPUT at that mention, and no comment is added', async () => {
    const id = await task('CONSULTANT@B11', { assignedToId: uid('CONSULTANT@B11') });
    const r = await as('CONSULTANT@B11', COMMENT, {
      id,
      i: { text: 'Hi', mentionedUserIds: [uid('CONSULTANT@B11'), colleague.id, uid('CONSULTANT@B21')] },
    });
    expect(r.codes).toEqual(['BAD_USER_INPUT']);
    expect(r.errors![0]!.extensions!.fields!.map((f) => f.path)).toEqual([
      'input.mentionedUserIds.1',
      'input.mentionedUserIds.2',
    ]);
    expect(
      (await must(as('CONSULTANT@B11', 'query($id: ID!) { task(id: $id) { comments { id } } }', { id }))).task.comments,
    ).toEqual([]);
  });

  it('a refused comment records no event, so nobody is notified', async () => {
    const count = async () =>
      (await must(as('SUPER_ADMIN', '{ events(filter: { entityType: "TaskComment" }) { totalCount } }'))).events.totalCount;
    const before = await count();
    const id = await task('CONSULTANT@B11', { assignedToId: uid('CONSULTANT@B11') });
    const r = await as('CONSULTANT@B11', COMMENT, { id, i: { text: 'Hi', mentionedUserIds: [uid('CONSULTANT@B21')] } });
    expect(r.errors![0]!.extensions!.fields!.map((f) => f.path)).toEqual(['input.mentionedUserIds.0']);
    expect(await count()).toBe(before);
  });

  it('a mention notifies the mentioned user once with TASK_MENTIONED; the author mentioning itself gets nothing', async () => {
    const id = await task('CONSULTANT@B11', { title: 'Call the embassy', clientId: clients.B11 });
    const comment = (
      await must(
        as('CONSULTANT@B11', COMMENT, {
          id,
          i: { text: 'Over to you', mentionedUserIds: [uid('BRANCH_ADMIN@B11'), uid('CONSULTANT@B11')] },
        }),
      )
    ).addTaskComment.id as string;
    await settled();
    expect(await notesAbout('BRANCH_ADMIN@B11', comment)).toEqual([
      {
        type: 'TASK_MENTIONED',
        title: 'You were mentioned in a task comment',
        message: 'A comment on task "Call the embassy" mentions you.',
        entityType: 'TaskComment',
        entityId: comment,
        metaInfo: expect.objectContaining({ taskId: id, taskTitle: 'Call the embassy' }),
      },
    ]);
    expect(await notesAbout('CONSULTANT@B11', comment)).toEqual([]);
    // Someone not mentioned, who also sees the task, gets nothing either.
    expect(await notesAbout('REGION_MANAGER@B11', comment)).toEqual([]);
  });

  it('a comment mentioning nobody but its author notifies nobody', async () => {
    const id = await task('CONSULTANT@B11', {});
    const comment = (
      await must(as('CONSULTANT@B11', COMMENT, { id, i: { text: 'Note to self', mentionedUserIds: [uid('CONSULTANT@B11')] } }))
    ).addTaskComment.id as string;
    await settled();
    const r = await must(
      as(
        'SUPER_ADMIN',
        'query($id: ID!) { events(filter: { entityId: $id }) { nodes { status handlerResults { handler status } } } }',
        {
          id: comment,
        },
      ),
    );
    expect(r.events.nodes).toEqual([{ status: 'COMPLETED', handlerResults: [{ handler: 'notification', status: 'SKIPPED' }] }]);
    expect(await notesAbout('CONSULTANT@B11', comment)).toEqual([]);
  });

  it('a mentioned user who can no longer see the task when the mention is processed gets nothing', async () => {
    // A pool task without a client: the colleague sees it through the pool, not through a client.
    const id = await task('CONSULTANT@B11', { branchId: fx.branches.B11 });
    let held = true;
    setFaultHook((point) => {
      if (held && point === 'events.handler.notification') throw new Error('held back by the test');
    });
    const comment = (await must(as('CONSULTANT@B11', COMMENT, { id, i: { text: 'Can you?', mentionedUserIds: [colleague.id] } })))
      .addTaskComment.id as string;
    // Claimed before the mention is processed: the task leaves the pool, and the colleague's sight.
    await must(as('CONSULTANT@B11', 'mutation($id: ID!) { claimTask(id: $id) { id } }', { id }));
    expect((await as('COLLEAGUE', GET, { id })).codes).toEqual(['NOT_FOUND']);
    held = false;
    await settled();
    expect(await notesAbout('COLLEAGUE', comment)).toEqual([]);
    const r = await must(
      as(
        'SUPER_ADMIN',
        'query($id: ID!) { events(filter: { entityId: $id }) { nodes { status handlerResults { handler status attempts } } } }',
        {
          id: comment,
        },
      ),
    );
    expect(r.events.nodes).toEqual([
      { status: 'COMPLETED', handlerResults: [{ handler: 'notification', status: 'SKIPPED', attempts: expect.any(Number) }] },
    ]);
  });
});

describe('deleting', () => {
  it('a consultant deletes tasks it created, not tasks it was only given', async () => {
    const given = await task('BRANCH_ADMIN@B11', { assignedToId: uid('CONSULTANT@B11') });
    expect((await as('CONSULTANT@B11', 'mutation($id: ID!) { deleteTask(id: $id) }', { id: given })).codes).toEqual([
      'FORBIDDEN',
    ]);
    const own = await task('CONSULTANT@B11', {});
    expect((await must(as('CONSULTANT@B11', 'mutation($id: ID!) { deleteTask(id: $id) }', { id: own }))).deleteTask).toBe(true);
    expect((await as('CONSULTANT@B11', GET, { id: own })).codes).toEqual(['NOT_FOUND']);
  });
});

describe('listing', () => {
  it('pages through tasks in due order with opaque cursors, and filters overdue and due ranges', async () => {
    const who = 'CONSULTANT@B22';
    const ids = [];
    for (const d of [-2, 1, 2, 5]) ids.push(await task(who, { dueDate: due(d), title: `due ${d}` }));
    const page1 = (await must(as(who, LIST, { first: 2 }))).tasks;
    expect(page1).toMatchObject({ totalCount: 4, nodes: [{ id: ids[0] }, { id: ids[1] }], pageInfo: { hasNextPage: true } });
    const page2 = (await must(as(who, LIST, { first: 2, after: page1.pageInfo.endCursor }))).tasks;
    expect(page2).toMatchObject({ nodes: [{ id: ids[2] }, { id: ids[3] }], pageInfo: { hasNextPage: false } });
    expect(await visibleIds(who, { overdue: true })).toEqual([ids[0]]);
    expect(await visibleIds(who, { dueFrom: due(0), dueTo: due(3) })).toEqual([ids[1], ids[2]]);
    const overdue = await must(as(who, 'query($id: ID!) { task(id: $id) { isOverdue daysUntilDue } }', { id: ids[0] }));
    expect(overdue.task).toMatchObject({ isOverdue: true, daysUntilDue: -2 });
  });

  it('a bad cursor is BAD_USER_INPUT', async () => {
    expect((await as('CONSULTANT@B11', LIST, { after: 'nonsense' })).codes).toEqual(['BAD_USER_INPUT']);
  });
});
