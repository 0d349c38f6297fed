// Per-request loaders of the agents module: Client.agent and the like batch through agentById.
import { byId, type Scoped } from '../../graphql/loader-kit.js';
import { agentListByIds } from './selectors.js';

export function agentLoaders(need: Scoped) {
  return {
    agentById: byId((ids) => agentListByIds({ ...need(), ids })),
  };
}
