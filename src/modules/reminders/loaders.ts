// Per-request loaders of the reminders module (reminders by id, for fields that point at one).
import { byId, type Scoped } from '../../graphql/loader-kit.js';
import { reminderListByIds } from './selectors.js';

export function reminderLoaders(need: Scoped) {
  return {
    reminderById: byId((ids) => reminderListByIds({ ...need(), ids })),
  };
}
