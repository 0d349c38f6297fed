// Per-request loaders of the reminders module (reminders by id, for fields that point at one).
import type { Scoped } from '../../graphql/loader-kit.js';
import { batchLoaders } from '../shared-loaders.js';
import { reminderListByIds } from './selectors.js';

export function reminderLoaders(need: Scoped) {
  return {
    reminderById: batchLoaders(need).rowById(reminderListByIds),
  };
}
