// The one shape of every error body the HTTP layer writes itself (routes, refusals before or
// after GraphQL, the stream's refusals): a GraphQL response's `errors`, so a client reads a 404
// route, a 413 body and a refused batch as it reads an error from execution.
import type { GraphQLError } from 'graphql';

export interface ErrorBody {
  errors: [{ message: string; extensions: Record<string, unknown> }];
}

/** One error with `code`; `extensions.http` (Apollo's status hint) is never sent. */
export function errorBody(code: string, message: string, extensions: Record<string, unknown> = {}): ErrorBody {
  const { http: _h, ...rest } = extensions;
  return { errors: [{ message, extensions: { ...rest, code } }] };
}

/** The body of an error made by our code (a limit refusal, an AppError). */
export function errorBodyOf(err: GraphQLError): ErrorBody {
  return errorBody(String(err.extensions.code), err.message, err.extensions);
}
