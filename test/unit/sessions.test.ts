// Session families and rotating refresh tokens on the platform's session tables, in an in-memory
// embedded database of this file's own (no server): start, rotate, reuse, expiry, revocation, and
// which revocations the hook hears. Tenant sessions use the same functions on their own tables.
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  sessionRevokeAllForUser,
  sessionRevokeByToken,
  sessionRotate,
  sessionStart,
  type SessionTables,
} from '../../src/auth/sessions.js';
import { hashRefreshToken } from '../../src/auth/tokens.js';
import type { Database } from '../../src/db/database.js';
import { platformAdmins, platformRefreshTokens, platformSessions } from '../../src/db/tables/public.js';
import type { RevocationHook } from '../../src/auth/session-cache.js';
import { unitDatabase } from '../kit/unit-database.js';

const tables = { sessions: platformSessions, refreshTokens: platformRefreshTokens } as unknown as SessionTables;
let database: Database;
let n = 0;

beforeAll(async () => {
  database = await unitDatabase();
}, 60_000);
afterEach(() => {
  vi.useRealTimers();
});
afterAll(async () => {
  await database?.close();
});

async function user(): Promise<string> {
  const [row] = await database.orm
    .insert(platformAdmins)
    .values({ email: `admin${++n}@platform.test`, passwordHash: 'x' })
    .returning({ id: platformAdmins.id });
  return row!.id;
}
const sessionOf = async (id: string) =>
  (await database.orm.select().from(platformSessions).where(eq(platformSessions.id, id)))[0]!;
const tokensOf = (sessionId: string) =>
  database.orm.select().from(platformRefreshTokens).where(eq(platformRefreshTokens.sessionId, sessionId));

function hook() {
  const heard: { sessionId?: string; userId?: string; inTx: boolean }[] = [];
  const revoked: RevocationHook = async (ex, change) => {
    heard.push({ ...change, inTx: ex !== database.orm });
  };
  return { heard, revoked };
}

describe('starting a session', () => {
  it('stores the session with its expiry, agent and address, and only the hash of its first refresh token', async () => {
    const userId = await user();
    const before = Date.now();
    const s = await sessionStart({
      ex: database.orm,
      tables,
      userId,
      ttlSeconds: 3600,
      userAgent: 'A'.repeat(400),
      ip: '10.0.0.1',
    });
    const row = await sessionOf(s.sessionId);
    expect(row).toMatchObject({ userId, revokedAt: null, revokedReason: null, lastUsedAt: null, ip: '10.0.0.1' });
    expect(row.userAgent).toBe('A'.repeat(300));
    expect(row.expiresAt.getTime()).toBeGreaterThanOrEqual(before + 3_600_000 - 1000);
    expect(row.expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + 3_600_000 + 1000);
    const tokens = await tokensOf(s.sessionId);
    expect(tokens).toHaveLength(1);
    expect(tokens[0]).toMatchObject({ tokenHash: hashRefreshToken(s.refreshToken), usedAt: null });
    expect(s.refreshToken).not.toBe(tokens[0]!.tokenHash);
  });

  it('leaves agent and address empty when not given', async () => {
    const s = await sessionStart({ ex: database.orm, tables, userId: await user(), ttlSeconds: 60 });
    expect(await sessionOf(s.sessionId)).toMatchObject({ userAgent: null, ip: null });
  });
});

describe('rotating a refresh token', () => {
  it('gives a new token for the same session and user, marks the old one used and the session used', async () => {
    const userId = await user();
    const s = await sessionStart({ ex: database.orm, tables, userId, ttlSeconds: 3600 });
    const r = await sessionRotate({ orm: database.orm, tables, refreshToken: s.refreshToken });
    expect(r).toEqual({ kind: 'ok', sessionId: s.sessionId, userId, refreshToken: expect.any(String) });
    expect(r.refreshToken).not.toBe(s.refreshToken);
    const tokens = await tokensOf(s.sessionId);
    expect(tokens).toHaveLength(2);
    expect(tokens.find((t) => t.tokenHash === hashRefreshToken(s.refreshToken))!.usedAt).toBeInstanceOf(Date);
    expect(tokens.find((t) => t.tokenHash === hashRefreshToken(r.refreshToken))!.usedAt).toBeNull();
    expect((await sessionOf(s.sessionId)).lastUsedAt).toBeInstanceOf(Date);
    // The new one works in turn.
    const again = await sessionRotate({ orm: database.orm, tables, refreshToken: r.refreshToken });
    expect(again.sessionId).toBe(s.sessionId);
  });

  it('a used token revokes the whole session (reuse), says so, and tells the hook inside the transaction', async () => {
    const s = await sessionStart({ ex: database.orm, tables, userId: await user(), ttlSeconds: 3600 });
    const next = await sessionRotate({ orm: database.orm, tables, refreshToken: s.refreshToken });
    const { heard, revoked } = hook();
    await expect(sessionRotate({ orm: database.orm, tables, refreshToken: s.refreshToken, revoked })).rejects.toMatchObject({
      message: 'Refresh token was already used; the session has been revoked',
      extensions: { code: 'UNAUTHENTICATED' },
    });
    expect(await sessionOf(s.sessionId)).toMatchObject({ revokedReason: 'refresh-token-reuse', revokedAt: expect.any(Date) });
    expect(heard).toEqual([{ sessionId: s.sessionId, inTx: true }]);
    // The family is gone: the newest token is refused too, and nothing new is issued.
    await expect(sessionRotate({ orm: database.orm, tables, refreshToken: next.refreshToken })).rejects.toMatchObject({
      message: 'Invalid or expired refresh token',
    });
    expect(await tokensOf(s.sessionId)).toHaveLength(2);
  });

  it('refuses an unknown token, an expired session and a revoked one, changing nothing and telling nobody', async () => {
    const { heard, revoked } = hook();
    const refuse = (refreshToken: string) =>
      expect(sessionRotate({ orm: database.orm, tables, refreshToken, revoked })).rejects.toMatchObject({
        message: 'Invalid or expired refresh token',
        extensions: { code: 'UNAUTHENTICATED' },
      });
    await refuse('no-such-token');

    const expired = await sessionStart({ ex: database.orm, tables, userId: await user(), ttlSeconds: 3600 });
    await database.orm
      .update(platformSessions)
      .set({ expiresAt: new Date(Date.now() - 1) })
      .where(eq(platformSessions.id, expired.sessionId));
    await refuse(expired.refreshToken);
    // Expiring exactly now counts as expired (the clock held still).
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    const edge = await sessionStart({ ex: database.orm, tables, userId: await user(), ttlSeconds: 0 });
    await refuse(edge.refreshToken);
    vi.useRealTimers();

    const gone = await sessionStart({ ex: database.orm, tables, userId: await user(), ttlSeconds: 3600 });
    await database.orm.update(platformSessions).set({ revokedAt: new Date() }).where(eq(platformSessions.id, gone.sessionId));
    await refuse(gone.refreshToken);

    for (const s of [expired, edge, gone]) {
      expect((await tokensOf(s.sessionId)).map((t) => t.usedAt)).toEqual([null]);
      expect((await sessionOf(s.sessionId)).lastUsedAt).toBeNull();
    }
    expect(heard).toEqual([]);
  });

  it('two rotations of one token at once: exactly one succeeds', async () => {
    const s = await sessionStart({ ex: database.orm, tables, userId: await user(), ttlSeconds: 3600 });
    const results = await Promise.allSettled([
      sessionRotate({ orm: database.orm, tables, refreshToken: s.refreshToken }),
      sessionRotate({ orm: database.orm, tables, refreshToken: s.refreshToken }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });
});

describe('revoking', () => {
  it('by refresh token (logout): that session only, once, with the hook told', async () => {
    const userId = await user();
    const a = await sessionStart({ ex: database.orm, tables, userId, ttlSeconds: 3600 });
    const b = await sessionStart({ ex: database.orm, tables, userId, ttlSeconds: 3600 });
    const { heard, revoked } = hook();
    expect(await sessionRevokeByToken({ ex: database.orm, tables, refreshToken: a.refreshToken, revoked })).toBe(true);
    expect(await sessionOf(a.sessionId)).toMatchObject({ revokedReason: 'logout', revokedAt: expect.any(Date) });
    expect((await sessionOf(b.sessionId)).revokedAt).toBeNull();
    expect(heard).toEqual([{ sessionId: a.sessionId, inTx: false }]);
    // Already revoked, or unknown: false, and the first revocation stands.
    const at = (await sessionOf(a.sessionId)).revokedAt;
    expect(await sessionRevokeByToken({ ex: database.orm, tables, refreshToken: a.refreshToken, revoked })).toBe(false);
    expect(await sessionRevokeByToken({ ex: database.orm, tables, refreshToken: 'unknown', revoked })).toBe(false);
    expect((await sessionOf(a.sessionId)).revokedAt).toEqual(at);
    expect(heard).toHaveLength(1);
    await expect(sessionRotate({ orm: database.orm, tables, refreshToken: a.refreshToken })).rejects.toThrow();
  });

  it('every session of a user, or all but one, with the reason; other users keep theirs', async () => {
    const userId = await user();
    const other = await user();
    const [a, b, c] = await Promise.all(
      [1, 2, 3].map(() => sessionStart({ ex: database.orm, tables, userId, ttlSeconds: 3600 })),
    );
    const theirs = await sessionStart({ ex: database.orm, tables, userId: other, ttlSeconds: 3600 });
    const { heard, revoked } = hook();
    await sessionRevokeAllForUser({
      ex: database.orm,
      tables,
      userId,
      reason: 'password-changed',
      exceptSessionId: a!.sessionId,
      revoked,
    });
    expect((await sessionOf(a!.sessionId)).revokedAt).toBeNull();
    for (const s of [b!, c!]) expect(await sessionOf(s.sessionId)).toMatchObject({ revokedReason: 'password-changed' });
    expect((await sessionOf(theirs.sessionId)).revokedAt).toBeNull();
    expect(heard).toEqual([{ userId, inTx: false }]);

    // Without an exception every one goes; an already revoked session keeps its first reason.
    await sessionRevokeAllForUser({ ex: database.orm, tables, userId, reason: 'deactivated' });
    expect(await sessionOf(a!.sessionId)).toMatchObject({ revokedReason: 'deactivated' });
    expect(await sessionOf(b!.sessionId)).toMatchObject({ revokedReason: 'password-changed' });
    expect((await sessionOf(theirs.sessionId)).revokedAt).toBeNull();
  });
});
