// Periodic per-tenant sweeps run by the processor: due reminders → REMINDER_DUE, tasks due within
// the tenant's taskDueSoonWindowDays → TASK_DUE_SOON and overdue → TASK_OVERDUE (each once per task
// and due date), and the retention of completed events (expiry alerts: expiry-sweep.ts). Each is one
// or two statements when there is nothing to do. "Now" is the processor's clock (src/clock.ts),
// passed to SQL as a parameter, so tests can set the day.
import { and, asc, eq, inArray, isNotNull, isNull, lte, notInArray, sql } from 'drizzle-orm';
import { inTransaction, type TenantDb } from '../db/tenant-db.js';
import { notificationCreate } from '../modules/notifications/index.js';
import type { RealtimeBus } from '../realtime/bus.js';
import type { TenantRecord } from '../tenancy/registry.js';
import { AUDIT_ENTITY_TYPES } from './audit.js';
import { recipientViewers } from './handlers/recipients.js';

export interface SweepArgs {
  db: TenantDb;
  bus: RealtimeBus;
  tenant: TenantRecord;
  /** The processor's clock at the start of this tenant's sweeps. */
  now: Date;
}

const BATCH = 200;

/** Notifies the owners of due reminders and marks them; rows locked by another process are left to it. */
export async function reminderSweep({ db, bus, tenant, now }: SweepArgs): Promise<number> {
  const r = db.t.reminders;
  return inTransaction(db.orm, async (tx) => {
    const due = await tx
      .select()
      .from(r)
      .where(and(lte(r.remindAt, now), isNull(r.notifiedAt), eq(r.isCompleted, false)))
      .orderBy(asc(r.remindAt))
      .limit(BATCH)
      .for('update', { skipLocked: true });
    if (!due.length) return 0;
    const active = new Set((await recipientViewers(tx, db, tenant, [...new Set(due.map((d) => d.ownerId))])).map((v) => v.id));
    let created = 0;
    for (const d of due) {
      // An inactive owner gets nothing; the reminder is still marked so it is not looked at again.
      if (!active.has(d.ownerId)) continue;
      const row = await notificationCreate({
        tx,
        db,
        bus,
        recipientId: d.ownerId,
        type: 'REMINDER_DUE',
        title: `Reminder: ${d.title}`,
        message: `Reminder: ${d.title}`,
        entityType: 'Reminder',
        entityId: d.id,
        clientId: d.linkedEntityType === 'CLIENT' ? d.linkedEntityId : null,
        dueDate: d.remindAt,
        metaInfo: {
          reminderId: d.id,
          remindAt: d.remindAt.toISOString(),
          linkedEntityType: d.linkedEntityType,
          linkedEntityId: d.linkedEntityId,
        },
        // The time is part of the key: a reminder moved to a later time is due again.
        sourceKey: `reminder:${d.id}:${d.remindAt.toISOString()}`,
        createdById: d.createdById,
      });
      if (row) created++;
    }
    await tx
      .update(r)
      .set({ notifiedAt: sql`now()` })
      .where(
        inArray(
          r.id,
          due.map((d) => d.id),
        ),
      );
    return created;
  });
}

/** TASK_DUE_SOON (due within the tenant's window) and TASK_OVERDUE for open tasks with an assignee, once per (task, due date, assignee). */
export async function taskDueSweep({ db, bus, tenant, now }: SweepArgs): Promise<number> {
  const { tasks: t, notifications: n } = db.t;
  const windowDays = tenant.settings.taskDueSoonWindowDays;
  const soon = new Date(now.getTime() + windowDays * 86_400_000);
  const kind = sql<
    'TASK_OVERDUE' | 'TASK_DUE_SOON'
  >`case when ${t.dueDate} <= ${now.toISOString()}::timestamptz then 'TASK_OVERDUE' else 'TASK_DUE_SOON' end`;
  const candidates = await db.orm
    .select({
      id: t.id,
      title: t.title,
      dueDate: t.dueDate,
      assignedToId: t.assignedToId,
      clientId: t.clientId,
      priority: t.priority,
      kind,
    })
    .from(t)
    .where(
      and(
        inArray(t.status, ['PENDING', 'IN_PROGRESS']),
        isNotNull(t.assignedToId),
        lte(t.dueDate, soon),
        sql`not exists (select 1 from ${n} where ${n.entityId} = ${t.id} and ${n.recipientId} = ${t.assignedToId}
          and ${n.type} = ${kind} and ${n.dueDate} = ${t.dueDate})`,
      ),
    )
    .orderBy(asc(t.dueDate))
    .limit(BATCH);
  if (!candidates.length) return 0;
  const active = new Set(
    (await recipientViewers(db.orm, db, tenant, [...new Set(candidates.map((c) => c.assignedToId!))])).map((v) => v.id),
  );
  return inTransaction(db.orm, async (tx) => {
    let created = 0;
    for (const c of candidates) {
      if (!active.has(c.assignedToId!)) continue;
      const overdue = c.kind === 'TASK_OVERDUE';
      const row = await notificationCreate({
        tx,
        db,
        bus,
        recipientId: c.assignedToId!,
        type: c.kind,
        title: `${overdue ? 'Task Overdue' : 'Task Due Soon'}: ${c.title}`,
        message: overdue
          ? `Task "${c.title}" is overdue.`
          : `Task "${c.title}" is due within ${windowDays === 1 ? '1 day' : `${windowDays} days`}.`,
        entityType: 'Task',
        entityId: c.id,
        clientId: c.clientId,
        dueDate: c.dueDate,
        metaInfo: { taskId: c.id, priority: c.priority },
        sourceKey: `${overdue ? 'task-overdue' : 'task-due-soon'}:${c.id}:${c.dueDate.toISOString()}`,
      });
      if (row) created++;
    }
    return created;
  });
}

/** Deletes up to 1000 completed events older than the retention period; FAILED ones and audit records stay. */
export async function retentionSweep({ db, retentionDays }: { db: TenantDb; retentionDays: number }): Promise<number> {
  const e = db.t.events;
  const old = db.orm
    .select({ id: e.id })
    .from(e)
    .where(
      and(
        eq(e.status, 'COMPLETED'),
        lte(e.processedAt, sql`now() - make_interval(secs => ${retentionDays * 86400})`),
        notInArray(e.entityType, [...AUDIT_ENTITY_TYPES]),
      ),
    )
    .limit(1000);
  const rows = await db.orm.delete(e).where(inArray(e.id, old)).returning({ id: e.id });
  return rows.length;
}
