// GraphQL entry points of tasks and task comments.
import type { Resolvers } from '../../graphql/generated/resolvers-types.generated.js';
import { byParentId, required, tenantField, userRef } from '../../graphql/guards.js';
import { loadPresent } from '../../graphql/loader-kit.js';
import { taskGetById, taskList } from './selectors/tasks.js';
import { taskCancel, taskClaim, taskCommentAdd, taskComplete, taskCreate, taskDelete, taskUpdate } from './services.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const OPEN = new Set(['PENDING', 'IN_PROGRESS']);

export const taskResolvers: Resolvers = {
  Query: {
    tasks: tenantField(taskList),
    task: tenantField(taskGetById),
  },
  Mutation: {
    createTask: tenantField(taskCreate),
    updateTask: tenantField(taskUpdate),
    deleteTask: tenantField(taskDelete),
    completeTask: tenantField(taskComplete),
    cancelTask: tenantField(taskCancel),
    claimTask: tenantField(taskClaim),
    addTaskComment: tenantField(taskCommentAdd),
  },
  Task: {
    isOverdue: (t) => OPEN.has(t.status) && t.dueDate.getTime() < Date.now(),
    daysUntilDue: (t) => Math.trunc((t.dueDate.getTime() - Date.now()) / DAY_MS) || 0,
    isPoolTask: (t) => t.assignedToId === null && t.branchId !== null,
    assignedTo: userRef('assignedToId'),
    assignedBy: userRef('assignedById'),
    createdBy: userRef('createdById'),
    updatedBy: userRef('updatedById'),
    branch: (t, _a, ctx) => (t.branchId ? ctx.loaders.branchById.load(t.branchId) : null),
    client: (t, _a, ctx) => (t.clientId ? ctx.loaders.clientById.load(t.clientId) : null),
    comments: byParentId((l) => l.taskCommentsByTaskId),
  },
  TaskComment: {
    task: (c, _a, ctx) => required(ctx.loaders.taskById.load(c.taskId), `comment ${c.id} has no visible task`),
    author: userRef('authorId'),
    mentionedUsers: (c, _a, ctx) => loadPresent(ctx.loaders.userById, c.mentionedUserIds),
  },
};
