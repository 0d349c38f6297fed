// Per-request loaders of the agents module.
import type { Scoped } from '../../graphql/loader-kit.js';

export function agentLoaders(_need: Scoped) {
  return {};
}
