// Per-request loaders of the reminders module.
import type { Scoped } from '../../graphql/loader-kit.js';

export function reminderLoaders(_need: Scoped) {
  return {};
}
