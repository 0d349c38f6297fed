// The one error boundary of the HTTP layer: every refusal is an AppError, and one function writes
// its status, its headers and its body.
import { describe, expect, it } from 'vitest';
import type { Response } from 'express';
import { AppError, forbidden, notFound, unauthenticated } from '../../src/errors.js';
import { limitError, tokenLimitError } from '../../src/graphql/limits/index.js';
import { DecimalResolver } from '../../src/graphql/scalars.js';
import { errorBodyOf, httpError, httpStatusOf, sendError } from '../../src/http/error-body.js';

/** The parts of an express response sendError touches. */
function fakeResponse() {
  const sent = { status: 0, headers: {} as Record<string, string>, body: undefined as unknown };
  const res = {
    setHeader(name: string, value: string) {
      sent.headers[name] = value;
      return res;
    },
    status(code: number) {
      sent.status = code;
      return res;
    },
    json(body: unknown) {
      sent.body = body;
      return res;
    },
  };
  return { res: res as unknown as Response, sent };
}

describe('the HTTP error boundary', () => {
  it('gives a route error its own status, else its code’s, else 400', () => {
    expect(httpStatusOf(unauthenticated())).toBe(401);
    expect(httpStatusOf(forbidden())).toBe(403);
    expect(httpStatusOf(notFound('Client'))).toBe(404);
    expect(httpStatusOf(new AppError('TENANT_NOT_FOUND', 'x'))).toBe(404);
    expect(httpStatusOf(new AppError('RATE_LIMITED', 'x'))).toBe(429);
    expect(httpStatusOf(new AppError('INTERNAL_SERVER_ERROR', 'x'))).toBe(500);
    expect(httpStatusOf(new AppError('CONFLICT', 'x'))).toBe(400);
    expect(httpStatusOf(httpError(415, 'BAD_REQUEST', 'x'))).toBe(415);
  });

  it('writes the body with the code and extensions, never the status hint, and the headers the status needs', () => {
    const { res, sent } = fakeResponse();
    sendError(res, unauthenticated());
    expect(sent).toEqual({
      status: 401,
      headers: { 'www-authenticate': 'Bearer' },
      body: { errors: [{ message: 'Authentication required', extensions: { code: 'UNAUTHENTICATED' } }] },
    });
    const limited = fakeResponse();
    sendError(
      limited.res,
      new AppError('RATE_LIMITED', 'Slow down', { retryAfterSeconds: 7, details: { limit: 'streams', max: 2 } }),
    );
    expect(limited.sent).toEqual({
      status: 429,
      headers: { 'retry-after': '7' },
      body: {
        errors: [{ message: 'Slow down', extensions: { code: 'RATE_LIMITED', limit: 'streams', max: 2, retryAfterSeconds: 7 } }],
      },
    });
  });

  it('answers anything that is not an AppError as an internal error, with no detail of it', () => {
    const { res, sent } = fakeResponse();
    sendError(res, new Error('connection refused to 10.0.0.5'));
    expect(sent.status).toBe(500);
    expect(sent.body).toEqual({ errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
  });

  it('makes limit refusals AppErrors naming the limit, its maximum and the request’s value', () => {
    const refusal = limitError('batch', 'Too many', 10, 12);
    expect(refusal).toBeInstanceOf(AppError);
    expect(httpStatusOf(refusal)).toBe(400);
    expect(errorBodyOf(refusal).errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', limit: 'batch', max: 10, actual: 12 });
    expect(httpStatusOf(limitError('body', 'Too large', 100, 200, { status: 413 }))).toBe(413);
    expect(errorBodyOf(tokenLimitError(500)).errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', limit: 'tokens', max: 500 });
  });

  it('makes scalar errors AppErrors with BAD_USER_INPUT', () => {
    const caught = (() => {
      try {
        DecimalResolver.parseValue('12,50');
      } catch (err) {
        return err;
      }
    })();
    expect(caught).toBeInstanceOf(AppError);
    expect((caught as AppError).code).toBe('BAD_USER_INPUT');
  });
});
