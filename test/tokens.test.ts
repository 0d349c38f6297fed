// Access tokens: what verify() accepts, including tokens it has verified before (kept per process
// so the signature is checked once per token, never past the token's expiry).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadSigningKeys } from '../src/auth/keys.js';
import { TokenService } from '../src/auth/tokens.js';
import { loadConfig } from '../src/config.js';

const config = loadConfig({ NODE_ENV: 'test', ACCESS_TOKEN_TTL_SECONDS: '60' });
const claims = { sub: 'user-1', sid: 'session-1', role: 'CONSULTANT' as const, tid: 'acme' };

async function service() {
  return new TokenService(await loadSigningKeys(config), config.jwt);
}

afterEach(() => {
  vi.useRealTimers();
});

describe('access tokens', () => {
  it('accepts its own token, again from what it verified, and refuses it once expired', async () => {
    vi.useFakeTimers({ now: new Date('2026-11-26T10:00:00Z'), toFake: ['Date'] });
    const tokens = await service();
    const { token, expiresAt } = await tokens.sign(claims);
    expect(await tokens.verify(token)).toEqual(claims);
    expect(await tokens.verify(token)).toEqual(claims);

    vi.setSystemTime(expiresAt.getTime() - 1000);
    expect(await tokens.verify(token)).toEqual(claims);
    vi.setSystemTime(expiresAt);
    expect(await tokens.verify(token)).toBeNull();
  });

  it('refuses a verified token with its signature or claims changed, and another key’s token', async () => {
    const tokens = await service();
    const { token } = await tokens.sign(claims);
    expect(await tokens.verify(token)).toEqual(claims);

    const [header, payload, signature] = token.split('.') as [string, string, string];
    const flipped = signature.slice(0, -2) + (signature.endsWith('AA') ? 'BB' : 'AA');
    expect(await tokens.verify(`${header}.${payload}.${flipped}`)).toBeNull();
    const raised = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), role: 'SUPER_ADMIN' }),
    ).toString('base64url');
    expect(await tokens.verify(`${header}.${raised}.${signature}`)).toBeNull();

    const other = await service();
    expect(await other.verify((await other.sign(claims)).token)).toEqual(claims);
    expect(await tokens.verify((await other.sign(claims)).token)).toBeNull();
  });

  it('signs a distinct token each time, even for one session within one second', async () => {
    vi.useFakeTimers({ now: new Date('2026-11-26T10:00:00Z'), toFake: ['Date'] });
    const tokens = await service();
    const [a, b] = [await tokens.sign(claims), await tokens.sign(claims)];
    expect(a.expiresAt).toEqual(b.expiresAt);
    expect(a.token).not.toBe(b.token);
    expect(await tokens.verify(a.token)).toEqual(claims);
    expect(await tokens.verify(b.token)).toEqual(claims);
  });
});
