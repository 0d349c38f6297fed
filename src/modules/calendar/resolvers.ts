// GraphQL entry points of calendar events.
import type { Resolvers } from '../../graphql/generated/resolvers-types.generated.js';
import { requireTenant } from '../../graphql/guards.js';
import { calendarEventGetById, calendarEventList } from './selectors.js';
import { calendarEventCreate, calendarEventDelete, calendarEventUpdate } from './services.js';

export const calendarResolvers: Resolvers = {
  Query: {
    calendarEvents: (_p, args, ctx) => calendarEventList({ ...requireTenant(ctx), ...args }),
    calendarEvent: (_p, { id }, ctx) => calendarEventGetById({ ...requireTenant(ctx), id }),
  },
  Mutation: {
    createCalendarEvent: (_p, { input }, ctx) => calendarEventCreate({ ...requireTenant(ctx), input }),
    updateCalendarEvent: (_p, { id, input }, ctx) => calendarEventUpdate({ ...requireTenant(ctx), id, input }),
    deleteCalendarEvent: (_p, { id }, ctx) => calendarEventDelete({ ...requireTenant(ctx), id }),
  },
  CalendarEvent: {
    durationMinutes: (e) => Math.floor((e.endsAt.getTime() - e.startsAt.getTime()) / 60_000),
    isPast: (e) => e.endsAt.getTime() < Date.now(),
    isOngoing: (e) => e.startsAt.getTime() <= Date.now() && Date.now() <= e.endsAt.getTime(),
    isUpcoming: (e) => e.startsAt.getTime() > Date.now(),
    assignedTo: (e, _a, ctx) => (e.assignedToId ? ctx.loaders.userById.load(e.assignedToId) : null),
    createdBy: (e, _a, ctx) => (e.createdById ? ctx.loaders.userById.load(e.createdById) : null),
    updatedBy: (e, _a, ctx) => (e.updatedById ? ctx.loaders.userById.load(e.updatedById) : null),
    branch: (e, _a, ctx) => (e.branchId ? ctx.loaders.branchById.load(e.branchId) : null),
  },
};
