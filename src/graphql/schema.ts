// Assembles the executable schema: SDL modules + resolvers + shield rules on every root field.
import { makeExecutableSchema } from '@graphql-tools/schema';
import { applyMiddleware } from 'graphql-middleware';
import { DateTimeResolver, JSONResolver } from 'graphql-scalars';
import type { GraphQLSchema } from 'graphql';
import { permissions } from '../access/permissions.js';
import { authResolvers } from '../modules/auth/resolvers.js';
import { orgResolvers } from '../modules/org/resolvers.js';
import { platformResolvers } from '../modules/platform/resolvers.js';
import { userResolvers } from '../modules/users/resolvers.js';
import type { Resolvers } from './generated/resolvers-types.generated.js';
import { typeDefs } from './type-defs.js';

const baseResolvers: Resolvers = {
  DateTime: DateTimeResolver,
  JSON: JSONResolver,
  Query: { ping: () => true },
  Mutation: { ping: () => true },
};

export function buildSchema(): GraphQLSchema {
  const schema = makeExecutableSchema({
    typeDefs: typeDefs(),
    resolvers: [baseResolvers, authResolvers, platformResolvers, orgResolvers, userResolvers] as never,
  });
  return applyMiddleware(schema, permissions);
}
