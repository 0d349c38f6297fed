// Per-request loaders of clients and their parts.
import { byId, type Scoped } from '../../graphql/loader-kit.js';
import { clientListByIds } from './scope.js';

export function clientLoaders(need: Scoped) {
  return {
    clientById: byId((ids) => clientListByIds({ ...need(), ids })),
  };
}
