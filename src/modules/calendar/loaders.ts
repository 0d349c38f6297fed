// Per-request loaders of the calendar module.
import type { Scoped } from '../../graphql/loader-kit.js';

export function calendarLoaders(_need: Scoped) {
  return {};
}
