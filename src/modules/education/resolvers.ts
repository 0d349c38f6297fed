// GraphQL entry points of the education module.
import type { Resolvers } from '../../graphql/generated/resolvers-types.generated.js';

export const educationResolvers: Resolvers = {};
