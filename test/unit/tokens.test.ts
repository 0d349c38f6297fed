// Access tokens signed and verified in memory (keys generated per file): what verify() accepts,
// each claim it insists on, and its cache of tokens already verified.
import { SignJWT, decodeProtectedHeader, type JWTPayload } from 'jose';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadSigningKeys, type SigningKeys } from '../../src/auth/keys.js';
import { TokenService } from '../../src/auth/tokens.js';
import { loadConfig } from '../../src/config.js';

const config = loadConfig({ NODE_ENV: 'test', ACCESS_TOKEN_TTL_SECONDS: '60' });
const tenantClaims = { sub: 'user-1', sid: 'session-1', role: 'CONSULTANT' as const, tid: 'acme' };
const platformClaims = { sub: 'admin-1', sid: 'session-2', role: 'SUPER_SUPER_ADMIN' as const };
let keys: SigningKeys;

beforeAll(async () => {
  keys = await loadSigningKeys(config);
});

afterEach(() => {
  vi.useRealTimers();
});

/** A token signed with the service's own key, shaped by hand. */
function forge(payload: JWTPayload, opts: { typ?: string; iat?: boolean; exp?: number } = {}) {
  const now = Math.floor(Date.now() / 1000);
  let jwt = new SignJWT(payload)
    .setProtectedHeader({ alg: keys.alg, kid: keys.kid, typ: opts.typ ?? 'at+jwt' })
    .setIssuer(config.jwt.issuer)
    .setAudience(config.jwt.audience)
    .setExpirationTime(opts.exp ?? now + 60);
  if (opts.iat !== false) jwt = jwt.setIssuedAt(now);
  return jwt.sign(keys.privateKey);
}

const cache = (s: TokenService) => (s as unknown as { verified: Map<string, unknown> }).verified;

describe('signing access tokens', () => {
  it('signs the claims with issuer, audience, key id, type and the configured lifetime', async () => {
    vi.useFakeTimers({ now: new Date('2026-11-26T10:00:00.700Z'), toFake: ['Date'] });
    const tokens = new TokenService(keys, config.jwt);
    const { token, expiresAt } = await tokens.sign(tenantClaims);
    expect(expiresAt).toEqual(new Date('2026-11-26T10:01:00Z'));
    expect(decodeProtectedHeader(token)).toEqual({ alg: keys.alg, kid: keys.kid, typ: 'at+jwt' });
    const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
    expect(payload).toEqual({
      role: 'CONSULTANT',
      sid: 'session-1',
      tid: 'acme',
      iss: config.jwt.issuer,
      aud: config.jwt.audience,
      sub: 'user-1',
      iat: Date.parse('2026-11-26T10:00:00Z') / 1000,
      exp: Date.parse('2026-11-26T10:01:00Z') / 1000,
      jti: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
  });

  it('leaves the tenant claim out of a platform token, and verify gives it back without one', async () => {
    const tokens = new TokenService(keys, config.jwt);
    const { token } = await tokens.sign(platformClaims);
    expect(JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString())).not.toHaveProperty('tid');
    expect(await tokens.verify(token)).toStrictEqual(platformClaims);
  });

  it('publishes its keys as the JWKS', () => {
    expect(new TokenService(keys, config.jwt).jwks).toBe(keys.jwks);
  });
});

describe('verifying access tokens', () => {
  it('gives back frozen claims, the same object from its cache', async () => {
    const tokens = new TokenService(keys, config.jwt);
    const { token } = await tokens.sign(tenantClaims);
    const first = await tokens.verify(token);
    expect(first).toStrictEqual(tenantClaims);
    expect(Object.isFrozen(first)).toBe(true);
    expect(await tokens.verify(token)).toBe(first);
  });

  it('refuses a token of another issuer or audience, or of another type', async () => {
    const tokens = new TokenService(keys, config.jwt);
    const otherIssuer = new TokenService(keys, { ...config.jwt, issuer: 'someone-else' });
    const otherAudience = new TokenService(keys, { ...config.jwt, audience: 'another-api' });
    expect(await tokens.verify((await otherIssuer.sign(tenantClaims)).token)).toBeNull();
    expect(await tokens.verify((await otherAudience.sign(tenantClaims)).token)).toBeNull();
    expect(await tokens.verify(await forge({ sub: 'u', sid: 's', role: 'CONSULTANT' }, { typ: 'JWT' }))).toBeNull();
    expect(await tokens.verify('not.a.token')).toBeNull();
  });

  it('insists on subject and issue time, and on string session, role and tenant claims', async () => {
    const tokens = new TokenService(keys, config.jwt);
    const good = { sub: 'u', sid: 's', role: 'CONSULTANT' };
    expect(await tokens.verify(await forge(good))).toStrictEqual(good);
    expect(await tokens.verify(await forge({ sid: 's', role: 'CONSULTANT' }))).toBeNull();
    expect(await tokens.verify(await forge(good, { iat: false }))).toBeNull();
    expect(await tokens.verify(await forge({ sub: 'u', role: 'CONSULTANT' }))).toBeNull();
    expect(await tokens.verify(await forge({ sub: 'u', sid: 7, role: 'CONSULTANT' }))).toBeNull();
    expect(await tokens.verify(await forge({ sub: 'u', sid: 's' }))).toBeNull();
    expect(await tokens.verify(await forge({ sub: 'u', sid: 's', role: ['SUPER_ADMIN'] }))).toBeNull();
    expect(await tokens.verify(await forge({ ...good, tid: 42 }))).toBeNull();
    expect(await tokens.verify(await forge({ ...good, tid: 'acme' }))).toStrictEqual({ ...good, tid: 'acme' });
    expect(await tokens.verify(await forge({ ...good, tid: '' }))).toStrictEqual(good);
  });

  it('serves a cached token until the second it expires, then drops it from the cache', async () => {
    vi.useFakeTimers({ now: new Date('2026-11-26T10:00:00Z'), toFake: ['Date'] });
    const tokens = new TokenService(keys, config.jwt);
    const { token, expiresAt } = await tokens.sign(tenantClaims);
    expect(await tokens.verify(token)).toStrictEqual(tenantClaims);
    vi.setSystemTime(expiresAt.getTime() - 1);
    expect(await tokens.verify(token)).toStrictEqual(tenantClaims);
    expect(cache(tokens).size).toBe(1);
    vi.setSystemTime(expiresAt);
    expect(await tokens.verify(token)).toBeNull();
    expect(cache(tokens).size).toBe(0);
  });

  it('refuses an expired token it never saw', async () => {
    const tokens = new TokenService(keys, config.jwt);
    expect(await tokens.verify(await forge({ sub: 'u', sid: 's', role: 'CONSULTANT' }, { exp: 1_000 }))).toBeNull();
    expect(cache(tokens).size).toBe(0);
  });

  it('keeps at most 10,000 verified tokens, dropping the oldest first', async () => {
    const tokens = new TokenService(keys, config.jwt);
    const map = cache(tokens);
    for (let i = 0; i < 9_999; i++) map.set(`old-${i}`, { claims: tenantClaims, exp: 4e9 });
    const a = (await tokens.sign(tenantClaims)).token;
    await tokens.verify(a);
    expect(map.size).toBe(10_000);
    expect(map.has('old-0')).toBe(true);
    const b = (await tokens.sign(tenantClaims)).token;
    await tokens.verify(b);
    expect(map.size).toBe(10_000);
    expect(map.has('old-0')).toBe(false);
    expect(map.has('old-1')).toBe(true);
    expect([map.has(a), map.has(b)]).toEqual([true, true]);
  });
});
