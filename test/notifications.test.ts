// The notifications module: own-only reads and read-state changes, newest-first paging, the
// catch-up argument `since`, and notificationCreate's idempotency.
import { describe, expect, it } from 'vitest';
import { inTransaction, tenantDb } from '../src/db/tenant-db.js';
import { notificationCreate, type NotificationCreateArgs } from '../src/modules/notifications/services/create.js';
import { gql, type GqlResult } from './kit/server.js';
import { useOrgServer } from './kit/use-server.js';

const LIST = `query($first: Int, $after: String, $unreadOnly: Boolean, $since: ID) {
  notifications(first: $first, after: $after, unreadOnly: $unreadOnly, since: $since) {
    totalCount nodes { id title isRead readAt client { id } } pageInfo { hasNextPage endCursor } edges { cursor }
  }
}`;
const COUNT = '{ unreadNotificationCount }';
const READ = 'mutation($id: ID!) { markNotificationRead(id: $id) { id isRead readAt } }';
const UNREAD = 'mutation($id: ID!) { markNotificationUnread(id: $id) { id isRead readAt } }';
const ALL_READ = 'mutation { markAllNotificationsRead }';

const { server, fx } = useOrgServer();

type Extra = Partial<Omit<NotificationCreateArgs, 'tx' | 'db' | 'bus' | 'recipientId' | 'title'>>;
async function create(who: string, title: string, extra: Extra = {}) {
  const db = tenantDb(server.runtime.database, fx.tenant.schemaName);
  const recipientId = fx.users[who]!.id;
  return inTransaction(db.orm, (tx) =>
    notificationCreate({ tx, db, bus: server.runtime.bus, recipientId, type: 'SYSTEM_ALERT', title, ...extra }),
  );
}
const as = (who: string) => fx.as(who);

describe('notificationCreate', () => {
  it('is idempotent on (sourceKey, recipient, type) and inserts freely without a key', async () => {
    const a = await create('CONSULTANT@B22', 'keyed', { sourceKey: 'event-1' });
    const b = await create('CONSULTANT@B22', 'keyed again', { sourceKey: 'event-1' });
    const c = await create('CONSULTANT@B22', 'keyed, other type', { sourceKey: 'event-1', type: 'TASK_ASSIGNED' });
    expect(a).not.toBeNull();
    expect(b).toBeNull();
    expect(c).not.toBeNull();
    expect((await create('CONSULTANT@B22', 'no key'))?.id).toBeTruthy();
    expect((await create('CONSULTANT@B22', 'no key'))?.id).toBeTruthy();
  });
});

describe('own notifications only', () => {
  it('lists, counts and marks only the viewer’s own', async () => {
    const mine = (await create('CONSULTANT@B11', 'mine'))!;
    const theirs = (await create('CONSULTANT@B12', 'theirs'))!;
    const list = await gql(server, LIST, {}, as('CONSULTANT@B11'));
    const ids = list.data!.notifications.nodes.map((n: { id: string }) => n.id);
    expect(ids).toContain(mine.id);
    expect(ids).not.toContain(theirs.id);
    expect((await gql(server, COUNT, {}, as('CONSULTANT@B11'))).data!.unreadNotificationCount).toBe(1);

    // Someone else's id: NOT_FOUND, for the owner of the tenant too.
    expect((await gql(server, READ, { id: theirs.id }, as('CONSULTANT@B11'))).codes).toEqual(['NOT_FOUND']);
    expect((await gql(server, READ, { id: theirs.id }, as('SUPER_ADMIN'))).codes).toEqual(['NOT_FOUND']);
    expect((await gql(server, UNREAD, { id: theirs.id }, as('CONSULTANT@B11'))).codes).toEqual(['NOT_FOUND']);
    expect((await gql(server, READ, { id: 'nope' }, as('CONSULTANT@B11'))).codes).toEqual(['BAD_USER_INPUT']);

    const read = await gql(server, READ, { id: mine.id }, as('CONSULTANT@B11'));
    expect(read.data!.markNotificationRead).toMatchObject({ id: mine.id, isRead: true });
    const again = await gql(server, READ, { id: mine.id }, as('CONSULTANT@B11'));
    expect(again.data!.markNotificationRead.readAt).toBe(read.data!.markNotificationRead.readAt);
    expect((await gql(server, COUNT, {}, as('CONSULTANT@B11'))).data!.unreadNotificationCount).toBe(0);
    expect((await gql(server, COUNT, {}, as('CONSULTANT@B12'))).data!.unreadNotificationCount).toBe(1);
    const unread = await gql(server, UNREAD, { id: mine.id }, as('CONSULTANT@B11'));
    expect(unread.data!.markNotificationUnread).toMatchObject({ isRead: false, readAt: null });
  });

  it('markAllNotificationsRead changes only the viewer’s unread ones and returns the count', async () => {
    await create('BRANCH_ADMIN@B11', 'one');
    await create('BRANCH_ADMIN@B11', 'two');
    const read = (await create('BRANCH_ADMIN@B11', 'three'))!;
    await gql(server, READ, { id: read.id }, as('BRANCH_ADMIN@B11'));
    await create('BRANCH_ADMIN@B12', 'someone else');
    expect((await gql(server, ALL_READ, {}, as('BRANCH_ADMIN@B11'))).data!.markAllNotificationsRead).toBe(2);
    expect((await gql(server, ALL_READ, {}, as('BRANCH_ADMIN@B11'))).data!.markAllNotificationsRead).toBe(0);
    expect((await gql(server, COUNT, {}, as('BRANCH_ADMIN@B12'))).data!.unreadNotificationCount).toBe(1);
    const unread = await gql(server, LIST, { unreadOnly: true }, as('BRANCH_ADMIN@B11'));
    expect(unread.data!.notifications.totalCount).toBe(0);
  });

  it('shows the linked client only while the viewer can see it', async () => {
    const created = await gql(
      server,
      'mutation($i: CreateClientInput!) { createClient(input: $i) { id } }',
      { i: { firstName: 'Linked', gender: 'MALE', country: 'NP', branchId: fx.branches.B21 } },
      as('SUPER_ADMIN'),
    );
    const clientId = created.data!.createClient.id as string;
    await create('SUPER_ADMIN', 'about a client', { clientId, entityType: 'Client', entityId: clientId });
    await create('CONSULTANT@B12', 'about a client out of scope', { clientId, entityType: 'Client', entityId: clientId });
    const own = await gql(server, LIST, { first: 1 }, as('SUPER_ADMIN'));
    expect(own.data!.notifications.nodes[0].client).toEqual({ id: clientId });
    const scoped = await gql(server, LIST, { first: 1 }, as('CONSULTANT@B12'));
    expect(scoped.data!.notifications.nodes[0]).toMatchObject({ title: 'about a client out of scope', client: null });
  });
});

describe('paging and catch-up', () => {
  it('lists newest first and pages with after', async () => {
    const made = [];
    for (let i = 0; i < 5; i++) made.push((await create('REGION_MANAGER@B11', `n${i}`))!.id);
    const p1 = await gql(server, LIST, { first: 2 }, as('REGION_MANAGER@B11'));
    expect(p1.data!.notifications.nodes.map((n: { title: string }) => n.title)).toEqual(['n4', 'n3']);
    expect(p1.data!.notifications.totalCount).toBe(5);
    const p2 = await gql(server, LIST, { first: 2, after: p1.data!.notifications.pageInfo.endCursor }, as('REGION_MANAGER@B11'));
    expect(p2.data!.notifications.nodes.map((n: { title: string }) => n.title)).toEqual(['n2', 'n1']);
    const p3 = await gql(server, LIST, { first: 2, after: p2.data!.notifications.pageInfo.endCursor }, as('REGION_MANAGER@B11'));
    expect(p3.data!.notifications.nodes.map((n: { title: string }) => n.title)).toEqual(['n0']);
    expect(p3.data!.notifications.pageInfo.hasNextPage).toBe(false);
    expect((await gql(server, LIST, { after: 'garbage' }, as('REGION_MANAGER@B11'))).codes).toEqual(['BAD_USER_INPUT']);
  });

  it('since: returns exactly what came after the last seen notification, pageable', async () => {
    const who = 'COUNTRY_MANAGER@B11';
    const seen = (await create(who, 'seen'))!;
    for (let i = 0; i < 5; i++) await create(who, `missed ${i}`);
    const titles: string[] = [];
    let after: string | null = null;
    for (;;) {
      const r: GqlResult = await gql(server, LIST, { since: seen.id, first: 2, after }, as(who));
      const conn = r.data!.notifications as {
        totalCount: number;
        nodes: { title: string }[];
        pageInfo: { hasNextPage: boolean; endCursor: string };
      };
      expect(conn.totalCount).toBe(5);
      titles.push(...conn.nodes.map((n) => n.title));
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    expect(titles).toEqual(['missed 4', 'missed 3', 'missed 2', 'missed 1', 'missed 0']);
    const newest = (await gql(server, LIST, { first: 1 }, as(who))).data!.notifications.nodes[0].id;
    expect((await gql(server, LIST, { since: newest }, as(who))).data!.notifications.nodes).toEqual([]);
  });

  it('since must be one of the viewer’s own notifications', async () => {
    const theirs = (await create('CONSULTANT@B21', 'theirs'))!;
    const r = await gql(server, LIST, { since: theirs.id }, as('CONSULTANT@B11'));
    expect(r.codes).toEqual(['BAD_USER_INPUT']);
    expect(r.errors![0]!.extensions!.fields![0]!.path).toBe('since');
  });
});

describe('one notification by id', () => {
  const ONE = 'query($id: ID!) { notification(id: $id) { id title isRead } }';

  it('reads one of the viewer’s own notifications', async () => {
    const mine = (await create('CONSULTANT@B22', 'just this one'))!;
    const r = await gql(server, ONE, { id: mine.id }, as('CONSULTANT@B22'));
    expect(r.data!.notification).toEqual({ id: mine.id, title: 'just this one', isRead: false });
  });

  it('answers NOT_FOUND for another user’s notification, the owner of the tenant included, and for an unknown id', async () => {
    const theirs = (await create('CONSULTANT@B22', 'not yours'))!;
    for (const who of ['CONSULTANT@B21', 'SUPER_ADMIN']) {
      const r = await gql(server, ONE, { id: theirs.id }, as(who));
      expect(r.codes).toEqual(['NOT_FOUND']);
      expect(r.data?.notification ?? null).toBeNull();
    }
    expect((await gql(server, ONE, { id: '00000000-0000-4000-8000-000000000000' }, as('CONSULTANT@B22'))).codes).toEqual([
      'NOT_FOUND',
    ]);
    expect((await gql(server, ONE, { id: 'nope' }, as('CONSULTANT@B22'))).codes).toEqual(['BAD_USER_INPUT']);
  });
});

describe('marking several read', () => {
  const MANY = 'mutation($ids: [ID!]!) { markNotificationsRead(ids: $ids) { id isRead readAt } }';
  const who = 'BRANCH_ADMIN@B21';
  const unreadIds = async (user = who) =>
    (await gql(server, LIST, { unreadOnly: true, first: 100 }, as(user))).data!.notifications.nodes.map(
      (n: { id: string }) => n.id,
    ) as string[];

  it('marks the given ones read, returns them in the order given, and leaves the others unread', async () => {
    const [a, b, c] = [(await create(who, 'a'))!, (await create(who, 'b'))!, (await create(who, 'c'))!];
    const r = await gql(server, MANY, { ids: [c.id, a.id] }, as(who));
    expect(r.errors).toBeUndefined();
    expect(r.data!.markNotificationsRead.map((n: { id: string; isRead: boolean }) => [n.id, n.isRead])).toEqual([
      [c.id, true],
      [a.id, true],
    ]);
    expect(await unreadIds()).toEqual([b.id]);
    // Already read ones keep the time they were first read.
    const again = await gql(server, MANY, { ids: [a.id, b.id] }, as(who));
    expect(again.data!.markNotificationsRead[0].readAt).toBe(r.data!.markNotificationsRead[1].readAt);
    expect(await unreadIds()).toEqual([]);
  });

  it('refuses a list holding another user’s or an unknown id with NOT_FOUND naming each, and changes nothing', async () => {
    const mine = (await create(who, 'mine, stays unread'))!;
    const theirs = (await create('CONSULTANT@B21', 'theirs, stays unread'))!;
    const unknown = '00000000-0000-4000-8000-000000000000';
    const r = await gql(server, MANY, { ids: [mine.id, theirs.id, unknown] }, as(who));
    expect(r.codes).toEqual(['NOT_FOUND']);
    expect(r.data).toBeNull();
    expect(r.errors![0]!.extensions!.fields).toEqual([
      { path: 'ids.1', message: 'is not one of your notifications' },
      { path: 'ids.2', message: 'is not one of your notifications' },
    ]);
    expect(await unreadIds()).toEqual([mine.id]);
    expect(await unreadIds('CONSULTANT@B21')).toContain(theirs.id);
    // The tenant's owner cannot mark someone else's either.
    expect((await gql(server, MANY, { ids: [theirs.id] }, as('SUPER_ADMIN'))).codes).toEqual(['NOT_FOUND']);
    expect(await unreadIds('CONSULTANT@B21')).toContain(theirs.id);
  });

  it('refuses an empty list, a repeated id, a malformed id and more than 100 ids with BAD_USER_INPUT', async () => {
    const mine = (await create(who, 'bounded'))!;
    const before = await unreadIds();
    expect(before).toContain(mine.id);
    const fields = async (ids: string[]) => {
      const r = await gql(server, MANY, { ids }, as(who));
      expect(r.codes).toEqual(['BAD_USER_INPUT']);
      return r.errors![0]!.extensions!.fields!.map((f) => f.path);
    };
    expect(await fields([])).toEqual(['ids']);
    expect(await fields([mine.id, mine.id])).toEqual(['ids']);
    expect(await fields([mine.id, 'nope'])).toEqual(['ids.1']);
    const many = Array.from({ length: 101 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    expect(await fields(many)).toEqual(['ids']);
    expect(await unreadIds()).toEqual(before);
  });
});

describe('filtering by type', () => {
  const TYPED = `query($types: [NotificationType!]) {
    notifications(types: $types, first: 100) { totalCount nodes { title type } }
  }`;
  const who = 'REGION_MANAGER@B21';

  it('lists only the types asked for, counts them, and lists every type when omitted or empty', async () => {
    await create(who, 'alert', { type: 'SYSTEM_ALERT' });
    await create(who, 'task', { type: 'TASK_ASSIGNED' });
    await create(who, 'reminder', { type: 'REMINDER_DUE' });
    await create('CONSULTANT@B21', 'someone else’s task', { type: 'TASK_ASSIGNED' });
    const titles = async (types?: string[] | null) => {
      const r = await gql(server, TYPED, { types }, as(who));
      expect(r.errors).toBeUndefined();
      const conn = r.data!.notifications as { totalCount: number; nodes: { title: string }[] };
      expect(conn.totalCount).toBe(conn.nodes.length);
      return conn.nodes.map((n) => n.title);
    };
    expect(await titles(['TASK_ASSIGNED'])).toEqual(['task']);
    expect(await titles(['REMINDER_DUE', 'SYSTEM_ALERT'])).toEqual(['reminder', 'alert']);
    expect(await titles(['CLIENT_ASSIGNED'])).toEqual([]);
    expect(await titles(undefined)).toEqual(['reminder', 'task', 'alert']);
    expect(await titles([])).toEqual(['reminder', 'task', 'alert']);
  });

  it('refuses a repeated type and an unknown one', async () => {
    const repeated = await gql(server, TYPED, { types: ['SYSTEM_ALERT', 'SYSTEM_ALERT'] }, as(who));
    expect(repeated.codes).toEqual(['BAD_USER_INPUT']);
    expect(repeated.errors![0]!.extensions!.fields![0]!.path).toBe('types');
    expect((await gql(server, TYPED, { types: ['NOT_A_TYPE'] }, as(who))).codes).toEqual(['BAD_USER_INPUT']);
  });
});
