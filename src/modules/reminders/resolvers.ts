// GraphQL entry points of reminders.
import type { Resolvers } from '../../graphql/generated/resolvers-types.generated.js';
import { tenantField, userRef } from '../../graphql/guards.js';
import { reminderGetById, reminderList } from './selectors.js';
import { reminderComplete, reminderCreate, reminderDelete, reminderUpdate } from './services.js';

export const reminderResolvers: Resolvers = {
  Query: {
    reminders: tenantField(reminderList),
    reminder: tenantField(reminderGetById),
  },
  Mutation: {
    createReminder: tenantField(reminderCreate),
    updateReminder: tenantField(reminderUpdate),
    completeReminder: tenantField(reminderComplete),
    deleteReminder: tenantField(reminderDelete),
  },
  Reminder: {
    isDue: (r) => !r.isCompleted && r.remindAt.getTime() <= Date.now(),
    client: (r, _a, ctx) =>
      r.linkedEntityType === 'CLIENT' && r.linkedEntityId ? ctx.loaders.clientById.load(r.linkedEntityId) : null,
    owner: (r, _a, ctx) => ctx.loaders.userById.load(r.ownerId),
    createdBy: userRef('createdById'),
    updatedBy: userRef('updatedById'),
  },
};
