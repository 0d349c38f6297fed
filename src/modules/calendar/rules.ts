// Shield rules of the calendar module's root fields (merged into src/access/permissions.ts).
// Reading needs no action: everyone has their own calendar; the selector decides whose else.
import { isTenantUser, may, type ModuleRules } from '../../access/rules.js';

export const calendarRules: ModuleRules = {
  Query: {
    calendarEvents: isTenantUser,
    calendarEvent: isTenantUser,
  },
  Mutation: {
    createCalendarEvent: may('calendar:write'),
    updateCalendarEvent: may('calendar:write'),
    deleteCalendarEvent: may('calendar:write'),
  },
};
