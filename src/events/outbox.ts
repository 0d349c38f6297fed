// The transactional outbox: services call recordEvents inside the transaction that makes the
// change, so an event exists exactly when its change committed. Processors are woken through
// pg_notify, which PostgreSQL delivers only on commit.
import { sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import type { EventAction } from '../db/tables/enums.js';
import { faultPoint } from '../db/fault-points.js';
import type { TenantDb } from '../db/tenant-db.js';
import { handlersFor, TRACKED_FIELDS, UNTRACKED_KEYS, type EntityRows, type EntityType } from './config.js';

export const EVENTS_CHANNEL = 'leopard_events';

export interface RecordEventsArgs<E extends EntityType> {
  entity: E;
  id: string;
  /** The row before the change; null for a create. */
  before: EntityRows[E] | null;
  /** The row after the change; null for a hard delete. */
  after: EntityRows[E] | null;
  actorId: string | null;
}

type State = Record<string, unknown>;

/** JSON-safe copy of a row without identity and bookkeeping keys; dates as ISO strings. */
export function snapshot(row: object | null): State {
  if (!row) return {};
  const out: State = {};
  for (const [k, v] of Object.entries(row)) {
    if (UNTRACKED_KEYS.has(k)) continue;
    out[k] = v instanceof Date ? v.toISOString() : v;
  }
  return out;
}

/** `assignedToId` → `assigned_to`, `stageId` → `stage`, `deletedAt` → `deleted_at`. */
export function fieldEventName(field: string): string {
  return field
    .replace(/Id$/, '')
    .replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)
    .replace(/^_/, '');
}

interface PlannedEvent {
  eventType: string;
  action: EventAction;
  changedFields: string[];
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The events one change yields: CREATE, DELETE, or one UPDATE per changed tracked field (one in all for 'row'). */
export function planEvents(entity: EntityType, before: State | null, after: State | null): PlannedEvent[] {
  if (!before && after) return [{ eventType: `${entity}.CREATE`, action: 'CREATE', changedFields: [] }];
  if (before && !after) return [{ eventType: `${entity}.DELETE`, action: 'DELETE', changedFields: Object.keys(before) }];
  if (!before || !after) return [];
  const tracked = TRACKED_FIELDS[entity];
  const fields = typeof tracked === 'string' ? [...new Set([...Object.keys(before), ...Object.keys(after)])] : tracked;
  if (tracked === 'row') {
    const changed = fields.filter((f) => !same(before[f], after[f]));
    return changed.length ? [{ eventType: `${entity}.UPDATE`, action: 'UPDATE', changedFields: changed }] : [];
  }
  const planned: PlannedEvent[] = [];
  for (const f of fields) {
    if (same(before[f], after[f])) continue;
    // A soft delete is the entity's DELETE; restoring is an update of deleted_at.
    if (f === 'deletedAt' && after[f] !== null && after[f] !== undefined) {
      planned.push({ eventType: `${entity}.DELETE`, action: 'DELETE', changedFields: [f] });
    } else {
      planned.push({ eventType: `${entity}.${fieldEventName(f)}.UPDATE`, action: 'UPDATE', changedFields: [f] });
    }
  }
  return planned;
}

/**
 * Stores the events of one change (only types with handlers) in `tx`, the transaction of the
 * change itself, and wakes the processors on commit. Returns how many events were stored.
 */
export async function recordEvents<E extends EntityType>(tx: Executor, db: TenantDb, args: RecordEventsArgs<E>): Promise<number> {
  const before = args.before ? snapshot(args.before) : null;
  const after = args.after ? snapshot(args.after) : null;
  const rows = planEvents(args.entity, before, after)
    .filter((p) => handlersFor(p.eventType).length > 0)
    .map((p) => ({
      eventType: p.eventType,
      entityType: args.entity,
      entityId: args.id,
      action: p.action,
      previousState: before ?? {},
      currentState: after ?? {},
      changedFields: p.changedFields,
      actorId: args.actorId,
    }));
  if (!rows.length) return 0;
  // One round trip: the insert runs as a data-modifying CTE (executed whether or not it is read),
  // and the processors are woken on commit.
  const insert = tx.insert(db.t.events).values(rows).getSQL();
  await tx.execute(sql`with stored as (${insert}) select pg_notify(${EVENTS_CHANNEL}, ${db.schemaName})`);
  await faultPoint('events.recorded');
  return rows.length;
}
