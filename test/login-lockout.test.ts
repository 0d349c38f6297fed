// Password guessing: attempts are counted before the password is checked, so parallel guesses get no
// more checks than the limit; an account is locked per (account, client address), so a stranger's
// failures lock out only the stranger, and one address guessing across accounts has its own limit.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningServer } from '../src/server.js';
import { createTenant, gql, LOGIN, loginPlatform, startTestServer, type TestTenant } from './kit/server.js';
import { useTenantServer } from './kit/use-server.js';

let address = 0;
/** A client address of its own per call site (the loopback proxy is trusted, so X-Forwarded-For is the address). */
const from = () => ({ 'x-forwarded-for': `203.0.113.${++address}` });

const credentialsOf = (t: TestTenant) => ({ email: t.owner.email, password: t.owner.password });

/** Password checks as slow as real argon2 (~130 ms), so parallel attempts overlap as they do in production. */
function countChecks(server: RunningServer) {
  const verify = server.runtime.passwords.verify.bind(server.runtime.passwords);
  return vi.spyOn(server.runtime.passwords, 'verify').mockImplementation(async (hash, password) => {
    await new Promise((resolve) => setTimeout(resolve, 100));
    return verify(hash, password);
  });
}

describe('login lockout', () => {
  let server: RunningServer;
  let platformToken: string;
  beforeAll(async () => {
    server = await startTestServer({ LOGIN_MAX_ATTEMPTS: '10', IP_MAX_ATTEMPTS: '25', LOGIN_WINDOW_SECONDS: '900' });
    platformToken = (await loginPlatform(server)).accessToken;
  });
  afterAll(() => server.close());

  it('thirty parallel wrong passwords for one account get no more than ten password checks', async () => {
    const t = await createTenant(server, platformToken);
    const checks = countChecks(server);
    try {
      const headers = from();
      const answers = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          gql(server, LOGIN, { i: { email: t.owner.email, password: `wrong-pass-${i}` } }, { tenant: t.slug, headers }),
        ),
      );
      expect(checks.mock.calls.length).toBeLessThanOrEqual(10);
      const codes = answers.map((a) => a.codes[0]);
      expect(codes.filter((c) => c === 'UNAUTHENTICATED').length).toBe(checks.mock.calls.length);
      expect(codes.filter((c) => c === 'RATE_LIMITED').length).toBe(30 - checks.mock.calls.length);
    } finally {
      checks.mockRestore();
    }
  });

  it("a stranger's failures from another address do not lock the owner out", async () => {
    const t: TestTenant = await createTenant(server, platformToken);
    const stranger = from();
    const codes: (string | undefined)[] = [];
    for (let i = 0; i < 12; i++) {
      codes.push(
        (
          await gql(
            server,
            LOGIN,
            { i: { email: t.owner.email, password: `guess-${i}-x` } },
            { tenant: t.slug, headers: stranger },
          )
        ).codes[0],
      );
    }
    expect(codes.slice(0, 10)).toEqual(Array(10).fill('UNAUTHENTICATED'));
    expect(codes.slice(10)).toEqual(['RATE_LIMITED', 'RATE_LIMITED']);
    // The stranger stays locked out even with the right password …
    const locked = await gql(server, LOGIN, { i: credentialsOf(t) }, { tenant: t.slug, headers: stranger });
    expect(locked.codes).toEqual(['RATE_LIMITED']);
    expect(locked.errors?.[0]?.extensions?.retryAfterSeconds).toBeGreaterThan(0);
    // … while the owner, from their own address, signs in.
    const owner = await gql(server, LOGIN, { i: credentialsOf(t) }, { tenant: t.slug, headers: from() });
    expect(owner.errors).toBeUndefined();
    expect(owner.data?.login.accessToken).toBeTruthy();
  });

  it('one address guessing across many accounts is stopped by the wider per-address limit', async () => {
    const t = await createTenant(server, platformToken);
    const guesser = from();
    const codes: (string | undefined)[] = [];
    for (let i = 0; i < 26; i++) {
      const email = `nobody-${i}@${t.slug}.test`;
      codes.push(
        (await gql(server, LOGIN, { i: { email, password: 'guess-pass' } }, { tenant: t.slug, headers: guesser })).codes[0],
      );
    }
    expect(codes.slice(0, 25)).toEqual(Array(25).fill('UNAUTHENTICATED'));
    const refused = await gql(server, LOGIN, { i: credentialsOf(t) }, { tenant: t.slug, headers: guesser });
    expect(refused.codes).toEqual(['RATE_LIMITED']);
    expect(refused.errors?.[0]?.message).toMatch(/this address/);
    expect((await gql(server, LOGIN, { i: credentialsOf(t) }, { tenant: t.slug, headers: from() })).errors).toBeUndefined();
  });

  it('parallel wrong current passwords in changeMyPassword get no more than ten password checks', async () => {
    const t = await createTenant(server, platformToken);
    const checks = countChecks(server);
    try {
      const answers = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          gql(
            server,
            'mutation($i: ChangeMyPasswordInput!) { changeMyPassword(input: $i) }',
            { i: { currentPassword: `wrong-pass-${i}`, newPassword: 'brand-new-pass' } },
            { tenant: t.slug, token: t.ownerTokens.accessToken },
          ),
        ),
      );
      expect(checks.mock.calls.length).toBeLessThanOrEqual(10);
      expect(answers.filter((a) => a.codes[0] === 'RATE_LIMITED').length).toBe(30 - checks.mock.calls.length);
    } finally {
      checks.mockRestore();
    }
  });
});

describe('login lockout backoff', () => {
  const { server, tenant: t } = useTenantServer({ LOGIN_MAX_ATTEMPTS: '2', LOGIN_WINDOW_SECONDS: '1' });

  const fail = (headers: Record<string, string>) =>
    gql(server, LOGIN, { i: { email: t.owner.email, password: 'wrong-password' } }, { tenant: t.slug, headers });

  it('each lockout of the same account and address lasts twice as long as the one before', async () => {
    const headers = from();
    const retryHints: unknown[] = [];
    for (let round = 0; round < 2; round++) {
      expect((await fail(headers)).codes).toEqual(['UNAUTHENTICATED']);
      expect((await fail(headers)).codes).toEqual(['UNAUTHENTICATED']);
      const locked = await fail(headers);
      expect(locked.codes).toEqual(['RATE_LIMITED']);
      retryHints.push(locked.errors?.[0]?.extensions?.retryAfterSeconds);
      await new Promise((resolve) => setTimeout(resolve, 1_000 * (round + 1) + 200));
    }
    expect(retryHints).toEqual([1, 2]);
    // Waited out, the right password works and clears the record.
    expect((await gql(server, LOGIN, { i: credentialsOf(t) }, { tenant: t.slug, headers })).errors).toBeUndefined();
  });
});
