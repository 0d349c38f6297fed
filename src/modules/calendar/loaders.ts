// Per-request loaders of the calendar module (events by id, for fields that point at one).
import { byId, type Scoped } from '../../graphql/loader-kit.js';
import { calendarEventListByIds } from './selectors.js';

export function calendarLoaders(need: Scoped) {
  return {
    calendarEventById: byId((ids) => calendarEventListByIds({ ...need(), ids })),
  };
}
