// GraphQL entry points of the reminders module.
import type { Resolvers } from '../../graphql/generated/resolvers-types.generated.js';

export const reminderResolvers: Resolvers = {};
