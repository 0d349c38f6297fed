// Wire details of the subscription stream: event frames and the error shape, kept identical to
// /graphql's (the same codes; no internals outside development).
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { ExecutionResult } from 'graphql-sse';
import { AppError } from '../errors.js';
import type { Runtime } from '../runtime.js';

/** One graphql-sse event (distinct connections mode: no operation id). */
export function frame(event: 'next' | 'complete', data: unknown): string {
  return `event: ${event}\ndata:${data === null ? '' : ` ${JSON.stringify(data)}`}\n\n`;
}

function formatOne(runtime: Runtime, error: GraphQLError | GraphQLFormattedError): GraphQLFormattedError {
  const formatted = error instanceof GraphQLError ? error.toJSON() : error;
  const original = error instanceof GraphQLError ? error.originalError : undefined;
  const { http: _h, stacktrace: _s, ...extensions } = formatted.extensions ?? {};
  if (error instanceof AppError || original instanceof AppError || (original === undefined && extensions.code)) {
    return { ...formatted, extensions };
  }
  // No original error and no code: a validation error of the document.
  if (original === undefined) return { ...formatted, extensions: { ...extensions, code: 'GRAPHQL_VALIDATION_FAILED' } };
  runtime.log.error({ err: original, path: formatted.path }, 'unexpected error in a subscription');
  if (runtime.config.isDevelopment) return { ...formatted, extensions };
  return {
    message: 'Internal server error',
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}

/** The result with its errors formatted like /graphql's; the result itself when it has none. */
export function formatStreamErrors(
  runtime: Runtime,
  result: ExecutionResult | { errors: readonly GraphQLError[] },
): ExecutionResult {
  const r = result as ExecutionResult & { errors?: readonly (GraphQLError | GraphQLFormattedError)[] };
  if (!r.errors?.length) return r;
  return { ...r, errors: r.errors.map((e) => formatOne(runtime, e)) } as unknown as ExecutionResult;
}
