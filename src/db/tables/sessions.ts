// Login sessions and their rotating refresh tokens. One factory serves platform admins (public)
// and tenant users (each tenant schema), so both follow the same rotation and revocation rules.
import { index, text, type PgTableFn, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { createdAt, id, requiredRef, tsNullable } from './columns.js';

export function defineSessionTables<S extends string | undefined>(table: PgTableFn<S>, userId: () => AnyPgColumn, prefix = '') {
  const sessions = table(
    `${prefix}sessions`,
    {
      id: id(),
      userId: requiredRef('user_id', userId, 'cascade'),
      createdAt: createdAt(),
      lastUsedAt: tsNullable('last_used_at'),
      expiresAt: tsNullable('expires_at').notNull(),
      revokedAt: tsNullable('revoked_at'),
      revokedReason: text('revoked_reason'),
      userAgent: text('user_agent'),
      ip: text('ip'),
    },
    (t) => [index().on(t.userId)],
  );
  const refreshTokens = table(
    `${prefix}refresh_tokens`,
    {
      id: id(),
      sessionId: requiredRef('session_id', () => sessions.id, 'cascade'),
      tokenHash: text('token_hash').notNull().unique(),
      createdAt: createdAt(),
      usedAt: tsNullable('used_at'),
    },
    (t) => [index().on(t.sessionId)],
  );
  return { sessions, refreshTokens };
}
