// The outbox processor on its own: retries re-run only failed handlers (no duplicates), events run
// out of attempts become FAILED and alert their tenant's SUPER_ADMINs once, an expired claim of a
// "killed" processor is taken over while a live one is left alone, a claim found taken over at a
// renewal stops that event's work, and several server processes never run one event twice.
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openSse, streamPath, type SseStream } from '../bench/sse-client.js';
import { setFaultHook } from '../src/db/fault-points.js';
import { tenantDb, type TenantDb } from '../src/db/tenant-db.js';
import { EventProcessor } from '../src/events/processor.js';
import type { RunningServer } from '../src/server.js';
import { assignedB11Client, createOrgFixture, type OrgFixture } from './kit/org-fixture.js';
import { ownDatabase, type OwnDatabase } from './kit/own-database.js';
import { createTenant, gql, login, loginPlatform, must, sharedKeyEnv, startTestServer, type TestTenant } from './kit/server.js';

let server: RunningServer;
let fx: OrgFixture;
let db: TenantDb;
let own: OwnDatabase | undefined;
const processors: EventProcessor[] = [];
const streams: SseStream[] = [];

// The server runs no processor: each test drives its own. On PostgreSQL the test files share one
// database, and the other files' servers run processors that would take this file's events (every
// process sweeps every tenant, as in production), so this file gets a database of its own.
beforeAll(async () => {
  own = process.env.DATABASE_URL ? await ownDatabase('events') : undefined;
  server = await startTestServer({ EVENTS_PROCESSOR: 'off', ...own?.env });
  fx = await createOrgFixture(server, (await loginPlatform(server)).accessToken);
  db = tenantDb(server.runtime.database, fx.tenant.schemaName);
}, 120_000);
afterAll(async () => {
  streams.forEach((s) => s.close());
  try {
    await server?.close();
  } finally {
    await own?.drop();
  }
});
afterEach(async () => {
  setFaultHook(undefined);
  await Promise.all(processors.splice(0).map((p) => p.stop()));
});

function processor(settings: Partial<RunningServer['runtime']['config']['events']> = {}): EventProcessor {
  const rt = server.runtime;
  const p = new EventProcessor({
    database: rt.database,
    registry: rt.registry,
    bus: rt.bus,
    log: rt.log,
    settings: { ...rt.config.events, processor: true, sweepSeconds: 0.1, retryBaseMs: 10, maxAttempts: 5, ...settings },
  });
  processors.push(p);
  return p;
}

async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 30));
  }
}

/** A B11 client assigned to the B11 consultant: one Client.CREATE event with a notification and a live push. */
const assignedClient = () => assignedB11Client(server, fx, { firstName: 'Bo', lastName: 'Event', gender: 'MALE', country: 'NZ' });

const eventOf = async (entityId: string) =>
  (await db.orm.select().from(db.t.events).where(eq(db.t.events.entityId, entityId)))[0]!;
const notificationsAbout = (entityId: string) =>
  db.orm.select().from(db.t.notifications).where(eq(db.t.notifications.entityId, entityId));

/** Makes the fault point `at` throw the first two times it is reached; returns how often it threw. */
function failTwiceAt(at: string, message: string): () => number {
  let failures = 0;
  setFaultHook((point) => {
    if (point === at && failures < 2) {
      failures++;
      throw new Error(`${message} ${failures}`);
    }
  });
  return () => failures;
}

describe('retries', () => {
  it('a handler failing twice then succeeding yields exactly one notification, and the others run once', async () => {
    const id = await assignedClient();
    failTwiceAt('events.handler.notification', 'flaky');
    await processor().start();
    const event = await until(
      () => eventOf(id),
      (e) => e.status === 'COMPLETED',
    );
    expect(event).toMatchObject({ status: 'COMPLETED', attempts: 3, lastError: null, claimedBy: null });
    expect(event.handlerResults).toMatchObject({
      notification: { status: 'SUCCESS', attempts: 3 },
      live: { status: 'SUCCESS', attempts: 1 },
    });
    expect((await notificationsAbout(id)).map((n) => n.type)).toEqual(['CLIENT_ASSIGNED']);
  });

  it('timeline and notification handlers failing twice then succeeding leave exactly one entry and one notification', async () => {
    const id = (
      await must(
        gql(
          server,
          'mutation($i: CreateClientInput!) { createClient(input: $i) { id } }',
          { i: { firstName: 'Re', lastName: 'Try', gender: 'FEMALE', country: 'AU', branchId: fx.branches.B11 } },
          fx.as('SUPER_ADMIN'),
        ),
      )
    ).createClient.id as string;
    await processor().start();
    const created = async () => (await db.orm.select().from(db.t.events).where(eq(db.t.events.entityId, id)))[0];
    await until(created, (e) => e?.status === 'COMPLETED');
    // From here on, the assignment's timeline and notification handlers each fail twice.
    const failures: Record<string, number> = {};
    setFaultHook((point) => {
      if (point !== 'events.handler.notification' && point !== 'events.handler.timeline') return;
      failures[point] = (failures[point] ?? 0) + 1;
      if (failures[point]! <= 2) throw new Error(`flaky ${point} ${failures[point]}`);
    });
    await must(
      gql(
        server,
        'mutation($id: ID!, $u: ID) { assignClient(id: $id, userId: $u) { id } }',
        { id, u: fx.users['CONSULTANT@B11']!.id },
        fx.as('SUPER_ADMIN'),
      ),
    );
    const assigned = async () =>
      (await db.orm.select().from(db.t.events).where(eq(db.t.events.entityId, id))).find(
        (e) => e.eventType === 'Client.assigned_to.UPDATE',
      )!;
    const event = await until(assigned, (e) => e?.status === 'COMPLETED');
    expect(event).toMatchObject({ status: 'COMPLETED', attempts: 3 });
    expect(event.handlerResults).toMatchObject({
      timeline: { status: 'SUCCESS', attempts: 3 },
      notification: { status: 'SUCCESS', attempts: 3 },
    });
    expect((await notificationsAbout(id)).map((n) => n.type)).toEqual(['CLIENT_ASSIGNED']);
    const entries = await db.orm.select().from(db.t.clientActivities).where(eq(db.t.clientActivities.clientId, id));
    expect(entries.map((e) => e.activityType)).toEqual(['ASSIGNED']);
  });

  it('a handler failing after its write, before its result is recorded, leaves exactly one notification', async () => {
    const id = await assignedClient();
    const failures = failTwiceAt('events.handler.notification.written', 'lost after the write');
    await processor().start();
    const event = await until(
      () => eventOf(id),
      (e) => e.status === 'COMPLETED',
    );
    expect(failures()).toBe(2);
    expect(event).toMatchObject({ status: 'COMPLETED', attempts: 3, lastError: null });
    expect(event.handlerResults).toMatchObject({
      notification: { status: 'SUCCESS', attempts: 3 },
      live: { status: 'SUCCESS', attempts: 1 },
    });
    expect((await notificationsAbout(id)).map((n) => n.type)).toEqual(['CLIENT_ASSIGNED']);
  });

  it('a handler that keeps failing leaves the event FAILED after maxAttempts, with the error', async () => {
    const id = await assignedClient();
    setFaultHook((point) => {
      if (point === 'events.handler.notification') throw new Error('always');
    });
    await processor({ maxAttempts: 3 }).start();
    const event = await until(
      () => eventOf(id),
      (e) => e.status === 'FAILED',
    );
    expect(event).toMatchObject({ status: 'FAILED', attempts: 3, maxAttempts: 3, lastError: 'notification: always' });
    expect(event.processedAt).not.toBeNull();
    expect(await notificationsAbout(id)).toEqual([]);
  });
});

describe('an event that fails for good', () => {
  const ALERTS = 'subscription { notificationReceived { id type title message entityType entityId metaInfo } }';
  // What drizzle puts in a failed statement's message: the SQL and its parameters.
  const DRIVER_ERROR = 'Failed query: insert into "notifications" ("title") values ($1)\nparams: hunter2-secret';
  let platformToken: string;
  let second: { id: string; token: string };
  let inactiveId: string;
  let otherTenant: TestTenant;

  beforeAll(async () => {
    platformToken = (await loginPlatform(server)).accessToken;
    const input = { email: `second-admin@${fx.tenant.slug}.test`, password: 'second-pass-1', firstName: 'Sec', lastName: 'Ond' };
    const add = 'mutation($t: ID!, $i: AddTenantSuperAdminInput!) { addTenantSuperAdmin(tenantId: $t, input: $i) { id } }';
    const { id } = (await must(gql(server, add, { t: fx.tenant.id, i: input }, { token: platformToken }))).addTenantSuperAdmin;
    second = { id, token: (await login(server, input.email, input.password, fx.tenant.slug)).accessToken };
    const gone = { ...input, email: `gone-admin@${fx.tenant.slug}.test` };
    inactiveId = (await must(gql(server, add, { t: fx.tenant.id, i: gone }, { token: platformToken }))).addTenantSuperAdmin.id;
    await db.orm.update(db.t.users).set({ isActive: false }).where(eq(db.t.users.id, inactiveId));
    otherTenant = await createTenant(server, platformToken);
  });

  const streamOf = async (token: string) => {
    const s = await openSse(server.url, streamPath(ALERTS, undefined, { token, tenant: fx.tenant.slug }));
    expect(s.status).toBe(200);
    streams.push(s);
    return s;
  };
  const alertOn = (s: SseStream, eventId: string) =>
    s.next((e) => e.event === 'next' && e.data.data?.notificationReceived?.entityId === eventId, 10_000);
  const alertsAbout = (eventId: string, tdb = db) =>
    tdb.orm
      .select()
      .from(tdb.t.notifications)
      .where(and(eq(tdb.t.notifications.entityId, eventId), eq(tdb.t.notifications.type, 'SYSTEM_ALERT')));

  it('alerts each active SUPER_ADMIN of its tenant once with SYSTEM_ALERT, naming the event and the error without SQL or parameters', async () => {
    const owner = await streamOf(fx.users.SUPER_ADMIN!.token);
    const other = await streamOf(second.token);
    const clientId = await assignedClient();
    const event = await eventOf(clientId);
    setFaultHook((point) => {
      if (point === 'events.handler.notification') throw new Error(DRIVER_ERROR);
    });
    await processor({ maxAttempts: 2 }).start();
    const [mine, theirs] = await Promise.all([alertOn(owner, event.id), alertOn(other, event.id)]);
    // Committed with the FAILED mark: the alert is never seen before the event is FAILED.
    expect(await eventOf(clientId)).toMatchObject({ status: 'FAILED', attempts: 2 });
    for (const got of [mine, theirs]) {
      const alert = got.data.data.notificationReceived;
      expect(alert).toMatchObject({
        type: 'SYSTEM_ALERT',
        title: 'Event Client.CREATE failed',
        entityType: 'Event',
        entityId: event.id,
        metaInfo: { eventId: event.id, eventType: 'Client.CREATE', error: 'notification: a database query failed' },
      });
      expect(alert.message).toContain('Client.CREATE');
      expect(alert.message).toContain('notification: a database query failed');
      expect(JSON.stringify(alert)).not.toMatch(/hunter2|insert into|params/);
    }
    const rows = await alertsAbout(event.id);
    expect(rows.map((r) => r.recipientId).sort()).toEqual([fx.users.SUPER_ADMIN!.id, second.id].sort());
    // Nobody else: no other role, not the deactivated SUPER_ADMIN, and nobody in another tenant.
    expect(rows.some((r) => r.recipientId === inactiveId)).toBe(false);
    const otherDb = tenantDb(server.runtime.database, otherTenant.schemaName);
    expect(await alertsAbout(event.id, otherDb)).toEqual([]);
    const consultant = await gql(
      server,
      '{ notifications(types: [SYSTEM_ALERT], first: 100) { nodes { entityId } } }',
      {},
      fx.as('CONSULTANT@B11'),
    );
    expect(consultant.data!.notifications.nodes).not.toContainEqual({ entityId: event.id });
  });

  it('a retry by an admin that fails again alerts again, once; one that completes alerts nobody', async () => {
    const owner = await streamOf(fx.users.SUPER_ADMIN!.token);
    const clientId = await assignedClient();
    const event = await eventOf(clientId);
    setFaultHook((point) => {
      if (point === 'events.handler.notification') throw new Error('mailbox unreachable');
    });
    await processor({ maxAttempts: 2 }).start();
    const first = (await alertOn(owner, event.id)).data.data.notificationReceived;
    expect(first.metaInfo.error).toBe('notification: mailbox unreachable');
    // The client retries with what the alert carries: the event's id.
    const retry = 'mutation($id: ID!) { retryEvent(id: $id) { id status } }';
    expect((await must(gql(server, retry, { id: first.entityId }, fx.as('SUPER_ADMIN')))).retryEvent.status).toBe('PENDING');
    const again = (await alertOn(owner, event.id)).data.data.notificationReceived;
    expect(again.id).not.toBe(first.id);
    expect((await alertsAbout(event.id)).length).toBe(4);

    setFaultHook(undefined);
    await must(gql(server, retry, { id: event.id }, fx.as('SUPER_ADMIN')));
    await until(
      () => eventOf(clientId),
      (e) => e.status === 'COMPLETED',
    );
    expect(await eventOf(clientId)).toMatchObject({ status: 'COMPLETED' });
    expect((await alertsAbout(event.id)).length).toBe(4);
  });

  it('an event that succeeds on a later attempt alerts nobody', async () => {
    const clientId = await assignedClient();
    let failures = 0;
    setFaultHook((point) => {
      if (point === 'events.handler.notification' && failures++ < 1) throw new Error('flaky once');
    });
    await processor({ maxAttempts: 2 }).start();
    await until(
      () => eventOf(clientId),
      (e) => e.status === 'COMPLETED',
    );
    const event = await eventOf(clientId);
    expect(event).toMatchObject({ status: 'COMPLETED', attempts: 2 });
    expect(await alertsAbout(event.id)).toEqual([]);
  });
});

describe('claims', () => {
  it('an event claimed by a killed processor is finished by another once the lease has expired', async () => {
    const id = await assignedClient();
    const e = db.t.events;
    const expired = sql`now() - interval '1 second'`;
    await db.orm
      .update(e)
      .set({ status: 'PROCESSING', claimedBy: 'dead-host:1', claimedUntil: expired, nextAttemptAt: expired, attempts: 1 })
      .where(eq(e.entityId, id));
    await processor().runOnce();
    const event = await eventOf(id);
    expect(event).toMatchObject({ status: 'COMPLETED', attempts: 2, claimedBy: null });
    expect((await notificationsAbout(id)).map((n) => n.recipientId)).toEqual([fx.users['CONSULTANT@B11']!.id]);
  });

  it('a stale claim whose notification handler had committed is finished without a second notification', async () => {
    const id = await assignedClient();
    // A first processor commits the notification handler, then its live handler fails.
    setFaultHook((point) => {
      if (point === 'events.handler.live') throw new Error('killed');
    });
    const first = processor();
    await first.runOnce();
    await first.stop();
    setFaultHook(undefined);
    const e = db.t.events;
    expect((await eventOf(id)).handlerResults).toMatchObject({ notification: { status: 'SUCCESS', attempts: 1 } });
    // Now it looks as if that processor died right after the notification committed: still its
    // claim, expired, with no word of the live handler.
    const expired = sql`now() - interval '1 second'`;
    await db.orm
      .update(e)
      .set({
        status: 'PROCESSING',
        claimedBy: 'dead-host:1',
        claimedUntil: expired,
        nextAttemptAt: expired,
        attempts: 1,
        handlerResults: sql`${e.handlerResults} - 'live'`,
      })
      .where(eq(e.entityId, id));
    await processor().runOnce();
    const event = await eventOf(id);
    expect(event).toMatchObject({ status: 'COMPLETED', attempts: 2, claimedBy: null });
    expect(event.handlerResults).toMatchObject({
      notification: { status: 'SUCCESS', attempts: 1 },
      live: { status: 'SUCCESS', attempts: 1 },
    });
    expect((await notificationsAbout(id)).map((n) => n.recipientId)).toEqual([fx.users['CONSULTANT@B11']!.id]);
  });

  it('a live claim of another processor is left alone', async () => {
    const id = await assignedClient();
    const e = db.t.events;
    const later = sql`now() + interval '1 minute'`;
    await db.orm
      .update(e)
      .set({ status: 'PROCESSING', claimedBy: 'busy-host:1', claimedUntil: later, nextAttemptAt: later, attempts: 1 })
      .where(eq(e.entityId, id));
    await processor().runOnce();
    expect(await eventOf(id)).toMatchObject({ status: 'PROCESSING', claimedBy: 'busy-host:1', attempts: 1 });
    expect(await notificationsAbout(id)).toEqual([]);
  });

  it('stopping hands unstarted claims back as PENDING without counting an attempt', async () => {
    const ids = [await assignedClient(), await assignedClient(), await assignedClient()];
    let stopping: Promise<void> | undefined;
    const p = processor();
    setFaultHook((point) => {
      // Stop while the first event's first handler runs: that event finishes, the rest go back.
      if (point === 'events.handler.notification' && !stopping) stopping = p.stop();
    });
    await p.runOnce();
    await stopping;
    const events = await Promise.all(ids.map(eventOf));
    expect(events.map((x) => x.status).sort()).toEqual(['COMPLETED', 'PENDING', 'PENDING']);
    for (const x of events.filter((y) => y.status === 'PENDING')) expect(x).toMatchObject({ attempts: 0, claimedBy: null });
  });
});

// The thief needs a connection of its own while the processor's handler transaction is open:
// PGlite is one session, so this runs on PostgreSQL.
describe.runIf(process.env.DATABASE_URL)('leases', () => {
  it("a processor whose renewal finds a claim taken over runs none of that event's handlers", async () => {
    // Earlier tests' leftovers first, so the batch holds just these two.
    await processor().runOnce();
    const [first, second] = [await assignedClient(), await assignedClient()];
    const e = db.t.events;
    const points: string[] = [];
    setFaultHook(async (point) => {
      if (point.endsWith('.written')) return; // the handlers' starts are what this test follows
      points.push(point);
      if (points.length > 1) return;
      // While the first event runs, another processor takes the second over; then a heartbeat
      // comes (it moves the first event's lease on, and finds the second taken).
      const later = sql`now() + interval '1 minute'`;
      await db.orm
        .update(e)
        .set({ claimedBy: 'thief:1', claimedUntil: later, nextAttemptAt: later })
        .where(eq(e.entityId, second));
      // Read after the takeover: a renewal that moves the lease past this saw the thief's claim.
      const leased = (await eventOf(first)).claimedUntil!.getTime();
      const renewed = await until(
        () => eventOf(first),
        (x) => x.claimedUntil!.getTime() > leased,
      );
      expect(renewed.claimedUntil!.getTime()).toBeGreaterThan(leased);
    });
    await processor({ leaseSeconds: 1 }).runOnce();
    expect(points).toEqual(['events.handler.notification', 'events.handler.live']);
    expect(await eventOf(first)).toMatchObject({ status: 'COMPLETED', claimedBy: null });
    expect(await eventOf(second)).toMatchObject({ status: 'PROCESSING', claimedBy: 'thief:1', handlerResults: {} });
    expect(await notificationsAbout(second)).toEqual([]);
  });
});

// Two server processes need one shared database server: PGlite is in-process, so this runs on PostgreSQL.
describe.runIf(process.env.DATABASE_URL)('several server processes', () => {
  it('process every event exactly once between them', async () => {
    const keys = await sharedKeyEnv();
    const env = { ...keys, EVENTS_SWEEP_SECONDS: '0.1', ...own?.env };
    const one = await startTestServer(env);
    const two = await startTestServer(env);
    try {
      const token = (await loginPlatform(one)).accessToken;
      const org = await createOrgFixture(one, token);
      const tdb = tenantDb(one.runtime.database, org.tenant.schemaName);
      const consultant = org.users['CONSULTANT@B11']!.id;
      const ids: string[] = [];
      for (let n = 0; n < 20; n++) {
        const i = { firstName: `C${n}`, gender: 'OTHER', country: 'AU', branchId: org.branches.B11, assignedToId: consultant };
        const target = n % 2 ? two : one;
        ids.push(
          (
            await must(
              gql(target, 'mutation($i: CreateClientInput!) { createClient(input: $i) { id } }', { i }, org.as('SUPER_ADMIN')),
            )
          ).createClient.id,
        );
      }
      const events = await until(
        () => tdb.orm.select().from(tdb.t.events),
        (rows) => rows.length === 20 && rows.every((r) => r.status === 'COMPLETED'),
        10_000,
      );
      expect(events.every((r) => r.status === 'COMPLETED' && r.attempts === 1)).toBe(true);
      const notes = await tdb.orm.select().from(tdb.t.notifications).where(eq(tdb.t.notifications.type, 'CLIENT_ASSIGNED'));
      expect(notes.map((x) => x.entityId).sort()).toEqual([...ids].sort());
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
  }, 60_000);
});
