// GraphQL entry points of the events module.
import type { Resolvers } from '../../graphql/generated/resolvers-types.generated.js';

export const eventResolvers: Resolvers = {};
