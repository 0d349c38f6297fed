// GraphQL entry points of reminders.
import type { Resolvers } from '../../graphql/generated/resolvers-types.generated.js';
import { requireTenant } from '../../graphql/guards.js';
import { reminderGetById, reminderList } from './selectors.js';
import { reminderComplete, reminderCreate, reminderDelete, reminderUpdate } from './services.js';

export const reminderResolvers: Resolvers = {
  Query: {
    reminders: (_p, args, ctx) =>
      reminderList({ ...requireTenant(ctx), first: args.first, after: args.after, filter: args.filter }),
    reminder: (_p, { id }, ctx) => reminderGetById({ ...requireTenant(ctx), id }),
  },
  Mutation: {
    createReminder: (_p, { input }, ctx) => reminderCreate({ ...requireTenant(ctx), input }),
    updateReminder: (_p, { id, input }, ctx) => reminderUpdate({ ...requireTenant(ctx), id, input }),
    completeReminder: (_p, { id }, ctx) => reminderComplete({ ...requireTenant(ctx), id }),
    deleteReminder: (_p, { id }, ctx) => reminderDelete({ ...requireTenant(ctx), id }),
  },
  Reminder: {
    isDue: (r) => !r.isCompleted && r.remindAt.getTime() <= Date.now(),
    client: (r, _a, ctx) =>
      r.linkedEntityType === 'CLIENT' && r.linkedEntityId ? ctx.loaders.clientById.load(r.linkedEntityId) : null,
    owner: (r, _a, ctx) => ctx.loaders.userById.load(r.ownerId),
    createdBy: (r, _a, ctx) => (r.createdById ? ctx.loaders.userById.load(r.createdById) : null),
    updatedBy: (r, _a, ctx) => (r.updatedById ? ctx.loaders.userById.load(r.updatedById) : null),
  },
};
