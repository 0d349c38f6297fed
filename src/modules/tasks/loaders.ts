// Per-request loaders of the tasks module.
import type { Scoped } from '../../graphql/loader-kit.js';

export function taskLoaders(_need: Scoped) {
  return {};
}
