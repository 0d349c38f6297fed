// The outbox processor on its own: retries re-run only failed handlers (no duplicates), events run
// out of attempts become FAILED, an expired claim of a "killed" processor is taken over while a
// live one is left alone, a claim found taken over at a renewal stops that event's work, and
// several server processes never run one event twice.
import { eq, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setFaultHook } from '../src/db/fault-points.js';
import { tenantDb, type TenantDb } from '../src/db/tenant-db.js';
import { EventProcessor } from '../src/events/processor.js';
import type { RunningServer } from '../src/server.js';
import { createOrgFixture, type OrgFixture } from './kit/org-fixture.js';
import { ownDatabase, type OwnDatabase } from './kit/own-database.js';
import { gql, loginPlatform, must, sharedKeyEnv, startTestServer } from './kit/server.js';

let server: RunningServer;
let fx: OrgFixture;
let db: TenantDb;
let own: OwnDatabase | undefined;
const processors: EventProcessor[] = [];

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
async function assignedClient(): Promise<string> {
  const i = {
    firstName: 'Bo',
    lastName: 'Event',
    gender: 'MALE',
    country: 'NZ',
    branchId: fx.branches.B11,
    assignedToId: fx.users['CONSULTANT@B11']!.id,
  };
  const r = await must(
    gql(server, 'mutation($i: CreateClientInput!) { createClient(input: $i) { id } }', { i }, fx.as('SUPER_ADMIN')),
  );
  return r.createClient.id as string;
}

const eventOf = async (entityId: string) =>
  (await db.orm.select().from(db.t.events).where(eq(db.t.events.entityId, entityId)))[0]!;
const notificationsAbout = (entityId: string) =>
  db.orm.select().from(db.t.notifications).where(eq(db.t.notifications.entityId, entityId));

describe('retries', () => {
  it('a handler failing twice then succeeding yields exactly one notification, and the others run once', async () => {
    const id = await assignedClient();
    let failures = 0;
    setFaultHook((point) => {
      if (point === 'events.handler.notification' && failures < 2) {
        failures++;
        throw new Error(`flaky ${failures}`);
      }
    });
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
      points.push(point);
      if (points.length > 1) return;
      // While the first event runs, another processor takes the second over; a beat passes.
      const later = sql`now() + interval '1 minute'`;
      await db.orm
        .update(e)
        .set({ claimedBy: 'thief:1', claimedUntil: later, nextAttemptAt: later })
        .where(eq(e.entityId, second));
      await new Promise((r) => setTimeout(r, 700));
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
