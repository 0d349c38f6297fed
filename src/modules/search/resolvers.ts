// GraphQL entry point of the global search, and the union's type resolution.
import type { Resolvers } from '../../graphql/generated/resolvers-types.generated.js';
import { requireTenant } from '../../graphql/guards.js';
import { hitTypename } from './models.js';
import { globalSearch } from './selectors.js';

export const searchResolvers: Resolvers = {
  Query: {
    search: (_p, args, ctx) =>
      globalSearch({ ...requireTenant(ctx), text: args.text, first: args.first, after: args.after, types: args.types }),
  },
  SearchHit: {
    __resolveType: (hit) => hitTypename(hit),
  },
};
