// GraphQL entry points of the tasks module.
import type { Resolvers } from '../../graphql/generated/resolvers-types.generated.js';

export const taskResolvers: Resolvers = {};
