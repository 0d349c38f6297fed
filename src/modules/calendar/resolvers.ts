// GraphQL entry points of calendar events.
import type { Resolvers } from '../../graphql/generated/resolvers-types.generated.js';
import { tenantField, userRef } from '../../graphql/guards.js';
import { calendarEventGetById, calendarEventList } from './selectors/calendar-events.js';
import { calendarEventCreate, calendarEventDelete, calendarEventUpdate } from './services/calendar-events.js';

export const calendarResolvers: Resolvers = {
  Query: {
    calendarEvents: tenantField(calendarEventList),
    calendarEvent: tenantField(calendarEventGetById),
  },
  Mutation: {
    createCalendarEvent: tenantField(calendarEventCreate),
    updateCalendarEvent: tenantField(calendarEventUpdate),
    deleteCalendarEvent: tenantField(calendarEventDelete),
  },
  CalendarEvent: {
    durationMinutes: (e) => Math.floor((e.endsAt.getTime() - e.startsAt.getTime()) / 60_000),
    isPast: (e) => e.endsAt.getTime() < Date.now(),
    isOngoing: (e) => e.startsAt.getTime() <= Date.now() && Date.now() <= e.endsAt.getTime(),
    isUpcoming: (e) => e.startsAt.getTime() > Date.now(),
    assignedTo: userRef('assignedToId'),
    createdBy: userRef('createdById'),
    updatedBy: userRef('updatedById'),
    branch: (e, _a, ctx) => (e.branchId ? ctx.loaders.branchById.load(e.branchId) : null),
  },
};
