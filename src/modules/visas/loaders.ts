// Per-request loaders of the visas module.
import type { Scoped } from '../../graphql/loader-kit.js';

export function visaLoaders(_need: Scoped) {
  return {};
}
