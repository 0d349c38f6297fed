// One-time tokens of invitation and password-reset links, and how long each link works.
import { describe, expect, it } from 'vitest';
import { INVITATION_TTL_MS, PASSWORD_RESET_TTL_MS, hashAccountToken, newAccountToken } from '../../src/auth/account-tokens.js';
import { hashRefreshToken, newRefreshToken } from '../../src/auth/tokens.js';

describe('account link tokens', () => {
  it('are 32 random bytes in base64url, never the same twice', () => {
    const [a, b] = [newAccountToken(), newAccountToken()];
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a, 'base64url')).toHaveLength(32);
    expect(a).not.toBe(b);
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
    const [a, b] = [newRefreshToken(), newRefreshToken()];
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a, 'base64url')).toHaveLength(32);
    expect(a).not.toBe(b);
    expect(hashRefreshToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
