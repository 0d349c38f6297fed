// Per-request loaders of the notifications module.
import type { Scoped } from '../../graphql/loader-kit.js';

export function notificationLoaders(_need: Scoped) {
  return {};
}
