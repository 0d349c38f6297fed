// Work management: tasks (with a comment log and @mentions), reminders and calendar events.
import { sql } from 'drizzle-orm';
import { boolean, check, index, jsonb, text, uuid, varchar, type AnyPgColumn, type PgTableFn } from 'drizzle-orm/pg-core';
import { createdAt, enumCheck, id, lifecycle, optionalRef, requiredRef, trigramIndex, tsNullable } from './columns.js';
import { LINKED_ENTITY_TYPES, TASK_PRIORITIES, TASK_STATUSES } from './enums.js';

export function buildWorkTables(table: PgTableFn<string>, refs: { userId: () => AnyPgColumn; branchId: () => AnyPgColumn }) {
  const { userId } = refs;

  const tasks = table(
    'tasks',
    {
      id: id(),
      title: varchar('title', { length: 200 }).notNull(),
      detail: text('detail').notNull().default(''),
      priority: text('priority', { enum: TASK_PRIORITIES }).notNull().default('MEDIUM'),
      status: text('status', { enum: TASK_STATUSES }).notNull().default('PENDING'),
      dueDate: tsNullable('due_date').notNull(),
      assignedToId: optionalRef('assigned_to_id', userId),
      // A task without an assignee but with a branch is in that branch's pool, to be claimed.
      branchId: optionalRef('branch_id', refs.branchId),
      assignedById: optionalRef('assigned_by_id', userId),
      tags: jsonb('tags').$type<string[]>().notNull().default([]),
      linkedEntityType: text('linked_entity_type', { enum: LINKED_ENTITY_TYPES }),
      linkedEntityId: uuid('linked_entity_id'),
      // The client the linked entity belongs to (if any): the basis of scope for BRANCH_ADMIN and above.
      clientId: uuid('client_id'),
      completedAt: tsNullable('completed_at'),
      ...lifecycle(userId),
    },
    (t) => [
      check('tasks_assignment_check', sql`not (${t.assignedToId} is not null and ${t.branchId} is not null)`),
      check('tasks_link_check', sql`(${t.linkedEntityType} is null) = (${t.linkedEntityId} is null)`),
      enumCheck('tasks_priority_check', t.priority, TASK_PRIORITIES),
      enumCheck('tasks_status_check', t.status, TASK_STATUSES),
      index('tasks_assigned_to_idx').on(t.assignedToId, t.status, t.dueDate),
      trigramIndex('tasks_search_title_idx', t.title),
      index('tasks_branch_idx').on(t.branchId, t.status),
      index('tasks_created_by_idx').on(t.createdById),
      index('tasks_status_due_idx').on(t.status, t.dueDate),
      index('tasks_due_idx').on(t.dueDate, t.id),
      index('tasks_priority_idx').on(t.priority),
      index('tasks_assigned_by_idx').on(t.assignedById),
      index('tasks_client_idx').on(t.clientId),
      index('tasks_linked_idx').on(t.linkedEntityType, t.linkedEntityId),
    ],
  );

  const taskComments = table(
    'task_comments',
    {
      id: id(),
      taskId: requiredRef('task_id', () => tasks.id, 'cascade'),
      authorId: optionalRef('author_id', userId),
      text: text('text').notNull(),
      mentionedUserIds: jsonb('mentioned_user_ids').$type<string[]>().notNull().default([]),
      createdAt: createdAt(),
    },
    (t) => [index('task_comments_task_idx').on(t.taskId, t.createdAt)],
  );

  const reminders = table(
    'reminders',
    {
      id: id(),
      title: varchar('title', { length: 255 }).notNull(),
      remindAt: tsNullable('remind_at').notNull(),
      linkedEntityType: text('linked_entity_type', { enum: LINKED_ENTITY_TYPES }),
      linkedEntityId: uuid('linked_entity_id'),
      metaInfo: jsonb('meta_info').$type<Record<string, unknown>>().notNull().default({}),
      // The owner: whom the reminder is for (its creator unless set).
      ownerId: requiredRef('owner_id', userId, 'cascade'),
      isRead: boolean('is_read').notNull().default(false),
      isCompleted: boolean('is_completed').notNull().default(false),
      // Set once the REMINDER_DUE notification exists, so the sweep never notifies twice.
      notifiedAt: tsNullable('notified_at'),
      ...lifecycle(userId),
    },
    (t) => [
      index('reminders_owner_idx').on(t.ownerId, t.remindAt.desc().nullsFirst()),
      index('reminders_created_by_idx').on(t.createdById, t.remindAt.desc().nullsFirst()),
      index('reminders_due_idx')
        .on(t.remindAt)
        .where(sql`${t.notifiedAt} is null and not ${t.isCompleted}`),
      check('reminders_link_check', sql`(${t.linkedEntityType} is null) = (${t.linkedEntityId} is null)`),
    ],
  );

  const calendarEvents = table(
    'calendar_events',
    {
      id: id(),
      title: varchar('title', { length: 200 }).notNull(),
      description: text('description').notNull().default(''),
      startsAt: tsNullable('starts_at').notNull(),
      endsAt: tsNullable('ends_at').notNull(),
      allDay: boolean('all_day').notNull().default(false),
      assignedToId: optionalRef('assigned_to_id', userId),
      hexColor: varchar('hex_color', { length: 7 }).notNull().default('#3788d8'),
      location: varchar('location', { length: 255 }).notNull().default(''),
      branchId: optionalRef('branch_id', refs.branchId),
      ...lifecycle(userId),
    },
    (t) => [
      check('calendar_events_time_check', sql`${t.endsAt} > ${t.startsAt}`),
      index('calendar_events_assigned_to_idx').on(t.assignedToId, t.startsAt),
      index('calendar_events_branch_idx').on(t.branchId, t.startsAt),
      index('calendar_events_range_idx').on(t.startsAt, t.endsAt),
      index('calendar_events_created_by_idx').on(t.createdById),
    ],
  );

  return { tasks, taskComments, reminders, calendarEvents };
}
