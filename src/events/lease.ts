// A processor's hold on the batch of events in hand: a short lease, renewed by a heartbeat while
// the events are worked on, so a dead processor's claims expire within one lease.
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { TenantDb } from '../db/tenant-db.js';

/** The end of a lease starting now, on the database's clock (processes' clocks may disagree). */
export function leaseEnd(seconds: number): SQL {
  return sql`now() + make_interval(secs => ${seconds})`;
}

/** A third of the lease: two renewals can fail (a slow statement, a pool wait) before it runs out. */
export function heartbeatMs(leaseSeconds: number): number {
  return Math.max(100, Math.round((leaseSeconds * 1000) / 3));
}

export interface LeaseOptions {
  db: TenantDb;
  /** The processor id written into claimed_by. */
  owner: string;
  leaseSeconds: number;
  eventIds: readonly string[];
  onError: (err: unknown) => void;
}

export class Lease {
  private readonly held: Set<string>;
  private readonly lost = new Set<string>();
  private readonly timer: NodeJS.Timeout;
  private renewing: Promise<void> | undefined;

  constructor(private readonly o: LeaseOptions) {
    this.held = new Set(o.eventIds);
    this.timer = setInterval(() => this.renew(), heartbeatMs(o.leaseSeconds));
    this.timer.unref();
  }

  /** Whether another processor has taken this event over (its lease ran out while we were slow). */
  isLost(eventId: string): boolean {
    return this.lost.has(eventId);
  }

  /** The event is finished (or handed back): it needs no more renewals. */
  done(eventId: string): void {
    this.held.delete(eventId);
  }

  /** Stops renewing; waits for a renewal in flight so it cannot land after the batch is over. */
  async end(): Promise<void> {
    clearInterval(this.timer);
    this.held.clear();
    await this.renewing;
  }

  private renew(): void {
    if (this.renewing || !this.held.size) return;
    const ids = [...this.held];
    const e = this.o.db.t.events;
    const until = leaseEnd(this.o.leaseSeconds);
    this.renewing = this.o.db.orm
      .update(e)
      // The due time follows the lease: an expired lease is what makes a claimed event due again.
      .set({ claimedUntil: until, nextAttemptAt: until })
      .where(and(inArray(e.id, ids), eq(e.claimedBy, this.o.owner), eq(e.status, 'PROCESSING')))
      .returning({ id: e.id })
      .then((rows) => {
        const kept = new Set(rows.map((r) => r.id));
        for (const id of ids) if (!kept.has(id) && this.held.has(id)) this.lost.add(id);
      })
      // A failed renewal is retried on the next beat; the claim check inside each handler's
      // transaction still refuses work on an event someone else holds.
      .catch(this.o.onError)
      .finally(() => {
        this.renewing = undefined;
      });
  }
}
