// Reads what the handlers of one event need to know (client, people's names, the entity's labels)
// in a few statements, once per attempt. Reads go through the processor's handle outside any
// transaction: on the embedded database a read inside another open transaction would deadlock.
import { eq, inArray } from 'drizzle-orm';
import type { SelectResultFields } from 'drizzle-orm/query-builders/select.types';
import type { AnyPgColumn, PgTable, SelectedFields } from 'drizzle-orm/pg-core';
import type { TenantDb } from '../../db/tenant-db.js';
import type { EntityType, EventContext } from '../config.js';

export type EventRow = TenantDb['t']['events']['$inferSelect'];

const idOf = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);

async function userNames(db: TenantDb, ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((i): i is string => i !== null))];
  if (!wanted.length) return new Map();
  const u = db.t.users;
  const rows = await db.orm
    .select({ id: u.id, firstName: u.firstName, lastName: u.lastName, email: u.email })
    .from(u)
    .where(inArray(u.id, wanted));
  return new Map(rows.map((r) => [r.id, `${r.firstName} ${r.lastName}`.trim() || r.email]));
}

/** The row of `table` with this id, as `fields`; undefined when it is gone. */
async function byId<F extends SelectedFields>(
  db: TenantDb,
  table: PgTable & { id: AnyPgColumn },
  id: string,
  fields: F,
): Promise<SelectResultFields<F> | undefined> {
  const [row] = await db.orm.select(fields).from(table).where(eq(table.id, id));
  return row as SelectResultFields<F> | undefined;
}

/**
 * Labels of the entity: the task's title (also of a comment's task), the visa type, the college
 * application's institute, course, type and stages, a language result's exam.
 */
async function entityNames(db: TenantDb, event: EventRow, before: Record<string, unknown>, after: Record<string, unknown>) {
  const names: Record<string, string | null> = {};
  const state = Object.keys(after).length ? after : before;
  if (event.entityType === 'Task') names.taskTitle = (state.title as string | undefined) ?? null;
  if (event.entityType === 'TaskComment' && idOf(state.taskId)) {
    // The task may be gone by now (deleting it deletes its comments): then nobody is notified.
    const t = db.t.tasks;
    const row = await byId(db, t, idOf(state.taskId)!, { title: t.title });
    Object.assign(names, { taskId: idOf(state.taskId), taskTitle: row?.title ?? null });
  }
  if (event.entityType === 'Proficiency' && idOf(state.examId)) {
    const e = db.t.languageExams;
    const row = await byId(db, e, idOf(state.examId)!, { name: e.name });
    names.exam = row?.name ?? null;
  }
  if (event.entityType === 'VisaApplication' && idOf(state.visaTypeId)) {
    const vt = db.t.visaTypes;
    const row = await byId(db, vt, idOf(state.visaTypeId)!, { name: vt.name, code: vt.code });
    names.visaType = row ? (row.code ? `${row.name} (${row.code})` : row.name) : null;
  }
  if (event.entityType === 'CollegeApplication') {
    const { institutes: i, courses: c, applicationTypes: at, applicationStages: s } = db.t;
    const [inst, course, type, stages] = await Promise.all([
      byId(db, i, String(state.instituteId), { name: i.name }),
      byId(db, c, String(state.courseId), { name: c.name }),
      byId(db, at, String(state.applicationTypeId), { title: at.title }),
      db.orm
        .select({ id: s.id, name: s.stageName })
        .from(s)
        .where(
          inArray(
            s.id,
            [idOf(after.stageId), idOf(before.stageId)].filter((x): x is string => x !== null),
          ),
        ),
    ]);
    const stageName = (id: unknown) => stages.find((r) => r.id === id)?.name ?? null;
    Object.assign(names, {
      institute: inst?.name ?? null,
      course: course?.name ?? null,
      applicationType: type?.title ?? null,
      stage: stageName(after.stageId),
      previousStage: stageName(before.stageId),
    });
  }
  return names;
}

export async function buildEventContext(db: TenantDb, event: EventRow): Promise<EventContext> {
  const before = event.previousState;
  const after = event.currentState;
  const entityType = event.entityType as EntityType;
  const clientId = entityType === 'Client' ? event.entityId : (idOf(after.clientId) ?? idOf(before.clientId));
  const c = db.t.clients;
  const [client] = clientId
    ? await db.orm
        .select({ id: c.id, firstName: c.firstName, lastName: c.lastName, branchId: c.branchId, assignedToId: c.assignedToId })
        .from(c)
        .where(eq(c.id, clientId))
    : [];
  const assigneeId = idOf(after.assignedToId);
  const previousAssigneeId = idOf(before.assignedToId);
  const people = await userNames(db, [event.actorId, assigneeId, previousAssigneeId]);
  const person = (id: string | null) => (id ? { id, name: people.get(id) ?? 'Unknown user' } : null);
  return {
    eventId: event.id,
    eventType: event.eventType,
    entityType,
    entityId: event.entityId,
    actorId: event.actorId,
    createdAt: event.createdAt,
    changedFields: event.changedFields,
    before,
    after,
    client: client
      ? {
          id: client.id,
          name: `${client.firstName} ${client.lastName}`.trim() || `Client ${client.id}`,
          branchId: client.branchId,
          assignedToId: client.assignedToId,
        }
      : null,
    assignee: person(assigneeId),
    previousAssignee: person(previousAssigneeId),
    performerName: event.actorId ? (people.get(event.actorId) ?? null) : null,
    names: await entityNames(db, event, before, after),
  };
}
