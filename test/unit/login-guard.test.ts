// Password-guessing limits, in this process: per (account, address) with a doubling lockout, per
// address across accounts, and per user for password changes.
import { describe, expect, it } from 'vitest';
import { LoginGuard } from '../../src/auth/login-guard.js';

const limits = { maxAttempts: 2, windowSeconds: 60, addressMaxAttempts: 3 };

async function outcome(p: Promise<unknown>) {
  try {
    await p;
    return 'allowed';
  } catch (err) {
    const e = err as { message: string; extensions: { code: string; retryAfterSeconds: number } };
    return `${e.extensions.code} ${e.extensions.retryAfterSeconds}: ${e.message}`;
  }
}

describe('the sign-in guard', () => {
  it('allows maxAttempts per account and address, then locks that pair for the window', async () => {
    const guard = new LoginGuard(limits);
    expect(await outcome(guard.login('acme:a', '10.0.0.1'))).toBe('allowed');
    expect(await outcome(guard.login('acme:a', '10.0.0.1'))).toBe('allowed');
    expect(await outcome(guard.login('acme:a', '10.0.0.1'))).toBe(
      'RATE_LIMITED 60: Too many failed sign-ins to this account from your address; try again in 60 s',
    );
    expect(await outcome(guard.login('acme:a', '10.0.0.1'))).toMatch(
      /^RATE_LIMITED (59|60): Too many failed sign-ins to this account/,
    );
    expect(await outcome(guard.login('acme:a', '10.0.0.2'))).toBe('allowed');
  });

  it('does not count a refused attempt against the address', async () => {
    const guard = new LoginGuard({ ...limits, addressMaxAttempts: 4 });
    for (let i = 0; i < 3; i++) await outcome(guard.login('acme:a', '10.0.0.1'));
    expect(await outcome(guard.login('acme:b', '10.0.0.1'))).toBe('allowed');
    expect(await outcome(guard.login('acme:c', '10.0.0.1'))).toBe('allowed');
    expect(await outcome(guard.login('acme:d', '10.0.0.1'))).toBe(
      'RATE_LIMITED 60: Too many failed sign-ins from this address; try again in 60 s',
    );
  });

  it('clears the pair and gives the address its attempt back on a right password', async () => {
    const guard = new LoginGuard({ ...limits, addressMaxAttempts: 2 });
    await (await guard.login('acme:a', '10.0.0.1')).succeeded();
    await (await guard.login('acme:a', '10.0.0.1')).succeeded();
    expect(await outcome(guard.login('acme:a', '10.0.0.1'))).toBe('allowed');
    expect(await outcome(guard.login('acme:a', '10.0.0.1'))).toBe('allowed');
    expect(await outcome(guard.login('acme:b', '10.0.0.1'))).toMatch(
      /^RATE_LIMITED 60: Too many failed sign-ins from this address/,
    );
  });

  it('doubles each further lockout of the same pair', async () => {
    const guard = new LoginGuard({ ...limits, windowSeconds: 1, addressMaxAttempts: 100 });
    const pairs = (guard as unknown as { pairs: { delete(k: string): Promise<boolean> } }).pairs;
    for (const seconds of [1, 2, 4]) {
      await outcome(guard.login('acme:a', 'x'));
      await outcome(guard.login('acme:a', 'x'));
      expect(await outcome(guard.login('acme:a', 'x'))).toMatch(new RegExp(`^RATE_LIMITED ${seconds}: `));
      await pairs.delete('acme:a\nx');
    }
  });
});

describe('the password-change guard', () => {
  it('allows maxAttempts checks per user, and a right password clears them', async () => {
    const guard = new LoginGuard(limits);
    await outcome(guard.passwordChange('acme:u1'));
    await (await guard.passwordChange('acme:u1')).succeeded();
    expect(await outcome(guard.passwordChange('acme:u1'))).toBe('allowed');
    expect(await outcome(guard.passwordChange('acme:u1'))).toBe('allowed');
    expect(await outcome(guard.passwordChange('acme:u1'))).toBe(
      'RATE_LIMITED 60: Too many wrong current passwords; try again in 60 s',
    );
    expect(await outcome(guard.passwordChange('acme:u2'))).toBe('allowed');
  });
});
