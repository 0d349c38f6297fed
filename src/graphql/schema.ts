// Assembles the executable schema: SDL modules + resolvers + shield rules on every root field.
import { makeExecutableSchema } from '@graphql-tools/schema';
import { applyMiddleware, type IMiddleware, type IMiddlewareTypeMap } from 'graphql-middleware';
import { DateTimeResolver, JSONResolver, LocalDateResolver } from 'graphql-scalars';
import { DecimalResolver } from './scalars.js';
import type { GraphQLSchema } from 'graphql';
import { permissions } from '../access/permissions.js';
import { authResolvers } from '../modules/auth/resolvers.js';
import { orgResolvers } from '../modules/org/resolvers.js';
import { platformResolvers } from '../modules/platform/resolvers.js';
import { userResolvers } from '../modules/users/resolvers.js';
import { agentResolvers } from '../modules/agents/resolvers.js';
import { calendarResolvers } from '../modules/calendar/resolvers.js';
import { clientResolvers } from '../modules/clients/resolvers.js';
import { clientProfileResolvers } from '../modules/clients/profile-resolvers.js';
import { educationResolvers } from '../modules/education/resolvers.js';
import { reminderResolvers } from '../modules/reminders/resolvers.js';
import { taskResolvers } from '../modules/tasks/resolvers.js';
import { visaResolvers } from '../modules/visas/resolvers.js';
import { notificationResolvers } from '../modules/notifications/resolvers.js';
import { eventResolvers } from '../modules/events/resolvers.js';
import { searchResolvers } from '../modules/search/resolvers.js';
import { settingsResolvers } from '../modules/settings/resolvers.js';
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

/** Every module's resolvers, merged in this order. */
export const RESOLVERS: readonly Resolvers[] = [
  baseResolvers,
  authResolvers,
  platformResolvers,
  orgResolvers,
  userResolvers,
  clientResolvers,
  clientProfileResolvers,
  visaResolvers,
  agentResolvers,
  educationResolvers,
  taskResolvers,
  reminderResolvers,
  calendarResolvers,
  notificationResolvers,
  eventResolvers,
  searchResolvers,
  settingsResolvers,
];

export function buildSchema(): GraphQLSchema {
  const schema = makeExecutableSchema({
    typeDefs: typeDefs(),
    resolvers: RESOLVERS as never,
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
