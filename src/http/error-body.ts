// The one writer of every error body the HTTP layer sends itself (routes, refusals before or after
// GraphQL, uploads, the stream's refusals): a GraphQL response's `errors`, so a client reads a 404
// route, a 413 body and a refused batch as it reads an error from execution. Every such error is
// an AppError; its status is its own `httpStatus`, else the code's.
import type { Response } from 'express';
import { AppError, type AppErrorExtra, type ErrorCode } from '../errors.js';

export interface ErrorBody {
  errors: [{ message: string; extensions: Record<string, unknown> }];
}

/** The status of a route's answer for each code that has no status of its own; any other is 400. */
const ROUTE_STATUS: Partial<Record<ErrorCode, number>> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  INTERNAL_SERVER_ERROR: 500,
};

/** An error of the HTTP layer itself, answered with `status`. */
export const httpError = (status: number, code: ErrorCode, message: string, extra: AppErrorExtra = {}) =>
  new AppError(code, message, { ...extra, httpStatus: status });

export const internalError = () => httpError(500, 'INTERNAL_SERVER_ERROR', 'Internal server error');

export function httpStatusOf(err: AppError): number {
  const own = (err.extensions.http as { status?: number } | undefined)?.status;
  return own ?? ROUTE_STATUS[err.code] ?? 400;
}

/** The body of an error; `extensions.http` (Apollo's status hint) is never sent. */
export function errorBodyOf(err: AppError): ErrorBody {
  const { http: _h, ...extensions } = err.extensions;
  return { errors: [{ message: err.message, extensions: { ...extensions, code: err.code } }] };
}

/**
 * Answers the request with `err` (anything that is not an AppError is answered as an internal
 * error: log it first): its status, WWW-Authenticate on 401, Retry-After when it says when.
 */
export function sendError(res: Response, err: unknown): void {
  const e = err instanceof AppError ? err : internalError();
  const status = httpStatusOf(e);
  if (status === 401) res.setHeader('www-authenticate', 'Bearer');
  const retryAfter = e.extensions.retryAfterSeconds;
  if (typeof retryAfter === 'number') res.setHeader('retry-after', String(retryAfter));
  res.status(status).json(errorBodyOf(e));
}
