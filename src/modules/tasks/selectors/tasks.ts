// Reads of tasks and their comments, limited in SQL to what the viewer sees (decisions §2): its
// own (assigned or created), a consultant's own-branch pool, and for BRANCH_ADMIN and above the
// tasks whose pool branch or client is in scope (the whole tenant for SUPER_ADMIN, COUNTRY_MANAGER).
import {
  and,
  exists,
  asc,
  eq,
  getTableColumns,
  gte,
  ilike,
  inArray,
  isNotNull,
  isNull,
  lt,
  notInArray,
  or,
  sql,
  type SQL,
} from 'drizzle-orm';
import { seesWholeTenant } from '../../../access/roles.js';
import { branchScope, clientScope } from '../../../access/scope.js';
import type { TenantViewer } from '../../../auth/viewer.js';
import { containsPattern, keysetList, type Connection } from '../../../db/paging.js';
import { rowsWhere, rowWhere } from '../../../db/scoped-rows.js';
import type { Executor, TenantDb } from '../../../db/tenant-db.js';
import { groupBy } from '../../../graphql/loader-kit.js';
import { parseInput, uuid } from '../../shared-validation.js';
import type { FilteredPageArgs, IdsArgs, TenantArgs } from '../../shared-args.js';
import type { TaskCommentModel, TaskModel } from '../models.js';
import { taskFilterInput } from '../validation.js';

export type TaskReadArgs = TenantArgs;

/** BRANCH_ADMIN and above: they see, change and delete the tasks in their scope, not only their own. */
export function managesTasks(viewer: Pick<TenantViewer, 'role'>): boolean {
  return viewer.role !== 'CONSULTANT';
}

/** The tasks `viewer` sees, as one predicate. Also used for other users (mentions) through a stand-in viewer. */
export function taskVisibility(db: TenantDb, viewer: TenantViewer): SQL {
  const t = db.t.tasks;
  if (seesWholeTenant(viewer.role)) return sql`true`;
  const own = or(eq(t.assignedToId, viewer.id), eq(t.createdById, viewer.id))!;
  if (managesTasks(viewer)) {
    const ub = db.t.userBranches;
    return or(
      own,
      and(isNotNull(t.branchId), branchScope(db, viewer, t.branchId)),
      and(isNotNull(t.clientId), clientScope(db, viewer, t.clientId)),
      // A task claimed from a pool (or assigned without a client) stays in view of the assignee's
      // managers; a task about a client is governed by that client's branch alone.
      and(
        isNotNull(t.assignedToId),
        isNull(t.clientId),
        exists(
          db.orm
            .select({ one: sql`1` })
            .from(ub)
            .where(and(sql`${ub.userId} = ${t.assignedToId}`, branchScope(db, viewer, ub.branchId))),
        ),
      ),
    )!;
  }
  if (!viewer.branchIds.length) return own;
  return or(own, and(isNull(t.assignedToId), inArray(t.branchId, [...viewer.branchIds])))!;
}

const OPEN = ['PENDING', 'IN_PROGRESS'] as const;

function overdue(db: TenantDb): SQL {
  const t = db.t.tasks;
  return and(inArray(t.status, [...OPEN]), lt(t.dueDate, sql`now()`))!;
}

function filterWhere(db: TenantDb, viewer: TenantViewer, filter: unknown): SQL | undefined {
  const f = parseInput(taskFilterInput, filter ?? {}, 'filter');
  const t = db.t.tasks;
  return and(
    f.status?.length ? inArray(t.status, f.status) : undefined,
    f.priority?.length ? inArray(t.priority, f.priority) : undefined,
    f.assignedToId ? eq(t.assignedToId, f.assignedToId) : undefined,
    f.assignedToMe ? eq(t.assignedToId, viewer.id) : undefined,
    f.mine ? or(eq(t.assignedToId, viewer.id), eq(t.createdById, viewer.id)) : undefined,
    f.pool === true ? and(isNull(t.assignedToId), isNotNull(t.branchId)) : undefined,
    f.pool === false ? or(isNotNull(t.assignedToId), isNull(t.branchId)) : undefined,
    f.branchId ? eq(t.branchId, f.branchId) : undefined,
    f.clientId ? eq(t.clientId, f.clientId) : undefined,
    f.linkedEntityType ? eq(t.linkedEntityType, f.linkedEntityType) : undefined,
    f.linkedEntityId ? eq(t.linkedEntityId, f.linkedEntityId) : undefined,
    f.overdue === true ? overdue(db) : undefined,
    f.overdue === false ? or(notInArray(t.status, [...OPEN]), gte(t.dueDate, sql`now()`)) : undefined,
    f.dueFrom ? gte(t.dueDate, f.dueFrom) : undefined,
    f.dueTo ? lt(t.dueDate, f.dueTo) : undefined,
    f.search ? ilike(t.title, containsPattern(f.search)) : undefined,
    f.tag ? sql`${t.tags} @> ${JSON.stringify([f.tag])}::jsonb` : undefined,
  );
}

export type TaskListArgs = TaskReadArgs & FilteredPageArgs;

export async function taskList(args: TaskListArgs): Promise<Connection<TaskModel>> {
  const { db, viewer, filter } = args;
  const t = db.t.tasks;
  const where = and(taskVisibility(db, viewer), filterWhere(db, viewer, filter));
  return keysetList({ orm: db.orm, table: t, where, order: [t.dueDate, t.id], page: args });
}

export type TaskGetByIdArgs = TaskReadArgs & { id: unknown; path?: string; ex?: Executor };

/** One visible task; NOT_FOUND otherwise, exactly as for one that does not exist. */
export async function taskGetById({ db, viewer, id, path = 'id', ex = db.orm }: TaskGetByIdArgs): Promise<TaskModel> {
  const taskId = parseInput(uuid, id, path);
  return rowWhere(ex, db.t.tasks, taskId, taskVisibility(db, viewer), 'Task');
}

export type TaskListByIdsArgs = TaskReadArgs & IdsArgs;

/** Visible tasks by id, for the loader behind TaskComment.task. */
export async function taskListByIds({ db, viewer, ids }: TaskListByIdsArgs): Promise<TaskModel[]> {
  return rowsWhere(db.orm, db.t.tasks, ids, taskVisibility(db, viewer));
}

export type TaskCommentListByTaskIdsArgs = TaskReadArgs & IdsArgs;

/** The comments of visible tasks, oldest first, grouped by task. */
export async function taskCommentListByTaskIds({
  db,
  viewer,
  ids,
}: TaskCommentListByTaskIdsArgs): Promise<Map<string, TaskCommentModel[]>> {
  if (!ids.length) return new Map();
  const { taskComments: c, tasks: t } = db.t;
  const rows = await db.orm
    .select(getTableColumns(c))
    .from(c)
    .innerJoin(t, eq(t.id, c.taskId))
    .where(and(inArray(c.taskId, [...ids]), taskVisibility(db, viewer)))
    .orderBy(asc(c.createdAt), asc(c.id));
  return groupBy(rows, (r) => r.taskId);
}
