// The one shape of every abuse-limit refusal: BAD_USER_INPUT with the limit's name, its maximum
// and what the request asked for, so a client can tell which knob it hit and by how much.
import type { ASTNode } from 'graphql';
import { AppError } from '../../errors.js';

export type LimitName = 'depth' | 'cost' | 'aliases' | 'batch' | 'body' | 'tokens' | 'response' | 'session';

export function limitError(
  limit: LimitName,
  message: string,
  max: number,
  actual?: number,
  extra: { nodes?: readonly ASTNode[]; status?: number; details?: Record<string, unknown> } = {},
): AppError {
  return new AppError('BAD_USER_INPUT', message, {
    httpStatus: extra.status ?? 400,
    details: { limit, max, ...(actual !== undefined ? { actual } : {}), ...extra.details },
    ...(extra.nodes ? { nodes: extra.nodes } : {}),
  });
}

/** Apollo rewrites the code of every validation-rule error to GRAPHQL_VALIDATION_FAILED; limits keep theirs. */
export function isLimitError(extensions: Record<string, unknown> | undefined): boolean {
  return typeof extensions?.limit === 'string';
}

// graphql-js's parse error for a long document; it spells it "more that" in 16.x, so both spellings.
const TOKEN_LIMIT = /Document contains more tha[nt] (\d+) tokens/;

/** The token limit a parse error reports having hit, or undefined for any other parse error. */
export function tokenLimitOf(message: string): number | undefined {
  const m = TOKEN_LIMIT.exec(message);
  return m ? Number(m[1]) : undefined;
}

/** The refusal of a document longer than `max` lexical tokens (on /graphql and on the stream alike). */
export function tokenLimitError(max: number): AppError {
  return limitError('tokens', `The document has more than ${max} lexical tokens, the limit; send a shorter document`, max);
}
