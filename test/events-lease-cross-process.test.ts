// Event leases across server processes: a processor renews the lease of the events it holds while
// it works on them, and once it is SIGKILLed another process finishes them within 15 s, running
// no handler twice. Two processes share one database server, so this runs on PostgreSQL only.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { asc, eq, sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { resultRows } from '../src/db/database.js';
import { tenantDb } from '../src/db/tenant-db.js';
import { EventProcessor } from '../src/events/processor.js';
import type { RunningServer } from '../src/server.js';
import { assignedB11Client, createOrgFixture } from './kit/org-fixture.js';
import { ownDatabase, type OwnDatabase } from './kit/own-database.js';
import { childEnv, loginPlatform, sharedKeyEnv, startTestServer } from './kit/server.js';
import { spawnLineChild } from './kit/child.js';

const CLIENTS = 5;
/** Each Client.CREATE event runs two handlers (notification, live): the 6th is the third event's live. */
const HOLD_AT_HANDLER = 6;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Child {
  proc: ChildProcessWithoutNullStreams;
  waitFor(key: string, ms: number): Promise<Record<string, unknown>>;
  exited: Promise<unknown>;
}

function spawnChild(env: Record<string, string>): Child {
  const { proc, lines, stderr } = spawnLineChild('test/kit/processor-child.ts', env);
  const exited = new Promise((resolve) => proc.once('exit', resolve));
  return {
    proc,
    exited,
    async waitFor(key, ms) {
      const end = Date.now() + ms;
      for (;;) {
        const line = lines.find((l) => key in l);
        if (line) return line;
        if (proc.exitCode !== null || Date.now() > end)
          throw new Error(`no "${key}" line from the child\nstdout: ${JSON.stringify(lines)}\nstderr: ${stderr()}`);
        await sleep(20);
      }
    },
  };
}

describe.runIf(process.env.DATABASE_URL)('event leases across server processes', () => {
  let own: OwnDatabase | undefined;
  let server: RunningServer | undefined;
  let child: Child | undefined;
  let processor: EventProcessor | undefined;
  afterAll(async () => {
    if (child && child.proc.exitCode === null && child.proc.signalCode === null) {
      child.proc.kill('SIGKILL');
      await child.exited;
    }
    await processor?.stop();
    await server?.close();
    await own?.drop();
  });

  it("a SIGKILLed processor's claimed events are finished by another process within 15 s, no handler twice", async () => {
    // A database of its own: other files' processors would take these events.
    own = await ownDatabase('lease');
    const keys = await sharedKeyEnv();
    // Process two serves HTTP with no processor yet, so the events wait for process one's.
    server = await startTestServer({ ...keys, ...own.env, EVENTS_PROCESSOR: 'off' });
    const fx = await createOrgFixture(server, (await loginPlatform(server)).accessToken);
    const db = tenantDb(server.runtime.database, fx.tenant.schemaName);
    const e = db.t.events;
    const clientIds: string[] = [];
    for (let n = 0; n < CLIENTS; n++) {
      clientIds.push(await assignedB11Client(server, fx, { firstName: `L${n}` }));
    }

    // Process one: the production lease and sweep (defaults), held inside its sixth handler.
    child = spawnChild(childEnv({ ...keys, ...own.env }, { TEST_HOLD_AT_HANDLER: String(HOLD_AT_HANDLER) }));
    expect((await child.waitFor('held', 60_000)).held).toBe('events.handler.live');
    const events = () => db.orm.select().from(e).orderBy(asc(e.createdAt));
    const before = await events();
    expect(before.map((x) => x.status)).toEqual(['COMPLETED', 'COMPLETED', 'PROCESSING', 'PROCESSING', 'PROCESSING']);
    const holder = before[2]!.claimedBy!;

    // While process one lives, its heartbeat moves the lease on, and process two leaves its events alone.
    const rt = server.runtime;
    processor = new EventProcessor({
      database: rt.database,
      registry: rt.registry,
      bus: rt.bus,
      log: rt.log,
      settings: { ...rt.config.events, processor: true },
    });
    await processor.start();
    // Past the end of process one's first leases (on the database's clock), process two makes a
    // full pass: without the heartbeat, that pass would take the events over.
    const leaseEnd = Math.max(...before.slice(2).map((x) => x.claimedUntil!.getTime()));
    const dbNow = async () => {
      const [row] = resultRows<{ ms: number }>(await db.orm.execute(sql`select extract(epoch from now()) * 1000 as ms`));
      return Number(row!.ms);
    };
    while ((await dbNow()) <= leaseEnd) await sleep(100);
    await processor.runOnce();
    const alive = await events();
    for (const [i, x] of alive.entries()) {
      if (i < 2) continue;
      expect(x).toMatchObject({ status: 'PROCESSING', claimedBy: holder });
      expect(x.claimedUntil!.getTime()).toBeGreaterThan(before[i]!.claimedUntil!.getTime());
    }

    child.proc.kill('SIGKILL');
    await child.exited;
    const killed = Date.now();
    let after = await events();
    while (after.some((x) => x.status !== 'COMPLETED') && Date.now() - killed < 20_000) {
      await sleep(100);
      after = await events();
    }
    expect(after.map((x) => x.status)).toEqual(Array(CLIENTS).fill('COMPLETED'));
    expect(Date.now() - killed).toBeLessThan(15_000);

    // Every handler ran once: the held event's notification (committed before the hold) was not
    // run again, only its live push, which never committed on process one.
    for (const x of after) {
      expect(x.handlerResults).toMatchObject({
        notification: { status: 'SUCCESS', attempts: 1 },
        live: { status: 'SUCCESS', attempts: 1 },
      });
      expect(x.claimedBy).toBeNull();
    }
    expect(after.map((x) => x.attempts)).toEqual([1, 1, 2, 2, 2]);
    const notes = await db.orm.select().from(db.t.notifications).where(eq(db.t.notifications.type, 'CLIENT_ASSIGNED'));
    expect(notes.map((n) => n.entityId).sort()).toEqual([...clientIds].sort());
  }, 120_000);
});
