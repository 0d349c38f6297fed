// GraphQL entry points of the calendar module.
import type { Resolvers } from '../../graphql/generated/resolvers-types.generated.js';

export const calendarResolvers: Resolvers = {};
