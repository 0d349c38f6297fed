// The transactional outbox (domain events, written in the same transaction as the change) and the
// per-user notifications its handlers produce.
import { sql } from 'drizzle-orm';
import { index, integer, jsonb, text, uniqueIndex, uuid, varchar, type AnyPgColumn, type PgTableFn } from 'drizzle-orm/pg-core';
import { createdAt, enumCheck, id, optionalRef, requiredRef, tsNullable } from './columns.js';
import { EVENT_ACTIONS, EVENT_STATUSES, NOTIFICATION_TYPES } from './enums.js';

/** One handler's outcome on one event, kept so a retry re-runs only the handlers that failed. */
export interface HandlerResult {
  status: 'SUCCESS' | 'FAILED' | 'SKIPPED';
  attempts: number;
  message?: string;
  error?: string;
  finishedAt: string;
}

export function buildEventTables(table: PgTableFn<string>, refs: { userId: () => AnyPgColumn }) {
  const events = table(
    'events',
    {
      id: id(),
      eventType: varchar('event_type', { length: 100 }).notNull(),
      entityType: varchar('entity_type', { length: 50 }).notNull(),
      entityId: uuid('entity_id').notNull(),
      action: text('action', { enum: EVENT_ACTIONS }).notNull(),
      previousState: jsonb('previous_state').$type<Record<string, unknown>>().notNull().default({}),
      currentState: jsonb('current_state').$type<Record<string, unknown>>().notNull().default({}),
      changedFields: jsonb('changed_fields').$type<string[]>().notNull().default([]),
      actorId: optionalRef('actor_id', refs.userId),
      status: text('status', { enum: EVENT_STATUSES }).notNull().default('PENDING'),
      attempts: integer('attempts').notNull().default(0),
      maxAttempts: integer('max_attempts').notNull().default(5),
      nextAttemptAt: tsNullable('next_attempt_at').notNull().defaultNow(),
      handlerResults: jsonb('handler_results').$type<Record<string, unknown>>().notNull().default({}),
      lastError: text('last_error'),
      // A processor's lease: another processor may take the event over once it has expired.
      claimedBy: text('claimed_by'),
      claimedUntil: tsNullable('claimed_until'),
      createdAt: createdAt(),
      processedAt: tsNullable('processed_at'),
    },
    (t) => [
      index('events_due_idx')
        .on(t.nextAttemptAt)
        .where(sql`${t.status} in ('PENDING', 'PROCESSING')`),
      index('events_status_created_idx').on(t.status, t.createdAt.desc().nullsFirst()),
      index('events_entity_idx').on(t.entityType, t.entityId),
      index('events_type_idx').on(t.eventType, t.createdAt.desc().nullsFirst()),
      enumCheck('events_action_check', t.action, EVENT_ACTIONS),
      enumCheck('events_status_check', t.status, EVENT_STATUSES),
    ],
  );

  const notifications = table(
    'notifications',
    {
      id: id(),
      recipientId: requiredRef('recipient_id', refs.userId, 'cascade'),
      type: text('type', { enum: NOTIFICATION_TYPES }).notNull(),
      title: varchar('title', { length: 200 }).notNull(),
      message: text('message').notNull().default(''),
      // What the notification is about (for navigation), and the client it hangs off, if any.
      entityType: varchar('entity_type', { length: 50 }),
      entityId: uuid('entity_id'),
      clientId: uuid('client_id'),
      dueDate: tsNullable('due_date'),
      metaInfo: jsonb('meta_info').$type<Record<string, unknown>>().notNull().default({}),
      readAt: tsNullable('read_at'),
      // Idempotency: the event (or sweep key) that produced it; one notification per (key, recipient, type).
      sourceKey: text('source_key'),
      createdById: optionalRef('created_by_id', refs.userId),
      createdAt: createdAt(),
    },
    (t) => [
      index('notifications_recipient_idx').on(t.recipientId, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
      index('notifications_unread_idx')
        .on(t.recipientId)
        .where(sql`${t.readAt} is null`),
      uniqueIndex('notifications_source_unique').on(t.sourceKey, t.recipientId, t.type),
      enumCheck('notifications_type_check', t.type, NOTIFICATION_TYPES),
    ],
  );

  return { events, notifications };
}
