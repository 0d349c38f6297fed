import { generateKeyPair, SignJWT } from 'jose';

type CryptoKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/server.js';
import { createTenant, gql, login, loginPlatform, startTestServer, type TestTenant } from './kit/server.js';

let server: RunningServer;
let platformToken: string;
let a: TestTenant;
let b: TestTenant;

const ME = '{ me { id email role } }';
const REFRESH = 'mutation($t: String!) { refreshSession(input: { refreshToken: $t }) { accessToken refreshToken } }';
const LOGOUT = 'mutation($t: String!) { logout(input: { refreshToken: $t }) }';
/** A sign-in attempt on `tenant` (none: the platform), its errors kept (the kit's login throws on them). */
const tryLogin = (email: string, password: string, tenant?: string) =>
  gql(server, 'mutation($i: LoginInput!) { login(input: $i) { accessToken } }', { i: { email, password } }, { tenant });

beforeAll(async () => {
  server = await startTestServer({ LOGIN_MAX_ATTEMPTS: '4' });
  platformToken = (await loginPlatform(server)).accessToken;
  [a, b] = await Promise.all([createTenant(server, platformToken), createTenant(server, platformToken)]);
});
afterAll(() => server.close());

const keysOf = (s: RunningServer) =>
  (s.runtime.tokens as unknown as { keys: { privateKey: CryptoKey; alg: string; kid: string } }).keys;

async function forge(claims: Record<string, unknown>, opts: { key?: CryptoKey; alg?: string; exp?: number } = {}) {
  const keys = keysOf(server);
  const { issuer, audience } = server.runtime.config.jwt;
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: opts.alg ?? keys.alg, kid: keys.kid, typ: 'at+jwt' })
    .setIssuer(issuer)
    .setAudience(audience)
    .setIssuedAt(now - 120)
    .setExpirationTime(opts.exp ?? now + 600)
    .sign(opts.key ?? keys.privateKey);
}

function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());
}

describe('tenant-bound tokens', () => {
  it('a tenant-A token works on A and is UNAUTHENTICATED on tenant B and on the platform', async () => {
    const token = a.ownerTokens.accessToken;
    expect((await gql(server, ME, {}, { tenant: a.slug, token })).data?.me.email).toBe(a.owner.email);
    expect((await gql(server, ME, {}, { tenant: b.slug, token })).codes).toEqual(['UNAUTHENTICATED']);
    expect((await gql(server, ME, {}, { token })).codes).toEqual(['UNAUTHENTICATED']);
    // even for operations that need no sign-in
    expect((await gql(server, '{ ping }', {}, { tenant: b.slug, token })).codes).toEqual(['UNAUTHENTICATED']);
  });

  it('a platform token is UNAUTHENTICATED in any tenant', async () => {
    expect((await gql(server, ME, {}, { token: platformToken })).data?.me.role).toBe('SUPER_SUPER_ADMIN');
    expect((await gql(server, ME, {}, { tenant: a.slug, token: platformToken })).codes).toEqual(['UNAUTHENTICATED']);
  });

  it('a tenant user cannot log in on another tenant or the platform with the same credentials', async () => {
    const r = await tryLogin(a.owner.email, a.owner.password, b.slug);
    expect(r.codes).toEqual(['UNAUTHENTICATED']);
    const p = await tryLogin(a.owner.email, a.owner.password);
    expect(p.codes).toEqual(['UNAUTHENTICATED']);
  });

  it('refuses expired, tampered, alg:none and wrong-key tokens', async () => {
    const valid = claimsOf(a.ownerTokens.accessToken);
    const base = { sub: valid.sub, sid: valid.sid, role: valid.role, tid: valid.tid };
    const expired = await forge(base, { exp: Math.floor(Date.now() / 1000) - 10 });
    const [h, , s] = a.ownerTokens.accessToken.split('.');
    const tampered = `${h}.${Buffer.from(JSON.stringify({ ...valid, role: 'SUPER_ADMIN', sub: '00000000-0000-4000-8000-000000000000' })).toString('base64url')}.${s}`;
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'at+jwt' })).toString('base64url')}.${Buffer.from(JSON.stringify({ ...valid })).toString('base64url')}.`;
    const other = await generateKeyPair('EdDSA');
    const wrongKey = await forge(base, { key: other.privateKey });
    const otherTenant = await forge({ ...base, tid: b.slug });
    for (const token of [expired, tampered, none, wrongKey]) {
      expect((await gql(server, ME, {}, { tenant: a.slug, token })).codes, token).toEqual(['UNAUTHENTICATED']);
    }
    // a correctly signed token whose tid names another tenant still fails there: the session is not B's
    expect((await gql(server, ME, {}, { tenant: b.slug, token: otherTenant })).codes).toEqual(['UNAUTHENTICATED']);
    // control: a freshly forged valid token is accepted, so the refusals above are about the defects
    expect((await gql(server, ME, {}, { tenant: a.slug, token: await forge(base) })).data?.me.email).toBe(a.owner.email);
  });

  it('publishes the verification key as JWKS', async () => {
    const res = await fetch(`${server.url}/.well-known/jwks.json`);
    const jwks = (await res.json()) as { keys: { kid: string; alg: string; kty: string; d?: string }[] };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ alg: 'EdDSA', kty: 'OKP', kid: expect.any(String) });
    expect(jwks.keys[0]!.d).toBeUndefined();
  });
});

describe('sessions', () => {
  it('rotates refresh tokens: each works once, and reusing one revokes the whole session', async () => {
    const first = await login(server, a.owner.email, a.owner.password, a.slug);
    const r1 = await gql(server, REFRESH, { t: first.refreshToken }, { tenant: a.slug });
    const second = r1.data?.refreshSession;
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect((await gql(server, ME, {}, { tenant: a.slug, token: second.accessToken })).data?.me.email).toBe(a.owner.email);

    const reuse = await gql(server, REFRESH, { t: first.refreshToken }, { tenant: a.slug });
    expect(reuse.codes).toEqual(['UNAUTHENTICATED']);
    // the family is dead: the newer refresh token and its access token fail too
    expect((await gql(server, REFRESH, { t: second.refreshToken }, { tenant: a.slug })).codes).toEqual(['UNAUTHENTICATED']);
    expect((await gql(server, ME, {}, { tenant: a.slug, token: second.accessToken })).codes).toEqual(['UNAUTHENTICATED']);
    // other sessions of the same user are untouched
    expect((await gql(server, ME, {}, { tenant: a.slug, token: a.ownerTokens.accessToken })).data?.me).toBeTruthy();
  });

  it('a refresh token of tenant A does not work on tenant B', async () => {
    const s = await login(server, a.owner.email, a.owner.password, a.slug);
    expect((await gql(server, REFRESH, { t: s.refreshToken }, { tenant: b.slug })).codes).toEqual(['UNAUTHENTICATED']);
    expect((await gql(server, REFRESH, { t: s.refreshToken }, { tenant: a.slug })).data?.refreshSession).toBeTruthy();
  });

  it('logout ends the session, access token included', async () => {
    const s = await login(server, a.owner.email, a.owner.password, a.slug);
    expect((await gql(server, LOGOUT, { t: s.refreshToken }, { tenant: a.slug })).data?.logout).toBe(true);
    expect((await gql(server, ME, {}, { tenant: a.slug, token: s.accessToken })).codes).toEqual(['UNAUTHENTICATED']);
    expect((await gql(server, REFRESH, { t: s.refreshToken }, { tenant: a.slug })).codes).toEqual(['UNAUTHENTICATED']);
    expect((await gql(server, LOGOUT, { t: s.refreshToken }, { tenant: a.slug })).data?.logout).toBe(false);
  });

  it('a deactivated user loses access at once, refresh tokens included', async () => {
    const t = await createTenant(server, platformToken);
    const s = await login(server, t.owner.email, t.owner.password, t.slug);
    await server.runtime.database.exec(`update "${t.schemaName}".users set is_active = false`);
    expect((await gql(server, ME, {}, { tenant: t.slug, token: s.accessToken })).codes).toEqual(['UNAUTHENTICATED']);
    expect((await gql(server, REFRESH, { t: s.refreshToken }, { tenant: t.slug })).codes).toEqual(['UNAUTHENTICATED']);
    const again = await tryLogin(t.owner.email, t.owner.password, t.slug);
    expect(again.codes).toEqual(['UNAUTHENTICATED']);
  });

  it('an inactive or suspended tenant answers TENANT_INACTIVE to everything, login included', async () => {
    const t = await createTenant(server, platformToken);
    await gql(server, 'mutation($id: ID!) { deactivateTenant(id: $id) { id } }', { id: t.id }, { token: platformToken });
    expect((await gql(server, ME, {}, { tenant: t.slug, token: t.ownerTokens.accessToken })).codes).toEqual(['TENANT_INACTIVE']);
    const l = await tryLogin(t.owner.email, t.owner.password, t.slug);
    expect(l.codes).toEqual(['TENANT_INACTIVE']);
    await gql(server, 'mutation($id: ID!) { activateTenant(id: $id) { id } }', { id: t.id }, { token: platformToken });
    expect((await gql(server, ME, {}, { tenant: t.slug, token: t.ownerTokens.accessToken })).data?.me).toBeTruthy();
    await gql(
      server,
      'mutation($id: ID!) { updateTenant(id: $id, input: { subscriptionStatus: SUSPENDED }) { id } }',
      { id: t.id },
      { token: platformToken },
    );
    expect((await gql(server, ME, {}, { tenant: t.slug, token: t.ownerTokens.accessToken })).codes).toEqual(['TENANT_INACTIVE']);
  });

  it('changeMyPassword needs the current password, then the new one works and other sessions end', async () => {
    const t = await createTenant(server, platformToken);
    const other = await login(server, t.owner.email, t.owner.password, t.slug);
    const change = (currentPassword: string, newPassword: string) =>
      gql(
        server,
        'mutation($i: ChangeMyPasswordInput!) { changeMyPassword(input: $i) }',
        { i: { currentPassword, newPassword } },
        { tenant: t.slug, token: t.ownerTokens.accessToken },
      );
    const wrong = await change('nope-nope', 'brand-new-pass');
    expect(wrong.codes).toEqual(['BAD_USER_INPUT']);
    expect(wrong.errors?.[0]?.extensions?.fields?.[0]?.path).toBe('input.currentPassword');
    const short = await change(t.owner.password, 'short');
    expect(short.errors?.[0]?.extensions?.fields?.[0]?.path).toBe('input.newPassword');
    const ok = await change(t.owner.password, 'brand-new-pass');
    expect(ok.data?.changeMyPassword).toBe(true);
    expect((await gql(server, ME, {}, { tenant: t.slug, token: t.ownerTokens.accessToken })).data?.me).toBeTruthy();
    expect((await gql(server, ME, {}, { tenant: t.slug, token: other.accessToken })).codes).toEqual(['UNAUTHENTICATED']);
    await login(server, t.owner.email, 'brand-new-pass', t.slug);
  });
});

describe('login', () => {
  it('gives the same error for an unknown email and a wrong password', async () => {
    const unknown = await tryLogin('nobody@x.test', 'whatever-1', a.slug);
    const wrong = await tryLogin(a.owner.email, 'whatever-1', a.slug);
    expect(unknown.errors?.[0]).toEqual(wrong.errors?.[0]);
    expect(unknown.codes).toEqual(['UNAUTHENTICATED']);
  });

  it('is case-insensitive in the email', async () => {
    expect(a.owner.email).not.toBe(a.owner.email.toUpperCase());
    const shouted = await login(server, a.owner.email.toUpperCase(), a.owner.password, a.slug);
    // The same account as the email as given: the owner, with the email as stored.
    const me = (await gql(server, ME, {}, { tenant: a.slug, token: shouted.accessToken })).data?.me;
    const owner = (await gql(server, ME, {}, { tenant: a.slug, token: a.ownerTokens.accessToken })).data?.me;
    expect(me).toEqual({ id: owner.id, email: a.owner.email, role: 'SUPER_ADMIN' });
  });

  it('throttles repeated failures for one (tenant, email) with RATE_LIMITED and a retry hint', async () => {
    const t = await createTenant(server, platformToken);
    for (let i = 0; i < 4; i++) {
      expect((await tryLogin(t.owner.email, 'bad-password', t.slug)).codes).toEqual(['UNAUTHENTICATED']);
    }
    const limited = await tryLogin(t.owner.email, t.owner.password, t.slug);
    expect(limited.codes).toEqual(['RATE_LIMITED']);
    expect(limited.errors?.[0]?.extensions?.retryAfterSeconds).toBeGreaterThan(0);
    // the same email on another tenant is a different account and is not throttled
    expect((await tryLogin(a.owner.email, a.owner.password, a.slug)).data?.login).toBeTruthy();
  });

  it('reports bad input with the field path', async () => {
    const r = await tryLogin('not-an-email', 'x', a.slug);
    expect(r.codes).toEqual(['BAD_USER_INPUT']);
    expect(r.errors?.[0]?.extensions?.fields).toEqual([{ path: 'input.email', message: 'must be a valid email address' }]);
  });
});
