import { describe, expect, it } from 'vitest';
import { startFailureLine } from '../../src/start-failure.js';

const config = {
  port: 4000,
  host: '127.0.0.1',
  databaseUrl: 'postgres://app:secret@db.example:5432/leopard',
  databaseListenUrl: undefined,
  dataDir: '/tmp/leopard',
  logLevel: 'info' as const,
};

describe('the line a failed start prints', () => {
  it('gives the reason and SQLSTATE of a refused statement, never the statement or its parameters', () => {
    const cause = Object.assign(new Error('deadlock detected'), { code: '40P01', severity: 'ERROR' });
    const err = new Error('Failed query: drop schema if exists "tenant_demo" cascade\nparams: s3cret-param', { cause });
    const line = startFailureLine(err, config);
    expect(line).toBe(
      'the database refused a statement: deadlock detected (SQLSTATE 40P01) (run with LOG_LEVEL=debug for the stack)',
    );
    expect(line).not.toContain('drop schema');
    expect(line).not.toContain('s3cret');
  });

  it('keeps the first line of any other error, and the debug hint only below debug', () => {
    expect(startFailureLine(new Error('boom\nsecond line'), config)).toBe('boom (run with LOG_LEVEL=debug for the stack)');
    expect(startFailureLine(new Error('boom'), { ...config, logLevel: 'debug' })).toBe('boom');
    // A system error's code is not a SQLSTATE.
    expect(startFailureLine(Object.assign(new Error('weird'), { code: 'EWEIRD' }), config)).toBe(
      'weird (run with LOG_LEVEL=debug for the stack)',
    );
    // Five upper-case letters, like a SQLSTATE, but no database error.
    expect(startFailureLine(Object.assign(new Error('EPERM: operation not permitted'), { code: 'EPERM' }), config)).toBe(
      'EPERM: operation not permitted (run with LOG_LEVEL=debug for the stack)',
    );
  });
});
