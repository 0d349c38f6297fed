// One-time tokens of staff-account links (invitations, password resets): 32 random bytes, stored
// only as their sha256, which is enough for a secret this long (no need for a slow hash).
import { createHash, randomBytes } from 'node:crypto';

/** How long a link works: an invitation a week, a password reset an hour. */
export const INVITATION_TTL_MS = 7 * 24 * 3600 * 1000;
export const PASSWORD_RESET_TTL_MS = 3600 * 1000;

export function newAccountToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashAccountToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
