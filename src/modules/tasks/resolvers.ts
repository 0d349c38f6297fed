// GraphQL entry points of tasks and task comments.
import type { Resolvers } from '../../graphql/generated/resolvers-types.generated.js';
import { requireTenant } from '../../graphql/guards.js';
import { loadPresent } from '../../graphql/loader-kit.js';
import { taskGetById, taskList } from './selectors.js';
import { taskCancel, taskClaim, taskCommentAdd, taskComplete, taskCreate, taskDelete, taskUpdate } from './services.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const OPEN = new Set(['PENDING', 'IN_PROGRESS']);

export const taskResolvers: Resolvers = {
  Query: {
    tasks: (_p, args, ctx) => taskList({ ...requireTenant(ctx), first: args.first, after: args.after, filter: args.filter }),
    task: (_p, { id }, ctx) => taskGetById({ ...requireTenant(ctx), id }),
  },
  Mutation: {
    createTask: (_p, { input }, ctx) => taskCreate({ ...requireTenant(ctx), input }),
    updateTask: (_p, { id, input }, ctx) => taskUpdate({ ...requireTenant(ctx), id, input }),
    deleteTask: (_p, { id }, ctx) => taskDelete({ ...requireTenant(ctx), id }),
    completeTask: (_p, { id }, ctx) => taskComplete({ ...requireTenant(ctx), id }),
    cancelTask: (_p, { id }, ctx) => taskCancel({ ...requireTenant(ctx), id }),
    claimTask: (_p, { id }, ctx) => taskClaim({ ...requireTenant(ctx), id }),
    addTaskComment: (_p, { taskId, input }, ctx) => taskCommentAdd({ ...requireTenant(ctx), taskId, input }),
  },
  Task: {
    isOverdue: (t) => OPEN.has(t.status) && t.dueDate.getTime() < Date.now(),
    daysUntilDue: (t) => Math.trunc((t.dueDate.getTime() - Date.now()) / DAY_MS) || 0,
    isPoolTask: (t) => t.assignedToId === null && t.branchId !== null,
    assignedTo: (t, _a, ctx) => (t.assignedToId ? ctx.loaders.userById.load(t.assignedToId) : null),
    assignedBy: (t, _a, ctx) => (t.assignedById ? ctx.loaders.userById.load(t.assignedById) : null),
    createdBy: (t, _a, ctx) => (t.createdById ? ctx.loaders.userById.load(t.createdById) : null),
    updatedBy: (t, _a, ctx) => (t.updatedById ? ctx.loaders.userById.load(t.updatedById) : null),
    branch: (t, _a, ctx) => (t.branchId ? ctx.loaders.branchById.load(t.branchId) : null),
    client: (t, _a, ctx) => (t.clientId ? ctx.loaders.clientById.load(t.clientId) : null),
    comments: (t, _a, ctx) => ctx.loaders.taskCommentsByTaskId.load(t.id),
  },
  TaskComment: {
    task: async (c, _a, ctx) => {
      const task = await ctx.loaders.taskById.load(c.taskId);
      if (!task) throw new Error(`comment ${c.id} has no visible task`);
      return task;
    },
    author: (c, _a, ctx) => (c.authorId ? ctx.loaders.userById.load(c.authorId) : null),
    mentionedUsers: (c, _a, ctx) => loadPresent(ctx.loaders.userById, c.mentionedUserIds),
  },
};
