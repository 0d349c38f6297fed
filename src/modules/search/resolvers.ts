// GraphQL entry point of the global search, and the union's type resolution.
import type { Resolvers } from '../../graphql/generated/resolvers-types.generated.js';
import { tenantField } from '../../graphql/guards.js';
import { hitTypename } from './models.js';
import { globalSearch } from './selectors.js';

export const searchResolvers: Resolvers = {
  Query: {
    search: tenantField(globalSearch),
  },
  SearchHit: {
    __resolveType: (hit) => hitTypename(hit),
  },
};
