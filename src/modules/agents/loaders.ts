// Per-request loaders of the agents module: Client.agent and the like batch through agentById.
import type { Scoped } from '../../graphql/loader-kit.js';
import { batchLoaders } from '../shared-loaders.js';
import { agentListByIds } from './selectors.js';

export function agentLoaders(need: Scoped) {
  return {
    agentById: batchLoaders(need).rowById(agentListByIds),
  };
}
