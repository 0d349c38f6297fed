// Live delivery across server processes: a stream open on process one receives what is committed
// on process two (the bus fans out through PostgreSQL LISTEN/NOTIFY). PGlite is in-process, so
// this runs on PostgreSQL only. The file has a database of its own and process one runs no event
// processor: whatever reaches one's streams was published by two (or three), never by one itself
// or by another test file's server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSse, streamPath, type SseStream } from '../bench/sse-client.js';
import { inTransaction, tenantDb } from '../src/db/tenant-db.js';
import { notificationCreate } from '../src/modules/notifications/services/create.js';
import type { RunningServer } from '../src/server.js';
import { createOrgFixture, type OrgFixture } from './kit/org-fixture.js';
import { ownDatabase, type OwnDatabase } from './kit/own-database.js';
import { gql, loginPlatform, must, sharedKeyEnv, startTestServer } from './kit/server.js';
import { eventsSettled } from './kit/waits.js';

const RECEIVED = 'subscription { notificationReceived { id type title client { id } } }';

describe.runIf(process.env.DATABASE_URL)('subscriptions across server processes', () => {
  let one: RunningServer;
  let two: RunningServer;
  let fx: OrgFixture;
  const streams: SseStream[] = [];

  let own: OwnDatabase;
  /** Keys shared by the processes, and their database; `quiet` processes run no event processor. */
  let env: (quiet: boolean) => Record<string, string>;

  beforeAll(async () => {
    own = await ownDatabase('subs_xproc');
    const keys = await sharedKeyEnv();
    env = (quiet) => ({ ...keys, ...own.env, ...(quiet ? { EVENTS_PROCESSOR: 'false' } : {}) });
    // One after the other: the first migrates the fresh database.
    two = await startTestServer(env(false));
    one = await startTestServer(env(true));
    fx = await createOrgFixture(one, (await loginPlatform(one)).accessToken);
  }, 120_000);
  afterAll(async () => {
    streams.forEach((s) => s.close());
    await Promise.all([one?.close(), two?.close()]);
    await own?.drop();
  });

  /** Opens a stream on process one, once it is subscribed (its first comment): changes made after it reach it. */
  async function openOnOne(query: string, who: string, variables?: Record<string, unknown>) {
    const s = await openSse(one.url, streamPath(query, variables, { token: fx.users[who]!.token, tenant: fx.tenant.slug }));
    streams.push(s);
    expect(s.status).toBe(200);
    await s.opened();
    return s;
  }
  const subscribeOnOne = (who: string) => openOnOne(RECEIVED, who);
  /** A notification committed on process two, published on commit from there. */
  const notifyOnTwo = (who: string, title: string) => {
    const db = tenantDb(two.runtime.database, fx.tenant.schemaName);
    return inTransaction(db.orm, (tx) =>
      notificationCreate({ tx, db, bus: two.runtime.bus, recipientId: fx.users[who]!.id, type: 'SYSTEM_ALERT', title }),
    );
  };

  /** A B11 client the owner creates through `on`: its id. */
  const b11Client = async (on: RunningServer, firstName: string, gender: string) =>
    (
      await must(
        gql(
          on,
          'mutation($i: CreateClientInput!) { createClient(input: $i) { id } }',
          { i: { firstName, gender, country: 'NP', branchId: fx.branches.B11 } },
          { tenant: fx.tenant.slug, token: fx.ownerToken },
        ),
      )
    ).createClient.id as string;
  /** The owner assigns the client to `who` through process two. */
  const assignOnTwo = (clientId: string, who: string) =>
    must(
      gql(
        two,
        'mutation($id: ID!, $u: ID) { assignClient(id: $id, userId: $u) { id } }',
        { id: clientId, u: fx.users[who]!.id },
        { tenant: fx.tenant.slug, token: fx.ownerToken },
      ),
    );

  it('a notification committed on process two reaches the stream on process one, and only its recipient', async () => {
    const mine = await subscribeOnOne('CONSULTANT@B11');
    const peer = await subscribeOnOne('CONSULTANT@B12');
    const row = await notifyOnTwo('CONSULTANT@B11', 'From two');
    const got = await mine.next((e) => e.event === 'next');
    expect(got.data.data.notificationReceived).toMatchObject({ id: row!.id, title: 'From two' });
    // The peer's own notification, committed after the other one: the first thing on its stream.
    const marker = await notifyOnTwo('CONSULTANT@B12', 'For the peer');
    expect((await peer.next((e) => e.event === 'next')).data.data.notificationReceived.id).toBe(marker!.id);
    expect(peer.events.filter((e) => e.event === 'next')).toHaveLength(1);
  });

  // Needs the event processor (CLIENT_ASSIGNED notifications are produced by it from the outbox):
  // only process two runs one.
  it('assigning a client on process two notifies the assignee on process one with CLIENT_ASSIGNED', async () => {
    const s = await subscribeOnOne('BRANCH_ADMIN@B11');
    const clientId = await b11Client(two, 'Assigned', 'OTHER');
    await assignOnTwo(clientId, 'BRANCH_ADMIN@B11');
    const got = await s.next((e) => e.event === 'next', 15_000);
    expect(got.data.data.notificationReceived).toMatchObject({ type: 'CLIENT_ASSIGNED', client: { id: clientId } });
  });

  // Needs the event processor too (its live handler publishes changes of the tracked client fields
  // — assignee, stage, active, deletion — on commit; other edits publish nothing today): two's.
  it('assigning a client on process two reaches clientUpdated on process one', async () => {
    const clientId = await b11Client(one, 'Before', 'MALE');
    const s = await openOnOne(
      'subscription($id: ID!) { clientUpdated(id: $id) { id firstName assignedTo { id } } }',
      'CONSULTANT@B11',
      { id: clientId },
    );
    await assignOnTwo(clientId, 'CONSULTANT@B11');
    const got = await s.next(
      (e) => e.event === 'next' && e.data.data?.clientUpdated?.assignedTo?.id === fx.users['CONSULTANT@B11']!.id,
      15_000,
    );
    expect(got.data.data.clientUpdated).toMatchObject({ id: clientId, firstName: 'Before' });
  });

  it('marking read on process two updates the unread count stream on process one, and no one else’s', async () => {
    const who = 'REGION_MANAGER@B11';
    const open = async (user: string) => {
      const path = streamPath('subscription { unreadNotificationCount }', undefined, {
        token: fx.users[user]!.token,
        tenant: fx.tenant.slug,
      });
      const s = await openSse(one.url, path);
      streams.push(s);
      expect(s.status).toBe(200);
      return s;
    };
    const count = async (s: SseStream) => (await s.next((e) => e.event === 'next')).data.data.unreadNotificationCount;
    const create = notifyOnTwo;
    const s = await open(who);
    const peer = await open('BRANCH_ADMIN@B12');
    // The opening value: the stream on one listens from here on.
    const start: number = await count(s);
    const peerStart: number = await count(peer);
    const [a, b] = [(await create(who, 'a'))!, (await create(who, 'b'))!];
    expect([await count(s), await count(s)]).toEqual([start + 1, start + 2]);
    const on2 = (query: string, variables: Record<string, unknown> = {}) =>
      must(gql(two, query, variables, { tenant: fx.tenant.slug, token: fx.users[who]!.token }));
    await on2('mutation($id: ID!) { markNotificationRead(id: $id) { id } }', { id: a.id });
    expect(await count(s)).toBe(start + 1);
    await on2('mutation($id: ID!) { markNotificationUnread(id: $id) { id } }', { id: a.id });
    expect(await count(s)).toBe(start + 2);
    await on2('mutation($ids: [ID!]!) { markNotificationsRead(ids: $ids) { id } }', { ids: [a.id, b.id] });
    expect(await count(s)).toBe(start);
    await on2('mutation($id: ID!) { markNotificationUnread(id: $id) { id } }', { id: b.id });
    expect(await count(s)).toBe(start + 1);
    await on2('mutation { markAllNotificationsRead }');
    expect(await count(s)).toBe(0);
    // The peer's own change is the next thing on its stream.
    await create('BRANCH_ADMIN@B12', 'for the peer');
    expect(await count(peer)).toBe(peerStart + 1);
    expect(peer.events.filter((e) => e.event === 'next').map((e) => e.data.data.unreadNotificationCount)).toEqual([
      peerStart,
      peerStart + 1,
    ]);
  });

  it('onlineUsers on process two lists a user with a stream open on process one, and a process started later does too', async () => {
    const who = 'CONSULTANT@B22';
    const id = fx.users[who]!.id;
    const onlineOn = async (server: RunningServer, viewer = 'BRANCH_ADMIN@B22') =>
      ((await must(gql(server, '{ onlineUsers { id } }', {}, fx.as(viewer)))).onlineUsers as { id: string }[]).map((u) => u.id);
    /** Presence travels as bus messages with nothing to subscribe to: the query is polled. */
    async function eventually(server: RunningServer, ok: (ids: string[]) => boolean, viewer?: string): Promise<string[]> {
      const end = Date.now() + 5000;
      for (;;) {
        const ids = await onlineOn(server, viewer);
        if (ok(ids) || Date.now() > end) return ids;
        await new Promise((r) => setTimeout(r, 25));
      }
    }
    expect(await onlineOn(two)).not.toContain(id);
    const s = await subscribeOnOne(who);
    expect(await eventually(two, (ids) => ids.includes(id))).toContain(id);
    // Out of the B12 branch admin's scope on every process.
    expect(await onlineOn(two, 'BRANCH_ADMIN@B12')).not.toContain(id);
    const three = await startTestServer(env(true));
    try {
      // Three asks the others for their sets when it starts.
      expect(await eventually(three, (ids) => ids.includes(id))).toContain(id);
      s.close();
      expect(await eventually(two, (ids) => !ids.includes(id))).not.toContain(id);
      expect(await eventually(three, (ids) => !ids.includes(id))).not.toContain(id);
    } finally {
      await three.close();
    }
  });

  it('clientUpdated on process one hears a client message published on process two', async () => {
    const owner = { tenant: fx.tenant.slug, token: fx.ownerToken };
    const clientId = await b11Client(one, 'Watched', 'MALE');
    // The creation's own live message is out of the way: the next one is the message below.
    await eventsSettled((q, v) => gql(one, q, v, owner));
    const s = await openOnOne('subscription($id: ID!) { clientUpdated(id: $id) { id firstName } }', 'CONSULTANT@B11', {
      id: clientId,
    });
    await two.runtime.bus.publish({ kind: 'client', schema: fx.tenant.schemaName, clientId });
    const got = await s.next((e) => e.event === 'next');
    expect(got.data.data.clientUpdated).toEqual({ id: clientId, firstName: 'Watched' });
  });
});
