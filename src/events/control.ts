// The global pause switch (one row in public) and the per-tenant status counts: shared by the
// platform API, the `npm run events` CLI and the processor.
import { count, sql } from 'drizzle-orm';
import type { Database, Executor } from '../db/database.js';
import { EVENT_STATUSES, type EventStatus } from '../db/tables/enums.js';
import { eventProcessingControl } from '../db/tables/public.js';
import { tenantDb, tenantTables } from '../db/tenant-db.js';
import type { TenantRecord } from '../tenancy/registry.js';
import { EVENTS_CHANNEL } from './outbox.js';
import { ident, literal } from '../db/sql-text.js';

export interface EventProcessingState {
  isPaused: boolean;
  pauseReason: string | null;
  pausedAt: Date | null;
  pausedBy: string | null;
  resumedAt: Date | null;
  resumedBy: string | null;
}

const RUNNING: EventProcessingState = {
  isPaused: false,
  pauseReason: null,
  pausedAt: null,
  pausedBy: null,
  resumedAt: null,
  resumedBy: null,
};

/** The switch; a missing row means "never paused". */
export async function eventProcessingGet(ex: Executor): Promise<EventProcessingState> {
  const c = eventProcessingControl;
  const [row] = await ex
    .select({
      isPaused: c.isPaused,
      pauseReason: c.pauseReason,
      pausedAt: c.pausedAt,
      pausedBy: c.pausedBy,
      resumedAt: c.resumedAt,
      resumedBy: c.resumedBy,
    })
    .from(c);
  return row ?? RUNNING;
}

async function upsert(ex: Executor, set: Partial<typeof eventProcessingControl.$inferInsert>): Promise<EventProcessingState> {
  const c = eventProcessingControl;
  await ex
    .insert(c)
    .values({ id: 1, ...set })
    .onConflictDoUpdate({ target: c.id, set: { ...set, updatedAt: sql`now()` } });
  return eventProcessingGet(ex);
}

export function eventProcessingPause(database: Database, args: { reason: string | null; by: string }) {
  return upsert(database.orm, { isPaused: true, pauseReason: args.reason, pausedAt: new Date(), pausedBy: args.by });
}

/** Resumes, then wakes every processor to sweep every tenant: the backlog drains at once, not at the next restart. */
export async function eventProcessingResume(database: Database, args: { by: string }): Promise<EventProcessingState> {
  const state = await upsert(database.orm, { isPaused: false, resumedAt: new Date(), resumedBy: args.by });
  await database.notify(EVENTS_CHANNEL, '*');
  return state;
}

export type EventCounts = Record<EventStatus, number>;

/** Events per status in one tenant (one grouped statement). */
export async function eventCounts(database: Database, tenant: TenantRecord): Promise<EventCounts> {
  const e = tenantTables.events;
  const rows = await tenantDb(database, tenant.schemaName).orm.select({ status: e.status, n: count() }).from(e).groupBy(e.status);
  const counts = Object.fromEntries(EVENT_STATUSES.map((s) => [s, 0])) as EventCounts;
  for (const r of rows) counts[r.status] = r.n;
  return counts;
}

/** Schemas per statement of the backlog count (each names every schema's events table). */
const BACKLOG_BATCH = 250;

/**
 * Unfinished events per status over every tenant (metrics): one UNION ALL statement per 250
 * tenants, reading the status index only. COMPLETED rows are history, not backlog, and are left out.
 */
export async function eventBacklog(
  database: Database,
  tenants: readonly TenantRecord[],
): Promise<Omit<EventCounts, 'COMPLETED'>> {
  const totals = { PENDING: 0, PROCESSING: 0, FAILED: 0 };
  for (let i = 0; i < tenants.length; i += BACKLOG_BATCH) {
    const parts = tenants
      .slice(i, i + BACKLOG_BATCH)
      .map((t) => `select status from ${ident(t.schemaName)}.events where status <> ${literal('COMPLETED')}`);
    const rows = await database.rows<{ status: keyof typeof totals; n: string | number }>(
      `select status, count(*) as n from (${parts.join(' union all ')}) e group by status`,
    );
    for (const r of rows) if (r.status in totals) totals[r.status] += Number(r.n);
  }
  return totals;
}
