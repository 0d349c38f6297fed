// What a visa outcome sets off, through HTTP: a status change goes on the client's timeline and
// notifies the application's assignee and the client's assignee (granted and refused included),
// a college application's stage move notifies its assignee, and visa applications are deleted
// and restored by BRANCH_ADMIN and above with timeline entries, leaving lists and counts meanwhile.
import { beforeAll, describe, expect, it } from 'vitest';
import { collegeAppInput, educationKit, educationWorld } from './kit/education-kit.js';
import { must, type GqlResult } from './kit/server.js';
import { eventually, withoutAction } from './kit/waits.js';
import { useOrgServer } from './kit/use-server.js';

const { server, fx, as, owner } = useOrgServer({ EVENTS_SWEEP_SECONDS: '0.2', EVENTS_RETRY_BASE_MS: '20' });

const userId = (who: string) => fx.users[who]!.id;
let n = 0;

interface Note {
  type: string;
  title: string;
  message: string;
  entityId: string;
}
const NOTIFICATIONS = '{ notifications(first: 100) { nodes { type title message entityId } } }';
const notificationsOf = async (who: string, entityId: string, type: string): Promise<Note[]> =>
  ((await must(as(who, NOTIFICATIONS))).notifications.nodes as Note[]).filter((x) => x.entityId === entityId && x.type === type);

interface Entry {
  activityType: string;
  description: string;
}
const TIMELINE = 'query($id: ID!) { clientTimeline(clientId: $id, first: 100) { nodes { activityType description } } }';
const timelineOf = async (clientId: string): Promise<Entry[]> =>
  (await must(owner(TIMELINE, { id: clientId }))).clientTimeline.nodes as Entry[];
/** The event types of an entity (the SUPER_ADMIN's events view), once at least `count` are all processed. */
const EVENTS = 'query($id: ID!) { events(first: 100, filter: { entityId: $id }) { nodes { eventType status } } }';
async function processed(entityId: string, count: number): Promise<string[]> {
  const done = (r: Record<string, { nodes: { status: string }[] }>) =>
    r.events!.nodes.length >= count && r.events!.nodes.every((e) => e.status === 'COMPLETED');
  const r = await eventually(() => must(owner(EVENTS, { id: entityId })), done);
  expect(done(r)).toBe(true);
  return (r.events.nodes as { eventType: string }[]).map((e) => e.eventType).sort();
}

let visaTypeId: string;
beforeAll(async () => {
  const category = await must(
    owner('mutation($n: String!) { createVisaCategory(input: { name: $n }) { id } }', { n: `Outcomes ${Date.now()}` }),
  );
  visaTypeId = (
    await must(
      owner('mutation($i: CreateVisaTypeInput!) { createVisaType(input: $i) { id } }', {
        i: { visaCategoryId: category.createVisaCategory.id, name: 'Student', code: '500' },
      }),
    )
  ).createVisaType.id;
});

async function newClient(branch: 'B11' | 'B21', assignee?: string): Promise<string> {
  const i = {
    firstName: 'Priya',
    lastName: `Outcome ${++n}`,
    gender: 'FEMALE',
    country: 'NP',
    branchId: fx.branches[branch],
    ...(assignee ? { assignedToId: userId(assignee) } : {}),
  };
  return (await must(owner('mutation($i: CreateClientInput!) { createClient(input: $i) { id } }', { i }))).createClient.id;
}
async function newApplication(clientId: string, assignee?: string): Promise<string> {
  const i = {
    clientId,
    visaTypeId,
    immigrationFee: '710.00',
    serviceFee: '300',
    ...(assignee ? { assignedToId: userId(assignee) } : {}),
  };
  return (await must(owner('mutation($i: CreateVisaApplicationInput!) { createVisaApplication(input: $i) { id } }', { i })))
    .createVisaApplication.id;
}
const SET_STATUS = 'mutation($id: ID!, $s: VisaStatus!) { updateVisaApplication(id: $id, input: { status: $s }) { status } }';

describe('a visa status change', () => {
  it("goes on the client's timeline as 'Visa application {type}: {old} → {new}' and notifies both assignees", async () => {
    const clientId = await newClient('B11', 'CONSULTANT@B11');
    const app = await newApplication(clientId, 'BRANCH_ADMIN@B11');
    await must(owner(SET_STATUS, { id: app, s: 'VISA_APPLIED' }));
    await must(owner(SET_STATUS, { id: app, s: 'GRANTED' }));
    expect(await processed(app, 3)).toEqual([
      'VisaApplication.CREATE',
      'VisaApplication.status.UPDATE',
      'VisaApplication.status.UPDATE',
    ]);
    const entries = (await timelineOf(clientId)).filter((e) => e.activityType === 'VISA_STATUS_CHANGED');
    expect(entries.map((e) => e.description).sort()).toEqual([
      'Visa application Student (500): To Be Applied → Visa Applied',
      'Visa application Student (500): Visa Applied → Granted',
    ]);
    for (const who of ['BRANCH_ADMIN@B11', 'CONSULTANT@B11']) {
      const notes = await notificationsOf(who, app, 'VISA_STATUS_CHANGED');
      expect(notes.map((x) => x.title).sort()).toEqual([
        `Visa Granted: Priya Outcome ${n}`,
        `Visa Visa Applied: Priya Outcome ${n}`,
      ]);
      expect(notes.find((x) => x.title.startsWith('Visa Granted'))!.message).toBe(
        `The Student (500) visa application of Priya Outcome ${n} moved from Visa Applied to Granted.`,
      );
    }
  });

  it('a refusal is an outcome too: it is written as "Refused" and reaches the assignee', async () => {
    const clientId = await newClient('B11');
    const app = await newApplication(clientId, 'CONSULTANT@B11');
    await must(owner(SET_STATUS, { id: app, s: 'REJECTED' }));
    await processed(app, 2);
    expect((await timelineOf(clientId)).map((e) => e.description)).toContain(
      'Visa application Student (500): To Be Applied → Refused',
    );
    expect((await notificationsOf('CONSULTANT@B11', app, 'VISA_STATUS_CHANGED')).map((x) => x.title)).toEqual([
      `Visa Refused: Priya Outcome ${n}`,
    ]);
  });

  it('someone who is both assignees is notified once; an unassigned application and client notify nobody', async () => {
    const both = await newApplication(await newClient('B11', 'CONSULTANT@B11'), 'CONSULTANT@B11');
    const nobody = await newApplication(await newClient('B11'));
    await must(owner(SET_STATUS, { id: both, s: 'CASE_OPENED' }));
    await must(owner(SET_STATUS, { id: nobody, s: 'CASE_OPENED' }));
    await processed(both, 2);
    await processed(nobody, 2);
    expect(await notificationsOf('CONSULTANT@B11', both, 'VISA_STATUS_CHANGED')).toHaveLength(1);
    for (const who of ['SUPER_ADMIN', 'BRANCH_ADMIN@B11', 'CONSULTANT@B11']) {
      expect(await notificationsOf(who, nobody, 'VISA_STATUS_CHANGED')).toEqual([]);
    }
  });

  it('an assignee who may no longer read visa applications gets nothing, the other assignee still does', async () => {
    const clientId = await newClient('B11', 'BRANCH_ADMIN@B11');
    const app = await newApplication(clientId, 'CONSULTANT@B11');
    await withoutAction(owner, 'CONSULTANT', 'visaApplication:read', async () => {
      await must(owner(SET_STATUS, { id: app, s: 'WITHDRAWN' }));
      await processed(app, 2);
    });
    expect(await notificationsOf('CONSULTANT@B11', app, 'VISA_STATUS_CHANGED')).toEqual([]);
    expect(await notificationsOf('BRANCH_ADMIN@B11', app, 'VISA_STATUS_CHANGED')).toHaveLength(1);
  });
});

describe('a college application stage move', () => {
  it("notifies the application's assignee with APPLICATION_STAGE_CHANGED, and nobody when it has none", async () => {
    const k = educationKit(
      () => server,
      () => fx.as('SUPER_ADMIN'),
    );
    const w = await educationWorld(k);
    const CREATE = 'mutation($i: CreateCollegeApplicationInput!) { createCollegeApplication(input: $i) { id } }';
    const MOVE = 'mutation($id: ID!, $s: ID!) { moveCollegeApplication(id: $id, stageId: $s) { id } }';
    const clientId = await k.client(fx.branches.B11);
    const assigned = (await must(owner(CREATE, { i: collegeAppInput(w, clientId, { assignedToId: userId('CONSULTANT@B11') }) })))
      .createCollegeApplication.id;
    const unassigned = (await must(owner(CREATE, { i: collegeAppInput(w, clientId) }))).createCollegeApplication.id;
    await must(owner(MOVE, { id: assigned, s: w.stageIds[1] }));
    await must(owner(MOVE, { id: unassigned, s: w.stageIds[1] }));
    await processed(assigned, 2);
    await processed(unassigned, 2);
    const notes = await notificationsOf('CONSULTANT@B11', assigned, 'APPLICATION_STAGE_CHANGED');
    expect(notes).toHaveLength(1);
    expect(notes[0]!.message).toMatch(/ application of .+ moved to Offer from Applied\.$/);
    for (const who of ['SUPER_ADMIN', 'BRANCH_ADMIN@B11', 'CONSULTANT@B11']) {
      expect(await notificationsOf(who, unassigned, 'APPLICATION_STAGE_CHANGED')).toEqual([]);
    }
  });
});

describe('deleting and restoring a visa application', () => {
  const DELETE = 'mutation($id: ID!) { deleteVisaApplication(id: $id) { id deletedAt } }';
  const RESTORE = 'mutation($id: ID!) { restoreVisaApplication(id: $id) { id deletedAt } }';
  const READ = 'query($id: ID!) { visaApplication(id: $id) { id } }';
  const LIST = 'query($c: ID!) { visaApplications(filter: { clientId: $c }) { totalCount nodes { id } } }';
  const COUNTS = 'query($c: ID!) { visaApplicationStatusCounts(filter: { clientId: $c }) { toBeApplied total } }';
  const ON_CLIENT = 'query($id: ID!) { client(id: $id) { visaApplications { id } } }';
  const seen = async (clientId: string) => ({
    list: (await must(owner(LIST, { c: clientId }))).visaApplications.totalCount,
    counts: (await must(owner(COUNTS, { c: clientId }))).visaApplicationStatusCounts,
    onClient: (await must(owner(ON_CLIENT, { id: clientId }))).client.visaApplications.length,
  });

  it('a consultant cannot delete one (FORBIDDEN) and it stays', async () => {
    const clientId = await newClient('B11');
    const app = await newApplication(clientId);
    expect((await as('CONSULTANT@B11', DELETE, { id: app })).codes).toEqual(['FORBIDDEN']);
    expect((await as('CONSULTANT@B11', RESTORE, { id: app })).codes).toEqual(['FORBIDDEN']);
    expect((await must(as('CONSULTANT@B11', READ, { id: app }))).visaApplication.id).toBe(app);
  });

  it("a branch admin cannot reach another branch's application (NOT_FOUND), and it stays", async () => {
    const clientId = await newClient('B21');
    const app = await newApplication(clientId);
    expect((await as('BRANCH_ADMIN@B11', DELETE, { id: app })).codes).toEqual(['NOT_FOUND']);
    expect((await seen(clientId)).list).toBe(1);
  });

  it('a deleted application leaves the list, the counts, its client and reads by id; restore brings it back', async () => {
    const clientId = await newClient('B11');
    const app = await newApplication(clientId);
    expect(await seen(clientId)).toEqual({ list: 1, counts: { toBeApplied: 1, total: 1 }, onClient: 1 });
    const deleted = (await must(as('BRANCH_ADMIN@B11', DELETE, { id: app }))).deleteVisaApplication;
    expect(deleted.deletedAt).not.toBeNull();
    expect(await seen(clientId)).toEqual({ list: 0, counts: { toBeApplied: 0, total: 0 }, onClient: 0 });
    expect((await owner(READ, { id: app })).codes).toEqual(['NOT_FOUND']);
    // A deleted application cannot be changed or deleted again; only restored.
    expect((await owner(SET_STATUS, { id: app, s: 'GRANTED' })).codes).toEqual(['NOT_FOUND']);
    expect((await owner(DELETE, { id: app })).codes).toEqual(['NOT_FOUND']);
    const restored = (await must(as('BRANCH_ADMIN@B11', RESTORE, { id: app }))).restoreVisaApplication;
    expect(restored).toEqual({ id: app, deletedAt: null });
    expect(await seen(clientId)).toEqual({ list: 1, counts: { toBeApplied: 1, total: 1 }, onClient: 1 });
    // Restoring a live one changes nothing and records nothing.
    expect((await must(owner(RESTORE, { id: app }))).restoreVisaApplication.deletedAt).toBeNull();
    expect(await processed(app, 3)).toEqual([
      'VisaApplication.CREATE',
      'VisaApplication.DELETE',
      'VisaApplication.deleted_at.UPDATE',
    ]);
    const entries = (await timelineOf(clientId)).map((e) => [e.activityType, e.description]);
    expect(entries).toEqual(
      expect.arrayContaining([
        ['VISA_APPLICATION_DELETED', 'Visa Application deleted (Student (500))'],
        ['VISA_APPLICATION_RESTORED', 'Visa Application restored (Student (500))'],
      ]),
    );
  });

  it('a task cannot be linked to a deleted application', async () => {
    const app = await newApplication(await newClient('B11'));
    await must(owner(DELETE, { id: app }));
    const r: GqlResult = await owner('mutation($i: CreateTaskInput!) { createTask(input: $i) { id } }', {
      i: {
        title: 'Chase the embassy',
        dueDate: '2030-01-01T09:00:00Z',
        linkedEntityType: 'VISA_APPLICATION',
        linkedEntityId: app,
      },
    });
    expect(r.codes).toEqual(['NOT_FOUND']);
  });
});
