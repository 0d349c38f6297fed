// One-time tokens of invitation and password-reset links, and how long each link works.
import { describe, expect, it } from 'vitest';
import { INVITATION_TTL_MS, PASSWORD_RESET_TTL_MS, hashAccountToken, newAccountToken } from '../../src/auth/account-tokens.js';
import { hashRefreshToken, newRefreshToken } from '../../src/auth/tokens.js';

/** Two tokens of `make`: 32 random bytes each in base64url, and not the same. */
function expectRandomTokens(make: () => string): void {
  const [a, b] = [make(), make()];
  expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(Buffer.from(a, 'base64url')).toHaveLength(32);
  expect(a).not.toBe(b);
}

describe('account link tokens', () => {
  it('are 32 random bytes in base64url, never the same twice', () => {
    expectRandomTokens(newAccountToken);
  });

  it('are stored as their sha256 in hex', () => {
    expect(hashAccountToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('work a week for an invitation and an hour for a password reset', () => {
    expect(INVITATION_TTL_MS).toBe(604_800_000);
    expect(PASSWORD_RESET_TTL_MS).toBe(3_600_000);
  });
});

describe('refresh tokens', () => {
  it('are 32 random bytes in base64url, stored as their sha256 in hex', () => {
    expectRandomTokens(newRefreshToken);
    expect(hashRefreshToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
