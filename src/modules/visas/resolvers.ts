// GraphQL entry points of the visas module.
import type { Resolvers } from '../../graphql/generated/resolvers-types.generated.js';

export const visaResolvers: Resolvers = {};
