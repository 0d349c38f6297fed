// Per-request loaders of the calendar module (events by id, for fields that point at one).
import type { Scoped } from '../../graphql/loader-kit.js';
import { batchLoaders } from '../shared-loaders.js';
import { calendarEventListByIds } from './selectors/calendar-events.js';

export function calendarLoaders(need: Scoped) {
  return {
    calendarEventById: batchLoaders(need).rowById(calendarEventListByIds),
  };
}
