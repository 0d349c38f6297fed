// Refusals where newcomers trip, worded to say what to do instead: a subscription sent to /graphql
// (Postman, Apollo Sandbox) and introspection on a server that has it off.
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, type ValidationRule } from 'graphql';
import { AppError } from '../errors.js';

/** Subscriptions are served at /graphql/stream only; on /graphql they would run as a broken query. */
export function subscriptionsOnStreamOnly<T extends object>(): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation }) {
          if (operation?.operation !== 'subscription') return;
          throw new AppError(
            'BAD_REQUEST',
            'Subscriptions are not served on /graphql: open /graphql/stream instead (Server-Sent Events, the graphql-sse protocol) with Accept: text/event-stream, Authorization: Bearer <token> and X-Tenant',
            { httpStatus: 400 },
          );
        },
      };
    },
  };
}

/** Apollo's own refusal tells the reader to pass an option to ApolloServer; ours names the setting. */
export const noIntrospection: ValidationRule = (context) => ({
  Field(node) {
    if (node.name.value !== '__schema' && node.name.value !== '__type') return;
    context.reportError(
      new GraphQLError(
        'Introspection (__schema, __type) is off on this server: the INTROSPECTION setting turns it on (it is on by default outside production)',
        { nodes: [node], extensions: { validationErrorCode: 'INTROSPECTION_DISABLED' } },
      ),
    );
  },
});
