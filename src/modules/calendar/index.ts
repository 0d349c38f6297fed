// The calendar module: calendar events and team calendars.
// What the server takes from it: src/modules/index.ts lists the modules.
// What other modules and the rest of src/ use of this module (they import nothing else of it).
export { entryDelete, entryInsert, entryUpdate } from './services/entries.js';
export { assertMayChangeEntry, assertOwnerAllowed, teamVisibility } from './selectors/team.js';
import { defineModule } from '../module.js';
import { calendarLoaders } from './loaders.js';
import { calendarResolvers } from './resolvers.js';
import { calendarRules } from './rules.js';

export type * from './models.js';

export const calendarModule = defineModule({
  name: 'calendar',
  typeDefs: ['calendar.graphql'],
  resolvers: [calendarResolvers],
  rules: calendarRules,
  loaders: calendarLoaders,
});
