// Session families with rotating refresh tokens. Each refresh token works once; presenting a used
// one revokes the whole family. Works on the platform's and on every tenant's session tables.
import { and, eq, isNull, ne, sql } from 'drizzle-orm';
import type { Executor, Orm } from '../db/database.js';
import { inTransaction } from '../db/tenant-db.js';
import { single } from '../db/rows.js';
import type { RevocationHook } from './session-cache.js';
import type { defineSessionTables } from '../db/tables/sessions.js';
import { unauthenticated } from '../errors.js';
import { hashRefreshToken, newRefreshToken } from './tokens.js';

export type SessionTables = ReturnType<typeof defineSessionTables<string>>;

export interface StartedSession {
  sessionId: string;
  refreshToken: string;
}

export async function sessionStart(args: {
  ex: Executor;
  tables: SessionTables;
  userId: string;
  ttlSeconds: number;
  userAgent?: string | undefined;
  ip?: string | undefined;
}): Promise<StartedSession> {
  const { ex, tables, userId, ttlSeconds } = args;
  const session = await single(
    ex
      .insert(tables.sessions)
      .values({
        userId,
        expiresAt: new Date(Date.now() + ttlSeconds * 1000),
        userAgent: args.userAgent?.slice(0, 300) ?? null,
        ip: args.ip ?? null,
      })
      .returning({ id: tables.sessions.id }),
  );
  return { sessionId: session.id, refreshToken: await issueRefreshToken(ex, tables, session.id) };
}

/** A new refresh token of a session family: only its hash is stored. */
async function issueRefreshToken(ex: Executor, tables: SessionTables, sessionId: string): Promise<string> {
  const refreshToken = newRefreshToken();
  await ex.insert(tables.refreshTokens).values({ sessionId, tokenHash: hashRefreshToken(refreshToken) });
  return refreshToken;
}

export interface RotatedSession extends StartedSession {
  userId: string;
}

const INVALID = 'Invalid or expired refresh token';

/** What the functions that take a presented refresh token share. */
interface RefreshTokenArgs {
  tables: SessionTables;
  refreshToken: string;
  revoked?: RevocationHook | undefined;
}

export async function sessionRotate(args: RefreshTokenArgs & { orm: Orm }): Promise<RotatedSession> {
  const { orm, tables } = args;
  const hash = hashRefreshToken(args.refreshToken);
  const outcome = await inTransaction(orm, async (tx) => {
    const [row] = await tx
      .select({
        tokenId: tables.refreshTokens.id,
        usedAt: tables.refreshTokens.usedAt,
        sessionId: tables.sessions.id,
        userId: tables.sessions.userId,
        revokedAt: tables.sessions.revokedAt,
        expiresAt: tables.sessions.expiresAt,
      })
      .from(tables.refreshTokens)
      .innerJoin(tables.sessions, eq(tables.sessions.id, tables.refreshTokens.sessionId))
      .where(eq(tables.refreshTokens.tokenHash, hash))
      .for('update');
    if (!row || row.revokedAt || row.expiresAt.getTime() <= Date.now()) return { kind: 'invalid' as const };
    if (row.usedAt) {
      await tx
        .update(tables.sessions)
        .set({ revokedAt: new Date(), revokedReason: 'refresh-token-reuse' })
        .where(eq(tables.sessions.id, row.sessionId));
      await args.revoked?.(tx, { sessionId: row.sessionId });
      return { kind: 'reused' as const };
    }
    await tx.update(tables.refreshTokens).set({ usedAt: new Date() }).where(eq(tables.refreshTokens.id, row.tokenId));
    await tx.update(tables.sessions).set({ lastUsedAt: new Date() }).where(eq(tables.sessions.id, row.sessionId));
    const refreshToken = await issueRefreshToken(tx, tables, row.sessionId);
    return { kind: 'ok' as const, sessionId: row.sessionId, userId: row.userId, refreshToken };
  });
  if (outcome.kind === 'reused') throw unauthenticated('Refresh token was already used; the session has been revoked');
  if (outcome.kind === 'invalid') throw unauthenticated(INVALID);
  return outcome;
}

/** Revokes the session a refresh token belongs to; false when the token is unknown. */
export async function sessionRevokeByToken(args: RefreshTokenArgs & { ex: Executor }): Promise<boolean> {
  const { ex, tables } = args;
  const res = await ex
    .update(tables.sessions)
    .set({ revokedAt: new Date(), revokedReason: 'logout' })
    .where(
      and(
        isNull(tables.sessions.revokedAt),
        sql`${tables.sessions.id} = (select ${tables.refreshTokens.sessionId} from ${tables.refreshTokens} where ${tables.refreshTokens.tokenHash} = ${hashRefreshToken(args.refreshToken)})`,
      ),
    )
    .returning({ id: tables.sessions.id });
  for (const { id } of res) await args.revoked?.(ex, { sessionId: id });
  return res.length > 0;
}

export async function sessionRevokeAllForUser(args: {
  ex: Executor;
  tables: SessionTables;
  userId: string;
  reason: string;
  exceptSessionId?: string;
  revoked?: RevocationHook | undefined;
}): Promise<void> {
  const { ex, tables } = args;
  await ex
    .update(tables.sessions)
    .set({ revokedAt: new Date(), revokedReason: args.reason })
    .where(
      and(
        eq(tables.sessions.userId, args.userId),
        isNull(tables.sessions.revokedAt),
        args.exceptSessionId ? ne(tables.sessions.id, args.exceptSessionId) : undefined,
      ),
    );
  await args.revoked?.(ex, { userId: args.userId });
}
