// Per-request loaders of the education module.
import type { Scoped } from '../../graphql/loader-kit.js';

export function educationLoaders(_need: Scoped) {
  return {};
}
