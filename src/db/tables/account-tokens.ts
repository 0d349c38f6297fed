// One-time links of staff accounts: invitations (set a first password) and password resets. Only
// a token's sha256 is stored, and only once its mail is being sent (src/events/handlers/mail.ts):
// until then the row is a pending request with no secret at all.
import { index, text, type AnyPgColumn, type PgTableFn } from 'drizzle-orm/pg-core';
import { createdAt, enumCheck, id, optionalRef, requiredRef, tsNullable } from './columns.js';

export const ACCOUNT_TOKEN_PURPOSES = ['INVITATION', 'PASSWORD_RESET'] as const;
export type AccountTokenPurpose = (typeof ACCOUNT_TOKEN_PURPOSES)[number];

export function buildAccountTokenTables(table: PgTableFn<string>, refs: { userId: () => AnyPgColumn }) {
  const accountTokens = table(
    'account_tokens',
    {
      id: id(),
      userId: requiredRef('user_id', refs.userId, 'cascade'),
      purpose: text('purpose', { enum: ACCOUNT_TOKEN_PURPOSES }).notNull(),
      /** sha256 (hex) of the token in the mailed link; null until the mail handler made it. */
      tokenHash: text('token_hash').unique(),
      expiresAt: tsNullable('expires_at').notNull(),
      sentAt: tsNullable('sent_at'),
      usedAt: tsNullable('used_at'),
      createdById: optionalRef('created_by_id', refs.userId),
      createdAt: createdAt(),
    },
    (t) => [index().on(t.userId), enumCheck('account_tokens_purpose_check', t.purpose, ACCOUNT_TOKEN_PURPOSES)],
  );
  return { accountTokens };
}
