// The outbox processor: woken by LISTEN on the events channel, by a periodic sweep over the
// tenants and by a timer at a tenant's next due time, it claims due events with FOR UPDATE SKIP
// LOCKED and a short lease renewed by a heartbeat (so several processes never run one event at
// once, and a crashed process's claims are taken over within one lease), runs each event's
// handlers in order and retries only those that failed, with exponential backoff and jitter,
// until the event is COMPLETED or, after the last attempt, FAILED.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { systemClock, type Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import { faultPoint } from '../db/fault-points.js';
import type { HandlerResult } from '../db/tables/events.js';
import { inTransaction, tenantDb, type Executor, type TenantDb } from '../db/tenant-db.js';
import type { RealtimeBus } from '../realtime/bus.js';
import type { Mailer } from '../mail/mailer.js';
import { isServable, type TenantRecord, type TenantRegistry } from '../tenancy/registry.js';
import { handlersFor } from './config.js';
import { eventProcessingGet } from './control.js';
import { alertErrorText, eventFailedAlert } from './failure-alert.js';
import { buildEventContext, type EventRow } from './handlers/context.js';
import { DEFAULT_HANDLERS } from './handlers/index.js';
import type { HandlerSet } from './handlers/types.js';
import { EVENTS_CHANNEL } from './outbox.js';
import { heartbeatMs, Lease, leaseEnd } from './lease.js';
import { expirySweep } from './expiry-sweep.js';
import { reminderSweep, retentionSweep, taskDueSweep } from './sweeps.js';

export interface ProcessorOptions {
  database: Database;
  registry: TenantRegistry;
  bus: RealtimeBus;
  log: Logger;
  settings: Config['events'];
  /** Tests swap handlers in; production uses the defaults. */
  handlers?: HandlerSet;
  /** What the sweeps take as "now" (src/clock.ts); the system clock unless a test passes one. */
  clock?: Clock;
  /** What the `mail` handler sends through; without one, mail events fail (and are retried). */
  mailer?: Mailer;
  /** Called after each full pass of the sweeps over every tenant (the sweeps counter in /metrics). */
  onSweep?: () => void;
}

const CLAIM_BATCH = 10;
const RETENTION_EVERY_MS = 10 * 60_000;
const MAX_BACKOFF_MS = 10 * 60_000;

class LostClaim extends Error {}

/** Delay before attempt `attempts + 1`: base × 2^(attempts-1), capped, with jitter in [50 %, 100 %]. */
export function backoffMs(baseMs: number, attempts: number): number {
  const full = Math.min(MAX_BACKOFF_MS, baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(full / 2 + Math.random() * (full / 2));
}

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err)).slice(0, 2000);

export class EventProcessor {
  /** Written into claimed rows: which process holds an event. */
  readonly id = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly handlers: HandlerSet;
  private readonly dirty = new Set<string>();
  private sweepDue = false;
  private stopping = false;
  private running: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** Per tenant schema, the one timer that wakes it at its next due time (sooner than a sweep). */
  private readonly dueTimers = new Map<string, { at: number; timer: NodeJS.Timeout }>();
  private unlisten: (() => Promise<void>) | undefined;
  private lastRetention = 0;

  constructor(private readonly o: ProcessorOptions) {
    this.handlers = o.handlers ?? DEFAULT_HANDLERS;
  }

  async start(): Promise<void> {
    this.unlisten = await this.o.database.listen(
      EVENTS_CHANNEL,
      (payload) => this.wake(payload === '*' ? undefined : payload),
      // Wake-ups lost while the listening connection was down: sweep every tenant now.
      () => this.wake(),
    );
    this.timer = setInterval(() => this.wake(), this.o.settings.sweepSeconds * 1000);
    this.timer.unref();
    // Startup recovery: whatever is pending (or whose lease ran out) in any tenant.
    this.wake();
  }

  /** Finishes the event in hand, hands back the rest of the batch, and stops listening. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    for (const { timer } of this.dueTimers.values()) clearTimeout(timer);
    this.dueTimers.clear();
    await this.unlisten?.();
    await this.running;
  }

  /** A tenant schema to drain, or (no argument) a full sweep of every tenant. */
  wake(schema?: string): void {
    if (this.stopping) return;
    if (schema) this.dirty.add(schema);
    else this.sweepDue = true;
    this.running ??= this.loop()
      .catch((err: unknown) => this.o.log.error({ err }, 'event processor loop failed'))
      .finally(() => {
        this.running = undefined;
        if (!this.stopping && (this.dirty.size || this.sweepDue)) this.wake([...this.dirty][0]);
      });
  }

  /** Tests and the CLI: one full pass over every tenant, awaited. */
  async runOnce(): Promise<void> {
    this.wake();
    while (this.running) await this.running;
  }

  private async loop(): Promise<void> {
    while (!this.stopping && (this.dirty.size || this.sweepDue)) {
      const sweep = this.sweepDue;
      const tenants = sweep ? this.o.registry.each() : this.tenantsOf([...this.dirty]);
      const retention = sweep && Date.now() - this.lastRetention > RETENTION_EVERY_MS;
      if (retention) this.lastRetention = Date.now();
      this.sweepDue = false;
      this.dirty.clear();
      // Paused: nothing runs; the events stay PENDING and resume wakes every processor. The line
      // is what a test waits for to know a pass came and went while paused.
      if ((await eventProcessingGet(this.o.database.orm)).isPaused) {
        this.o.log.debug('event processing is paused: pass skipped');
        return;
      }
      for await (const tenant of tenants) {
        if (this.stopping) return;
        if (!isServable(tenant)) continue;
        const db = tenantDb(this.o.database, tenant.schemaName);
        try {
          await this.drain(db, tenant);
          // A pause that lands mid-pass stops the sweeps too (they create notifications).
          if (sweep && !(await this.paused())) await this.sweeps(db, tenant, retention);
        } catch (err) {
          this.o.log.error({ err, tenant: tenant.slug }, 'event processing failed for a tenant');
        }
      }
      if (sweep) this.o.onSweep?.();
    }
  }

  private async *tenantsOf(schemas: string[]): AsyncGenerator<TenantRecord> {
    for (const schema of schemas) {
      const tenant = await this.o.registry.bySchemaName(schema);
      if (tenant) yield tenant;
    }
  }

  private pauseRead: { at: number; paused: Promise<boolean> } | undefined;

  /** The pause switch, read at most once a second: a pass over a thousand tenants asks per tenant. */
  private paused(): Promise<boolean> {
    const now = Date.now();
    if (!this.pauseRead || now - this.pauseRead.at >= 1000) {
      this.pauseRead = { at: now, paused: eventProcessingGet(this.o.database.orm).then((s) => s.isPaused) };
    }
    return this.pauseRead.paused;
  }

  private async sweeps(db: TenantDb, tenant: TenantRecord, retention: boolean): Promise<void> {
    const args = { db, bus: this.o.bus, tenant, now: (this.o.clock ?? systemClock).now() };
    await reminderSweep(args);
    await taskDueSweep(args);
    await expirySweep(args);
    if (retention) await retentionSweep({ db, retentionDays: this.o.settings.retentionDays });
  }

  /**
   * Claims and runs due events of one tenant until none is left (or the processor stops or is
   * paused), then sets a timer for the next one due: a retry's backoff, or another processor's
   * lease, which keeps moving while that processor lives and runs out within one lease if it died.
   */
  private async drain(db: TenantDb, tenant: TenantRecord): Promise<void> {
    // Asked first, since most tenants of a sweep have nothing due: one read, no claim.
    let ms = await this.untilDue(db);
    while (ms !== null && !this.stopping) {
      if (ms > 0) return this.wakeIn(db.schemaName, ms);
      const batch = await this.claim(db);
      // Due, yet nothing claimed: another processor is claiming these right now, or a pause landed.
      if (!batch.length) return this.wakeIn(db.schemaName, heartbeatMs(this.o.settings.leaseSeconds));
      await this.runBatch(db, tenant, batch);
      if (this.stopping || (await eventProcessingGet(this.o.database.orm)).isPaused) return;
      ms = await this.untilDue(db);
    }
  }

  /** Milliseconds until the tenant's next event is due (≤ 0: due now), on the database's clock; null if none waits. */
  private async untilDue(db: TenantDb): Promise<number | null> {
    const e = db.t.events;
    const [row] = await db.orm
      .select({ ms: sql<number | null>`(extract(epoch from min(${e.nextAttemptAt}) - now()) * 1000)::float8` })
      .from(e)
      .where(inArray(e.status, ['PENDING', 'PROCESSING']));
    return row?.ms == null ? null : Number(row.ms);
  }

  /** Runs one claimed batch under a heartbeat; hands back what is left if the processor stops. */
  private async runBatch(db: TenantDb, tenant: TenantRecord, batch: EventRow[]): Promise<void> {
    const lease = new Lease({
      db,
      owner: this.id,
      leaseSeconds: this.o.settings.leaseSeconds,
      eventIds: batch.map((x) => x.id),
      onError: (err) => this.o.log.warn({ err, tenant: tenant.slug }, 'event lease renewal failed'),
    });
    try {
      for (const [i, event] of batch.entries()) {
        if (this.stopping) {
          await lease.end();
          return await this.release(db, batch.slice(i));
        }
        if (lease.isLost(event.id)) continue;
        await this.process(db, tenant, event, lease);
        lease.done(event.id);
      }
    } finally {
      await lease.end();
    }
  }

  /** Wakes this tenant when its next event falls due, unless the next sweep comes first. */
  private wakeIn(schema: string, ms: number): void {
    if (this.stopping || ms >= this.o.settings.sweepSeconds * 1000) return;
    const at = Date.now() + ms;
    const pending = this.dueTimers.get(schema);
    if (pending && pending.at <= at) return;
    if (pending) clearTimeout(pending.timer);
    const timer = setTimeout(() => {
      this.dueTimers.delete(schema);
      this.wake(schema);
    }, ms + 5);
    timer.unref();
    this.dueTimers.set(schema, { at, timer });
  }

  /** Takes up to a batch of due events (pending, or claimed by someone whose lease ran out), oldest first. */
  private async claim(db: TenantDb): Promise<EventRow[]> {
    const e = db.t.events;
    const until = leaseEnd(this.o.settings.leaseSeconds);
    const due = db.orm
      .select({ id: e.id })
      .from(e)
      .where(
        and(
          inArray(e.status, ['PENDING', 'PROCESSING']),
          lte(e.nextAttemptAt, sql`now()`),
          // The pause switch is read by the claim itself: a processor that read "running" just
          // before a pause committed claims nothing after it.
          sql`not exists (select 1 from public.event_processing_control pc where pc.is_paused)`,
        ),
      )
      .orderBy(asc(e.nextAttemptAt), asc(e.createdAt))
      .limit(CLAIM_BATCH)
      .for('update', { skipLocked: true });
    const rows = await db.orm
      .update(e)
      .set({
        status: 'PROCESSING',
        claimedBy: this.id,
        claimedUntil: until,
        // An expired lease makes the event due again: the due index covers both cases.
        nextAttemptAt: until,
        attempts: sql`${e.attempts} + 1`,
        maxAttempts: this.o.settings.maxAttempts,
      })
      .where(inArray(e.id, due))
      .returning();
    return rows.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  }

  /** Hands unstarted claims back (on stop), not counting them as attempts. */
  private async release(db: TenantDb, events: EventRow[]): Promise<void> {
    if (!events.length) return;
    const e = db.t.events;
    await db.orm
      .update(e)
      .set({
        status: 'PENDING',
        claimedBy: null,
        claimedUntil: null,
        nextAttemptAt: sql`now()`,
        attempts: sql`${e.attempts} - 1`,
      })
      .where(
        and(
          inArray(
            e.id,
            events.map((x) => x.id),
          ),
          eq(e.claimedBy, this.id),
        ),
      );
  }

  private async process(db: TenantDb, tenant: TenantRecord, event: EventRow, lease: Lease): Promise<void> {
    const e = db.t.events;
    const results = { ...(event.handlerResults as Record<string, HandlerResult>) };
    let fatal: string | undefined;
    try {
      const ctx = await buildEventContext(db, event);
      for (const spec of handlersFor(event.eventType)) {
        const prev = results[spec.handler];
        if (prev && prev.status !== 'FAILED') continue;
        // A renewal found the event taken over: whatever is left is the new holder's.
        if (lease.isLost(event.id)) return;
        const attempts = (prev?.attempts ?? 0) + 1;
        try {
          // The side effect and its "done" mark commit together, and only while we hold the claim.
          results[spec.handler] = await inTransaction(db.orm, async (tx) => {
            await faultPoint(`events.handler.${spec.handler}`);
            const outcome = await this.handlers[spec.handler]({
              tx,
              db,
              bus: this.o.bus,
              tenant,
              ctx,
              spec,
              mailer: this.o.mailer,
            });
            // After the side effect, before its "done" mark: a try that fails here must leave nothing.
            await faultPoint(`events.handler.${spec.handler}.written`);
            const result: HandlerResult = { ...outcome, attempts, finishedAt: new Date().toISOString() };
            const mine = await tx
              .update(e)
              .set({ handlerResults: sql`${e.handlerResults} || ${JSON.stringify({ [spec.handler]: result })}::jsonb` })
              .where(and(eq(e.id, event.id), eq(e.claimedBy, this.id)))
              .returning({ id: e.id });
            if (!mine.length) throw new LostClaim();
            return result;
          });
        } catch (err) {
          if (err instanceof LostClaim) return;
          results[spec.handler] = { status: 'FAILED', attempts, error: errorText(err), finishedAt: new Date().toISOString() };
        }
      }
    } catch (err) {
      fatal = errorText(err);
    }
    const failed = Object.entries(results).filter(([, r]) => r.status === 'FAILED');
    const lastError = fatal ?? (failed.length ? failed.map(([name, r]) => `${name}: ${r.error}`).join('; ') : null);
    const done = { claimedBy: null, claimedUntil: null, handlerResults: results, lastError };
    let set: Partial<typeof e.$inferInsert>;
    if (!lastError) set = { ...done, status: 'COMPLETED', processedAt: new Date() };
    else if (event.attempts >= this.o.settings.maxAttempts) set = { ...done, status: 'FAILED', processedAt: new Date() };
    else {
      set = {
        ...done,
        status: 'PENDING',
        nextAttemptAt: new Date(Date.now() + backoffMs(this.o.settings.retryBaseMs, event.attempts)),
      };
    }
    const mark = (ex: Executor) =>
      ex
        .update(e)
        .set(set)
        .where(and(eq(e.id, event.id), eq(e.claimedBy, this.id)))
        .returning({ id: e.id });
    if (set.status !== 'FAILED') {
      await mark(db.orm);
      return;
    }
    // The alerts commit with the FAILED mark, and only if the claim was still ours.
    const failedAt = set.processedAt as Date;
    await inTransaction(db.orm, async (tx) => {
      if ((await mark(tx)).length) await eventFailedAlert({ tx, db, bus: this.o.bus, event, error: lastError!, failedAt });
    });
    // The full error (with a driver's SQL and parameters) stays in events.last_error, not in the log.
    this.o.log.warn(
      { eventId: event.id, eventType: event.eventType, error: lastError ? alertErrorText(lastError) : null },
      'event failed',
    );
  }
}
