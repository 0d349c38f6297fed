// GraphQL entry points of the notifications module.
import type { Resolvers } from '../../graphql/generated/resolvers-types.generated.js';

export const notificationResolvers: Resolvers = {};
