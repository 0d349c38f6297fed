// The one error family of the API. Every error a client sees carries extensions.code; field errors
// also carry the paths of the offending input fields.
import { GraphQLError, type ASTNode } from 'graphql';
import type { ZodError } from 'zod';

/** Every code the API's own errors carry (Apollo adds its GRAPHQL_* codes, src/http/app.ts). */
export const ERROR_CODES = [
  'BAD_REQUEST',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'CONFLICT',
  'TENANT_NOT_FOUND',
  'TENANT_INACTIVE',
  'RATE_LIMITED',
  'INTERNAL_SERVER_ERROR',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface FieldError {
  path: string;
  message: string;
}

const HTTP_STATUS: Partial<Record<ErrorCode, number>> = {
  TENANT_NOT_FOUND: 404,
  TENANT_INACTIVE: 403,
  RATE_LIMITED: 429,
};

export interface AppErrorExtra {
  fields?: FieldError[];
  retryAfterSeconds?: number;
  /** The response status when this error ends a request by itself (a refusal, a route's error). */
  httpStatus?: number;
  /** More extensions for the client (a limit's name, maximum and actual value). */
  details?: Record<string, unknown>;
  /** Where in the document the error is (limit refusals found by validation). */
  nodes?: readonly ASTNode[];
}

export class AppError extends GraphQLError {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, extra: AppErrorExtra = {}) {
    const status = extra.httpStatus ?? HTTP_STATUS[code];
    super(message, {
      ...(extra.nodes ? { nodes: extra.nodes } : {}),
      extensions: {
        code,
        ...extra.details,
        ...(extra.fields ? { fields: extra.fields } : {}),
        ...(extra.retryAfterSeconds !== undefined ? { retryAfterSeconds: extra.retryAfterSeconds } : {}),
        ...(status ? { http: { status } } : {}),
      },
    });
    this.code = code;
  }
}

export const unauthenticated = (message = 'Authentication required') =>
  new AppError('UNAUTHENTICATED', message, { httpStatus: 401 });
export const forbidden = (message = 'You are not allowed to do this') => new AppError('FORBIDDEN', message);
export const notFound = (what: string) => new AppError('NOT_FOUND', `${what} not found`);
export const conflict = (message: string, path?: string) =>
  new AppError('CONFLICT', message, path ? { fields: [{ path, message }] } : {});
export const badInput = (fields: FieldError[]) =>
  new AppError('BAD_USER_INPUT', fields.map((f) => `${f.path}: ${f.message}`).join('; '), { fields });

export function fromZod(error: ZodError, prefix = 'input'): AppError {
  return badInput(
    error.issues.map((i) => ({ path: [prefix, ...i.path.map(String)].filter(Boolean).join('.'), message: i.message })),
  );
}

/** The PostgreSQL error with this SQLSTATE in `err` or its causes (drizzle wraps the driver's). */
function sqlState(err: unknown, code: string): { constraint: string } | null {
  let e = err as { code?: string; constraint?: string; cause?: unknown } | undefined;
  for (let i = 0; i < 3 && e; i++) {
    if (e.code === code) return { constraint: e.constraint ?? '' };
    e = e.cause as typeof e;
  }
  return null;
}

/** PostgreSQL unique violation (23505), if that is what `err` is. */
export const uniqueViolation = (err: unknown) => sqlState(err, '23505');

/**
 * PostgreSQL foreign key violation (23503), if that is what `err` is: a row referred to is gone
 * (deleted by a concurrent write after the checks), or a row deleted is still referred to.
 */
export const foreignKeyViolation = (err: unknown) => sqlState(err, '23503');

/** PostgreSQL deadlock (40P01): this transaction was the one ended to break a cycle of waits. */
export const deadlockDetected = (err: unknown) => sqlState(err, '40P01');
