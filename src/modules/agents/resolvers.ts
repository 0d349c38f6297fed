// GraphQL entry points of the agents module.
import type { Resolvers } from '../../graphql/generated/resolvers-types.generated.js';

export const agentResolvers: Resolvers = {};
