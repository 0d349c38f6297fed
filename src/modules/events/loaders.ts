// Per-request loaders of the events module.
import type { Scoped } from '../../graphql/loader-kit.js';

export function eventLoaders(_need: Scoped) {
  return {};
}
