// Writes of tasks: create, change, complete, cancel, claim, delete and comment. Each loads its
// target through the scoped selector (NOT_FOUND out of scope), then checks the object-level right
// (FORBIDDEN), then writes in one transaction.
import { and, eq, isNull } from 'drizzle-orm';
import { assertCan } from '../../access/can.js';
import { branchScope } from '../../access/scope.js';
import type { TenantViewer } from '../../auth/viewer.js';
import { inTransaction, type TenantDb } from '../../db/tenant-db.js';
import { recordEvents } from '../../events/outbox.js';
import { conflict, forbidden } from '../../errors.js';
import { assertAssignable } from '../users/index.js';
import { parseInput } from '../shared-validation.js';
import type { TenantArgs } from '../shared-args.js';
import { created, givenFields, insertRecorded, updateRecorded } from '../shared-writes.js';
import { assertBranchInScope, linkResolve, type LinkTarget } from './selectors/links.js';
import { assertMentionable } from './selectors/mentions.js';
import type { TaskCommentModel, TaskModel } from './models.js';
import { managesTasks, taskGetById } from './selectors/tasks.js';
import { addTaskCommentInput, createTaskInput, updateTaskInput } from './validation.js';

export type TaskWriteArgs = TenantArgs;

/** Assignee, creator and assigner work on their task; BRANCH_ADMIN and above on any task they see. */
function assertMayChange(viewer: TenantViewer, task: TaskModel): void {
  const involved = [task.assignedToId, task.createdById, task.assignedById].includes(viewer.id);
  if (!involved && !managesTasks(viewer))
    throw forbidden('Only its assignee, its creator or a BRANCH_ADMIN and above may change this task');
}

/** The link an input asks for: `clientId` is shorthand for a CLIENT link. Undefined: no change; null: no link. */
async function linkFor(
  db: TenantDb,
  viewer: TenantViewer,
  v: { clientId?: string | null; linkedEntityType?: LinkTarget['linkedEntityType'] | null; linkedEntityId?: string | null },
): Promise<LinkTarget | null | undefined> {
  if (v.clientId) return linkResolve({ db, viewer, type: 'CLIENT', id: v.clientId, path: 'input.clientId' });
  if (v.linkedEntityType && v.linkedEntityId)
    return linkResolve({ db, viewer, type: v.linkedEntityType, id: v.linkedEntityId, path: 'input.linkedEntityId' });
  if (v.clientId === null || v.linkedEntityType === null) return null;
  return undefined;
}

const NO_LINK = { linkedEntityType: null, linkedEntityId: null, clientId: null };

export type TaskCreateArgs = TaskWriteArgs & { input: unknown };

export async function taskCreate({ db, viewer, input }: TaskCreateArgs): Promise<TaskModel> {
  assertCan(viewer, 'task:create');
  const v = parseInput(createTaskInput, input);
  if (v.assignedToId) await assertAssignable({ db, viewer, userId: v.assignedToId, path: 'input.assignedToId' });
  if (v.branchId) await assertBranchInScope({ db, viewer, branchId: v.branchId, path: 'input.branchId' });
  const link = (await linkFor(db, viewer, v)) ?? NO_LINK;
  return inTransaction(db.orm, (tx) =>
    insertRecorded(tx, db, viewer, 'Task', db.t.tasks, {
      title: v.title,
      detail: v.detail,
      priority: v.priority,
      dueDate: v.dueDate,
      assignedToId: v.assignedToId ?? null,
      branchId: v.branchId ?? null,
      assignedById: v.assignedToId || v.branchId ? viewer.id : null,
      tags: v.tags,
      ...link,
      ...created(viewer),
    }),
  );
}

export type TaskUpdateArgs = TaskWriteArgs & { id: string; input: unknown };

export async function taskUpdate({ db, viewer, id, input }: TaskUpdateArgs): Promise<TaskModel> {
  const task = await taskGetById({ db, viewer, id });
  assertCan(viewer, 'task:update');
  assertMayChange(viewer, task);
  const v = parseInput(updateTaskInput, input);
  const set: Partial<typeof db.t.tasks.$inferInsert> = {
    updatedById: viewer.id,
    ...givenFields(v, ['title', 'detail', 'priority', 'dueDate', 'tags']),
  };
  if (v.status !== undefined && v.status !== task.status) {
    set.status = v.status;
    set.completedAt = v.status === 'COMPLETED' ? new Date() : null;
  }
  // Assigning a user empties the pool and vice versa (the table's CHECK keeps them exclusive).
  if (v.assignedToId) {
    if (v.assignedToId !== task.assignedToId)
      await assertAssignable({ db, viewer, userId: v.assignedToId, path: 'input.assignedToId' });
    Object.assign(set, { assignedToId: v.assignedToId, branchId: null, assignedById: viewer.id });
  } else if (v.branchId) {
    if (v.branchId !== task.branchId) await assertBranchInScope({ db, viewer, branchId: v.branchId, path: 'input.branchId' });
    Object.assign(set, { branchId: v.branchId, assignedToId: null, assignedById: viewer.id });
  } else {
    if (v.assignedToId === null) set.assignedToId = null;
    if (v.branchId === null) set.branchId = null;
  }
  const link = await linkFor(db, viewer, v);
  if (link !== undefined) Object.assign(set, link ?? NO_LINK);
  return taskWrite(db, viewer, task, set);
}

/** The change and its events (assignee, status) in one transaction. */
async function taskWrite(db: TenantDb, viewer: TenantViewer, task: TaskModel, set: Partial<TaskModel>): Promise<TaskModel> {
  return inTransaction(db.orm, (tx) => updateRecorded(tx, db, viewer, 'Task', db.t.tasks, task, set, 'Task'));
}

export type TaskCompleteArgs = TaskWriteArgs & { id: string };

export async function taskComplete({ db, viewer, id }: TaskCompleteArgs): Promise<TaskModel> {
  const task = await taskGetById({ db, viewer, id });
  assertCan(viewer, 'task:update');
  assertMayChange(viewer, task);
  if (task.status === 'COMPLETED') return task;
  return taskWrite(db, viewer, task, { status: 'COMPLETED', completedAt: new Date(), updatedById: viewer.id });
}

export type TaskCancelArgs = TaskWriteArgs & { id: string };

export async function taskCancel({ db, viewer, id }: TaskCancelArgs): Promise<TaskModel> {
  const task = await taskGetById({ db, viewer, id });
  assertCan(viewer, 'task:update');
  assertMayChange(viewer, task);
  if (task.status === 'COMPLETED') throw conflict('A completed task cannot be cancelled');
  if (task.status === 'CANCELLED') return task;
  return taskWrite(db, viewer, task, { status: 'CANCELLED', completedAt: null, updatedById: viewer.id });
}

export type TaskClaimArgs = TaskWriteArgs & { id: string };

/** Claiming is assigning to oneself: a pool of one's own branches, or for a manager any pool in scope. */
export async function taskClaim({ db, viewer, id }: TaskClaimArgs): Promise<TaskModel> {
  const task = await taskGetById({ db, viewer, id });
  assertCan(viewer, 'task:update');
  if (task.assignedToId || !task.branchId) throw conflict('Only an unassigned task in a branch pool can be claimed');
  const own = viewer.branchIds.includes(task.branchId);
  if (!own) {
    const b = db.t.branches;
    const [inScope] = managesTasks(viewer)
      ? await db.orm
          .select({ id: b.id })
          .from(b)
          .where(and(eq(b.id, task.branchId), branchScope(db, viewer, b.id)))
      : [];
    if (!inScope) throw forbidden("You may only claim tasks from your own branches' pools");
  }
  const t = db.t.tasks;
  // Conditional on still being in the pool, so two simultaneous claims cannot both win.
  const row = await inTransaction(db.orm, async (tx) => {
    const [claimed] = await tx
      .update(t)
      .set({ assignedToId: viewer.id, branchId: null, assignedById: task.assignedById ?? viewer.id, updatedById: viewer.id })
      .where(and(eq(t.id, task.id), isNull(t.assignedToId), eq(t.branchId, task.branchId!)))
      .returning();
    if (claimed) await recordEvents(tx, db, { entity: 'Task', id: task.id, before: task, after: claimed, actorId: viewer.id });
    return claimed;
  });
  if (!row) throw conflict('Someone claimed this task first');
  return row;
}

export type TaskDeleteArgs = TaskWriteArgs & { id: string };

export async function taskDelete({ db, viewer, id }: TaskDeleteArgs): Promise<boolean> {
  const task = await taskGetById({ db, viewer, id });
  assertCan(viewer, 'task:delete');
  if (task.createdById !== viewer.id && !managesTasks(viewer))
    throw forbidden('Only its creator or a BRANCH_ADMIN and above may delete this task');
  const t = db.t.tasks;
  await inTransaction(db.orm, (tx) => tx.delete(t).where(eq(t.id, task.id)));
  return true;
}

export type TaskCommentAddArgs = TaskWriteArgs & { taskId: string; input: unknown };

export async function taskCommentAdd({ db, viewer, taskId, input }: TaskCommentAddArgs): Promise<TaskCommentModel> {
  const task = await taskGetById({ db, viewer, id: taskId, path: 'taskId' });
  assertCan(viewer, 'task:update');
  const v = parseInput(addTaskCommentInput, input);
  await assertMentionable({ db, viewer, task, userIds: v.mentionedUserIds });
  const { tasks: t, taskComments: c } = db.t;
  return inTransaction(db.orm, async (tx) => {
    await tx.update(t).set({ updatedById: viewer.id }).where(eq(t.id, task.id));
    // Its mentions become TASK_MENTIONED notifications, for whoever still sees the task then.
    return insertRecorded(tx, db, viewer, 'TaskComment', c, {
      taskId: task.id,
      authorId: viewer.id,
      text: v.text,
      mentionedUserIds: v.mentionedUserIds,
    });
  });
}
