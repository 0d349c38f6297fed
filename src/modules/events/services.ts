// Writes of the events module: a SUPER_ADMIN's retry of a FAILED event, and the platform admins'
// pause switch.
import { and, eq, sql } from 'drizzle-orm';
import { assertCan } from '../../access/can.js';
import { single } from '../../db/rows.js';
import { inTransaction } from '../../db/tenant-db.js';
import { conflict, notFound } from '../../errors.js';
import { eventProcessingPause, eventProcessingResume } from '../../events/control.js';
import { EVENTS_CHANNEL } from '../../events/outbox.js';
import { parseInput, uuid } from '../shared-validation.js';
import type { DomainEventModel, EventProcessingControlModel } from './models.js';
import type { EventReadArgs, PlatformReadArgs } from './selectors.js';
import { pauseReasonInput } from './validation.js';

export type EventRetryArgs = EventReadArgs & { id: unknown };

/** Back to PENDING, due now, attempts reset; the handlers that succeeded keep their results and do not run again. */
export async function eventRetry({ db, viewer, id }: EventRetryArgs): Promise<DomainEventModel> {
  assertCan(viewer, 'events:retry');
  const eventId = parseInput(uuid, id, 'id');
  const e = db.t.events;
  return inTransaction(db.orm, async (tx) => {
    const [event] = await tx.select().from(e).where(eq(e.id, eventId)).for('update');
    if (!event) throw notFound('Event');
    if (event.status !== 'FAILED') throw conflict(`Only a FAILED event can be retried; this one is ${event.status}`, 'id');
    const row = await single(
      tx
        .update(e)
        .set({
          status: 'PENDING',
          attempts: 0,
          nextAttemptAt: sql`now()`,
          processedAt: null,
          claimedBy: null,
          claimedUntil: null,
        })
        .where(and(eq(e.id, event.id), eq(e.status, 'FAILED')))
        .returning(),
    );
    await tx.execute(sql`select pg_notify(${EVENTS_CHANNEL}, ${db.schemaName})`);
    return row;
  });
}

export type EventProcessingPauseSetArgs = PlatformReadArgs & { reason: unknown };

export function eventProcessingPauseSet({
  runtime,
  viewer,
  reason,
}: EventProcessingPauseSetArgs): Promise<EventProcessingControlModel> {
  const why = parseInput(pauseReasonInput, reason, 'reason');
  return eventProcessingPause(runtime.database, { reason: why || null, by: viewer.email });
}

export type EventProcessingResumeSetArgs = PlatformReadArgs;

export function eventProcessingResumeSet({
  runtime,
  viewer,
}: EventProcessingResumeSetArgs): Promise<EventProcessingControlModel> {
  return eventProcessingResume(runtime.database, { by: viewer.email });
}
