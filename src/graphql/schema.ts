// Assembles the executable schema: SDL modules + resolvers + shield rules on every root field.
import { makeExecutableSchema } from '@graphql-tools/schema';
import { applyMiddleware, type IMiddleware, type IMiddlewareTypeMap } from 'graphql-middleware';
import { DateTimeResolver, JSONResolver, LocalDateResolver } from 'graphql-scalars';
import { DecimalResolver } from './scalars.js';
import type { GraphQLSchema } from 'graphql';
import { permissions } from '../access/permissions.js';
import { MODULES } from '../modules/index.js';
import type { Resolvers } from './generated/resolvers-types.generated.js';
import { typeDefs } from './type-defs.js';
import { enforceListBounds } from './limits/list-bounds.js';

const baseResolvers: Resolvers = {
  DateTime: DateTimeResolver,
  JSON: JSONResolver,
  Date: LocalDateResolver,
  Decimal: DecimalResolver,
  Query: { ping: () => true },
  Mutation: { ping: () => true },
};

/** Every module's resolvers, merged in the modules' order (src/modules/index.ts). */
export const RESOLVERS: readonly Resolvers[] = [baseResolvers, ...MODULES.flatMap((m) => m.resolvers)];

export function buildSchema(): GraphQLSchema {
  const schema = makeExecutableSchema({
    typeDefs: typeDefs(),
    resolvers: [...RESOLVERS],
  });
  // The caps the cost limit counts hold for every response (src/graphql/limits/list-bounds.ts).
  enforceListBounds(schema);
  return applyMiddleware(schema, rootFieldsOnly(schema, permissions.generate(schema)));
}

/**
 * graphql-shield wraps every field of every object type (with its fallback rule where none is
 * given), which costs an async wrapper per field of every row of a list. Our rules live on the
 * root fields only (object-level checks are in services, row scope in SQL), so only those are
 * wrapped.
 */
function rootFieldsOnly(schema: GraphQLSchema, generated: IMiddleware): IMiddlewareTypeMap {
  // The rule-tree form of shield always generates a type map.
  const roots = new Set([schema.getQueryType()?.name, schema.getMutationType()?.name, schema.getSubscriptionType()?.name]);
  return Object.fromEntries(Object.entries(generated as IMiddlewareTypeMap).filter(([type]) => roots.has(type)));
}
