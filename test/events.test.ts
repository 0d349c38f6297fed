// Domain events through the API: services record events in the change's own transaction, the
// server's processor turns them into timeline entries and notifications for the right people,
// the reminder sweep notifies once, and the admin views and the pause switch work.
import { and, eq } from 'drizzle-orm';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setFaultHook } from '../src/db/fault-points.js';
import { tenantDb, type TenantDb } from '../src/db/tenant-db.js';
import type { RunningServer } from '../src/server.js';
import { ownDatabase, type OwnDatabase } from './kit/own-database.js';
import { createTenant, gql, loginPlatform, must, startTestServer } from './kit/server.js';
import { eventually } from './kit/waits.js';
import { useOrgServer } from './kit/use-server.js';

const { server, fx } = useOrgServer({ EVENTS_SWEEP_SECONDS: '0.2', EVENTS_RETRY_BASE_MS: '20' });
let db: TenantDb;

beforeAll(async () => {
  db = tenantDb(server.runtime.database, fx.tenant.schemaName);
}, 120_000);
afterEach(() => setFaultHook(undefined));

const owner = () => fx.as('SUPER_ADMIN');

async function newClient(extra: Record<string, unknown> = {}): Promise<string> {
  const i = { firstName: 'Ada', lastName: 'Client', gender: 'FEMALE', country: 'AU', branchId: fx.branches.B11, ...extra };
  return (await must(gql(server, 'mutation($i: CreateClientInput!) { createClient(input: $i) { id } }', { i }, owner())))
    .createClient.id as string;
}

const eventsOf = (entityId: string) => db.orm.select().from(db.t.events).where(eq(db.t.events.entityId, entityId));
const notificationsAbout = (entityId: string) =>
  db.orm.select().from(db.t.notifications).where(eq(db.t.notifications.entityId, entityId));
const timelineOf = (clientId: string) =>
  db.orm.select().from(db.t.clientActivities).where(eq(db.t.clientActivities.clientId, clientId));
const allDone = (rows: { status: string }[]) => rows.length > 0 && rows.every((r) => r.status === 'COMPLETED');

describe('recording events', () => {
  it('a change and its event commit together, and a rollback leaves neither', async () => {
    const id = await newClient();
    await eventually(() => eventsOf(id), allDone);
    setFaultHook((point) => {
      if (point === 'events.recorded') throw new Error('injected');
    });
    const r = await gql(server, 'mutation($id: ID!) { changeClientStage(id: $id, stage: CLIENT) { id } }', { id }, owner());
    expect(r.codes).toEqual(['INTERNAL_SERVER_ERROR']);
    setFaultHook(undefined);
    const [client] = await db.orm.select().from(db.t.clients).where(eq(db.t.clients.id, id));
    expect(client!.stage).toBe('LEAD');
    expect((await eventsOf(id)).map((e) => e.eventType)).toEqual(['Client.CREATE']);
  });

  it('one event per changed tracked field; untracked changes record nothing', async () => {
    const id = await newClient();
    const consultant = fx.users['CONSULTANT@B11']!.id;
    const i = { assignedToId: consultant, stage: 'FOLLOW_UP', street: '1 Main St' };
    await must(
      gql(server, 'mutation($id: ID!, $i: UpdateClientInput!) { updateClient(id: $id, input: $i) { id } }', { id, i }, owner()),
    );
    await must(
      gql(server, 'mutation($id: ID!) { updateClient(id: $id, input: { street: "2 Side St" }) { id } }', { id }, owner()),
    );
    const types = (await eventsOf(id)).map((e) => e.eventType).sort();
    expect(types).toEqual(['Client.CREATE', 'Client.assigned_to.UPDATE', 'Client.stage.UPDATE']);
  });
});

describe('handlers', () => {
  it('assigning a client notifies the assignee only, with CLIENT_ASSIGNED, and adds a timeline entry', async () => {
    const id = await newClient();
    const consultant = fx.users['CONSULTANT@B11']!.id;
    await must(
      gql(server, 'mutation($id: ID!, $u: ID) { assignClient(id: $id, userId: $u) { id } }', { id, u: consultant }, owner()),
    );
    await eventually(
      () => eventsOf(id),
      (rows) => rows.length === 2 && allDone(rows),
    );
    const notes = await notificationsAbout(id);
    expect(notes.map((n) => [n.type, n.recipientId])).toEqual([['CLIENT_ASSIGNED', consultant]]);
    expect(notes[0]!.title).toBe('Client Assigned: Ada Client');
    const timeline = await timelineOf(id);
    expect(timeline.map((a) => a.activityType)).toEqual(['ASSIGNED']);
    expect(timeline[0]!.description).toMatch(/^Client assigned to /);
  });

  it('un-assigning writes a readable timeline entry and notifies nobody', async () => {
    const consultant = fx.users['CONSULTANT@B11']!.id;
    const id = await newClient({ assignedToId: consultant });
    await must(gql(server, 'mutation($id: ID!) { assignClient(id: $id, userId: null) { id } }', { id }, owner()));
    await eventually(
      () => eventsOf(id),
      (rows) => rows.length === 2 && allDone(rows),
    );
    // Creating with an assignee notified once; un-assigning adds nothing.
    expect((await notificationsAbout(id)).map((n) => n.type)).toEqual(['CLIENT_ASSIGNED']);
    const [entry] = await timelineOf(id);
    expect(entry!.description).toMatch(/^Client unassigned \(was .+\)$/);
    expect(entry!.description).not.toContain('Missing');
  });

  it("a stage change notifies the assignee and the branch's BRANCH_ADMINs, but not a recipient who cannot see the client", async () => {
    const consultant = fx.users['CONSULTANT@B11']!.id;
    const branchAdmin = fx.users['BRANCH_ADMIN@B11']!.id;
    const id = await newClient({ assignedToId: consultant });
    // Consultants lose client:read in this tenant: the assignee may no longer see the client.
    const perms = (await must(gql(server, '{ rolePermissions { role actions } }', {}, owner()))).rolePermissions as {
      role: string;
      actions: string[];
    }[];
    const actions = perms.find((p) => p.role === 'CONSULTANT')!.actions.filter((a) => a !== 'client:read');
    await must(
      gql(
        server,
        'mutation($i: SetRolePermissionsInput!) { setRolePermissions(input: $i) { role } }',
        { i: { role: 'CONSULTANT', actions } },
        owner(),
      ),
    );
    try {
      await must(gql(server, 'mutation($id: ID!) { changeClientStage(id: $id, stage: CLIENT) { id } }', { id }, owner()));
      await eventually(
        () => eventsOf(id),
        (rows) => rows.length === 2 && allDone(rows),
      );
      const stage = (await notificationsAbout(id)).filter((n) => n.type === 'CLIENT_STAGE_CHANGED');
      expect(stage.map((n) => n.recipientId)).toEqual([branchAdmin]);
      expect((await timelineOf(id)).map((a) => a.description)).toEqual(['Client moved to CLIENT from LEAD']);
    } finally {
      const all = perms.find((p) => p.role === 'CONSULTANT')!.actions;
      await must(
        gql(
          server,
          'mutation($i: SetRolePermissionsInput!) { setRolePermissions(input: $i) { role } }',
          { i: { role: 'CONSULTANT', actions: all } },
          owner(),
        ),
      );
    }
  });

  it('a task created with an assignee notifies it; completing it puts TASK_COMPLETED on the client timeline', async () => {
    const clientId = await newClient();
    const consultant = fx.users['CONSULTANT@B11']!.id;
    const i = {
      title: 'Call back',
      dueDate: new Date(Date.now() + 7 * 86400_000).toISOString(),
      assignedToId: consultant,
      clientId,
    };
    const task = (await must(gql(server, 'mutation($i: CreateTaskInput!) { createTask(input: $i) { id } }', { i }, owner())))
      .createTask.id as string;
    await must(gql(server, 'mutation($id: ID!) { completeTask(id: $id) { id } }', { id: task }, owner()));
    await eventually(
      () => eventsOf(task),
      (rows) => rows.length === 2 && allDone(rows),
    );
    expect((await notificationsAbout(task)).map((n) => [n.type, n.recipientId])).toEqual([['TASK_ASSIGNED', consultant]]);
    expect((await timelineOf(clientId)).map((a) => a.activityType).sort()).toEqual(['TASK_COMPLETED', 'TASK_CREATED']);
  });

  it('notes record NOTE_ADDED, NOTE_EDITED and NOTE_DELETED', async () => {
    const clientId = await newClient();
    const note = (
      await must(
        gql(server, 'mutation($c: ID!) { addNote(clientId: $c, input: { content: "hi" }) { id } }', { c: clientId }, owner()),
      )
    ).addNote.id as string;
    await must(
      gql(server, 'mutation($id: ID!) { updateNote(id: $id, input: { content: "hello" }) { id } }', { id: note }, owner()),
    );
    await must(gql(server, 'mutation($id: ID!) { deleteNote(id: $id) }', { id: note }, owner()));
    const timeline = await eventually(
      () => timelineOf(clientId),
      (rows) => rows.length === 3,
    );
    expect(timeline.map((a) => a.activityType).sort()).toEqual(['NOTE_ADDED', 'NOTE_DELETED', 'NOTE_EDITED']);
  });
});

describe('the timeline as each reader may see it', () => {
  const TIMELINE = `query($id: ID!) {
    client(id: $id) { assignedTo { id } timeline { nodes { description metadata } } }
    clientTimeline(clientId: $id) { nodes { description metadata } }
  }`;
  const assign = (id: string, u: string | null) =>
    must(gql(server, 'mutation($id: ID!, $u: ID) { assignClient(id: $id, userId: $u) { id } }', { id, u }, owner()));
  const read = async (id: string, who: string) => {
    const r = await must(gql(server, TIMELINE, { id }, fx.as(who)));
    // Both ways of reading a timeline answer the same.
    expect(r.clientTimeline.nodes).toEqual(r.client.timeline.nodes);
    return r as { client: { assignedTo: unknown; timeline: { nodes: { description: string; metadata: unknown }[] } } };
  };
  const settled = (id: string, n: number) =>
    eventually(
      () => eventsOf(id),
      (rows) => rows.length === n && allDone(rows),
    );

  it('names an assignee, and carries its id, only for a reader who may see that user', async () => {
    // CONSULTANT@B11 sees the B11 client but shares no branch with CONSULTANT@B21.
    const hidden = fx.users['CONSULTANT@B21']!;
    const id = await newClient();
    await assign(id, hidden.id);
    await settled(id, 2);
    const peer = await read(id, 'CONSULTANT@B11');
    expect(peer.client.assignedTo).toBeNull();
    expect(peer.client.timeline.nodes.map((n) => n.description)).toEqual(['Client assigned to someone outside your scope']);
    await assign(id, null);
    await settled(id, 3);
    const after = await read(id, 'CONSULTANT@B11');
    expect(after.client.timeline.nodes.map((n) => n.description)).toEqual([
      'Client unassigned',
      'Client assigned to someone outside your scope',
    ]);
    expect(JSON.stringify(after)).not.toContain(hidden.id);
    expect(JSON.stringify(after)).not.toContain('CONSULTANT@B21');
    // The owner sees the whole tenant: names and ids as written.
    const full = await read(id, 'SUPER_ADMIN');
    expect(full.client.timeline.nodes.map((n) => n.description)).toEqual([
      'Client unassigned (was CONSULTANT CONSULTANT@B21)',
      'Client assigned to CONSULTANT CONSULTANT@B21',
    ]);
    expect(full.client.timeline.nodes[1]!.metadata).toMatchObject({ assignedToId: hidden.id });
  });

  it('withholds the id of a note author the reader cannot see', async () => {
    // The owner holds no branch, so a consultant does not see it.
    const ownerId = fx.users.SUPER_ADMIN!.id;
    const id = await newClient();
    const note = (
      await must(gql(server, 'mutation($c: ID!) { addNote(clientId: $c, input: { content: "hi" }) { id } }', { c: id }, owner()))
    ).addNote.id as string;
    await must(gql(server, 'mutation($id: ID!) { deleteNote(id: $id) }', { id: note }, owner()));
    await eventually(
      () => timelineOf(id),
      (rows) => rows.length === 2,
    );
    const deleted = (await timelineOf(id)).find((a) => a.activityType === 'NOTE_DELETED')!;
    expect(JSON.stringify(deleted.metadata)).toContain(ownerId);
    expect(JSON.stringify(await read(id, 'CONSULTANT@B11'))).not.toContain(ownerId);
    expect(JSON.stringify(await read(id, 'SUPER_ADMIN'))).toContain(ownerId);
  });
});

describe('sweeps', () => {
  const dueReminder = async (title: string) => {
    const i = { title, remindAt: new Date(Date.now() - 60_000).toISOString() };
    const id = (
      await must(gql(server, 'mutation($i: CreateReminderInput!) { createReminder(input: $i) { id } }', { i }, owner()))
    ).createReminder.id as string;
    return {
      id,
      notified: () =>
        eventually(
          () => notificationsAbout(id),
          (rows) => rows.length > 0,
        ),
    };
  };
  const overdueTask = async (title: string) => {
    const consultant = fx.users['CONSULTANT@B11']!.id;
    const i = { title, dueDate: new Date(Date.now() - 3600_000).toISOString(), assignedToId: consultant };
    const id = (await must(gql(server, 'mutation($i: CreateTaskInput!) { createTask(input: $i) { id } }', { i }, owner())))
      .createTask.id as string;
    const overdue = () =>
      eventually(
        () => notificationsAbout(id),
        (rows) => rows.some((n) => n.type === 'TASK_OVERDUE'),
      );
    return { id, overdue };
  };

  it('a due reminder becomes one REMINDER_DUE notification for its owner', async () => {
    const { id, notified } = await dueReminder('Renew passport');
    const notes = await notified();
    // Due after the first was notified: the sweep that notifies it looked at the first one again.
    await (await dueReminder('Marker')).notified();
    expect((await notificationsAbout(id)).map((n) => [n.type, n.recipientId, n.title])).toEqual([
      ['REMINDER_DUE', fx.users.SUPER_ADMIN!.id, 'Reminder: Renew passport'],
    ]);
    expect(notes).toHaveLength(1);
    const [reminder] = await db.orm.select().from(db.t.reminders).where(eq(db.t.reminders.id, id));
    expect(reminder!.notifiedAt).not.toBeNull();
  });

  it('an overdue task notifies its assignee once with TASK_OVERDUE', async () => {
    const { id, overdue } = await overdueTask('Late');
    await overdue();
    // Overdue after the first was notified: the sweep that notifies it looked at the first one again.
    await (await overdueTask('Marker')).overdue();
    const types = (await notificationsAbout(id)).map((n) => n.type).sort();
    expect(types).toEqual(['TASK_ASSIGNED', 'TASK_OVERDUE']);
  });
});

describe('admin views', () => {
  it('the owner lists events by entity; other roles are refused', async () => {
    const id = await newClient();
    await eventually(() => eventsOf(id), allDone);
    const q =
      'query($f: DomainEventFilter) { events(filter: $f) { totalCount nodes { eventType status actor { id } handlerResults { handler status } } } }';
    const r = await must(gql(server, q, { f: { entityId: id } }, owner()));
    expect(r.events.totalCount).toBe(1);
    expect(r.events.nodes[0]).toMatchObject({
      eventType: 'Client.CREATE',
      status: 'COMPLETED',
      actor: { id: fx.users.SUPER_ADMIN!.id },
      handlerResults: [
        { handler: 'notification', status: 'SKIPPED' },
        { handler: 'live', status: 'SUCCESS' },
      ],
    });
    const bad = await gql(server, q, { f: { entityId: 'nope' } }, owner());
    expect(bad.errors?.[0]?.extensions?.fields).toEqual([{ path: 'filter.entityId', message: 'must be a valid id' }]);
    expect((await gql(server, q, {}, fx.as('COUNTRY_MANAGER@B11'))).codes).toEqual(['FORBIDDEN']);
  });

  it('retryEvent puts a FAILED event back and it completes; any other state is a CONFLICT', async () => {
    const id = await newClient();
    const [created] = await eventually(() => eventsOf(id), allDone);
    const retry = 'mutation($id: ID!) { retryEvent(id: $id) { id status attempts } }';
    expect((await gql(server, retry, { id: created!.id }, owner())).codes).toEqual(['CONFLICT']);
    await db.orm
      .update(db.t.events)
      .set({ status: 'FAILED', lastError: 'boom', handlerResults: {} })
      .where(and(eq(db.t.events.id, created!.id)));
    const r = await must(gql(server, retry, { id: created!.id }, owner()));
    expect(r.retryEvent).toMatchObject({ status: 'PENDING', attempts: 0 });
    await eventually(() => eventsOf(id), allDone);
    expect((await eventsOf(id))[0]!.attempts).toBe(1);
  });
});

// The pause switch is platform-wide: on PostgreSQL it would stop every other test file's processor
// too, so this server has a database of its own (on the embedded database every file has one).
describe('the pause switch', () => {
  const SKIPPED = 'event processing is paused: pass skipped';
  const lines: { msg?: string }[] = [];
  let own: OwnDatabase | undefined;
  let paused: RunningServer;
  let token: string;
  let as: { tenant: string; token: string };
  let branchId: string;
  beforeAll(async () => {
    own = process.env.DATABASE_URL ? await ownDatabase('events_pause') : undefined;
    const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line) as { msg?: string }) });
    paused = await startTestServer({ EVENTS_SWEEP_SECONDS: '0.2', ...own?.env }, { logger });
    token = (await loginPlatform(paused)).accessToken;
    const t = await createTenant(paused, token);
    as = { tenant: t.slug, token: t.ownerTokens.accessToken };
    const region = (await must(gql(paused, 'mutation { createRegion(input: { name: "North" }) { id } }', {}, as))).createRegion
      .id as string;
    branchId = (
      await must(
        gql(
          paused,
          'mutation($i: CreateBranchInput!) { createBranch(input: $i) { id } }',
          { i: { name: 'Main', regionId: region } },
          as,
        ),
      )
    ).createBranch.id as string;
  }, 120_000);
  afterAll(async () => {
    await paused?.close();
    await own?.drop();
  });
  const platform = (query: string) => gql(paused, query, {}, { token });
  const statusOf = async (id: string) =>
    (
      await must(
        gql(paused, 'query($f: DomainEventFilter) { events(filter: $f) { nodes { status } } }', { f: { entityId: id } }, as),
      )
    ).events.nodes.map((n: { status: string }) => n.status) as string[];

  it('pausing stops processing everywhere and resuming drains the backlog', async () => {
    const result = await platform('mutation { pauseEventProcessing(reason: "deploy") { isPaused pauseReason pausedBy } }');
    try {
      expect(result.data?.pauseEventProcessing).toEqual({
        isPaused: true,
        pauseReason: 'deploy',
        pausedBy: 'platform@test.local',
      });
      const i = { firstName: 'Ada', gender: 'FEMALE', country: 'AU', branchId };
      const id = (await must(gql(paused, 'mutation($i: CreateClientInput!) { createClient(input: $i) { id } }', { i }, as)))
        .createClient.id as string;
      // Two passes skipped since the client committed: the second began after its event was
      // written. Had the pause not held, the event would be done by then (or earlier: hence the
      // status is read too, so a broken pause fails at once rather than at the timeout).
      const since = lines.length;
      const status = await eventually(
        () => statusOf(id),
        (s) => s[0] !== 'PENDING' || lines.slice(since).filter((l) => l.msg === SKIPPED).length >= 2,
      );
      expect(status).toEqual(['PENDING']);
      const processing = await must(platform('{ eventProcessingStatus { tenant { slug } pending } }'));
      const mine = processing.eventProcessingStatus.find((s: { tenant: { slug: string } }) => s.tenant.slug === as.tenant);
      expect(mine.pending).toBeGreaterThanOrEqual(1);
      await must(platform('mutation { resumeEventProcessing { isPaused } }'));
      expect(
        await eventually(
          () => statusOf(id),
          (s) => s[0] === 'COMPLETED',
          3000,
        ),
      ).toEqual(['COMPLETED']);
    } finally {
      await platform('mutation { resumeEventProcessing { isPaused } }');
    }
    expect((await must(platform('{ eventProcessing { isPaused } }'))).eventProcessing.isPaused).toBe(false);
  });
});
