// The anonymous ends of the staff-account links: accepting an invitation (first password, then a
// session, as login gives) and the password reset (request it, then set the password, which ends
// every session of the user). Tokens live in the tenant's own schema, so a link of one tenant is
// simply unknown in every other. Mail leaves after commit, through the outbox (handlers/mail.ts).
import { and, eq, isNull, ne, sql } from 'drizzle-orm';
import { hashAccountToken, PASSWORD_RESET_TTL_MS } from '../../../auth/account-tokens.js';
import { tenantSessionsChanged } from '../../../auth/session-cache.js';
import { sessionRevokeAllForUser, type SessionTables } from '../../../auth/sessions.js';
import type { AccountTokenPurpose } from '../../../db/tables/account-tokens.js';
import { inTransaction, type Executor, type TenantDb } from '../../../db/tenant-db.js';
import { insertOne, single } from '../../../db/rows.js';
import { badInput, forbidden } from '../../../errors.js';
import { recordEvents } from '../../../events/outbox.js';
import type { Runtime } from '../../../runtime.js';
import { MAIL_OFF } from '../../users/index.js';
import { parseInput } from '../../shared-validation.js';
import { sessionOpen, type AuthPayload } from './sessions.js';
import { acceptInvitationInput, requestPasswordResetInput, resetPasswordInput } from '../validation.js';

const LINK_NAME: Record<AccountTokenPurpose, string> = { INVITATION: 'invitation', PASSWORD_RESET: 'password reset' };

/**
 * requestPasswordReset answers no sooner than this, whether or not the email has an account, so
 * its timing does not tell them apart (recording a token takes a few milliseconds more).
 */
const RESET_REQUEST_FLOOR_MS = 200;

interface ValidToken {
  id: string;
  userId: string;
}

/**
 * The unused, unexpired token of `purpose` behind `token`, or BAD_USER_INPUT on input.token saying
 * which: unknown (also a token of the other purpose, or of another tenant), used, or expired.
 * `lock` takes the row for the caller's transaction, so two uses of one link cannot both succeed.
 */
async function validToken(
  ex: Executor,
  db: TenantDb,
  token: string,
  purpose: AccountTokenPurpose,
  lock: boolean,
): Promise<ValidToken> {
  const { accountTokens: t, users: u } = db.t;
  const query = ex
    .select({ id: t.id, userId: t.userId, usedAt: t.usedAt, expiresAt: t.expiresAt, isActive: u.isActive })
    .from(t)
    .innerJoin(u, eq(u.id, t.userId))
    .where(and(eq(t.tokenHash, hashAccountToken(token)), eq(t.purpose, purpose)));
  const [row] = lock ? await query.for('update') : await query;
  const name = LINK_NAME[purpose];
  const refuse = (message: string) => badInput([{ path: 'input.token', message }]);
  if (!row) throw refuse(`is not a valid ${name} token`);
  if (row.usedAt) throw refuse(`this ${name} link was already used`);
  if (row.expiresAt.getTime() <= Date.now()) throw refuse(`this ${name} link has expired`);
  if (!row.isActive) throw refuse(`this ${name} link is no longer valid: the account is deactivated`);
  return { id: row.id, userId: row.userId };
}

export interface AccountLinkArgs {
  runtime: Runtime;
  db: TenantDb;
  input: unknown;
}

export interface InvitationAcceptArgs extends AccountLinkArgs {
  clientIp: string;
  userAgent: string | undefined;
}

/** Sets the invited user's first password and opens their first session. */
export async function invitationAccept(args: InvitationAcceptArgs): Promise<AuthPayload> {
  const { runtime, db } = args;
  const { token, password } = parseInput(acceptInvitationInput, args.input);
  // Checked before the slow hash, so a wrong link costs no hashing; checked again under the lock.
  await validToken(db.orm, db, token, 'INVITATION', false);
  const passwordHash = await runtime.passwords.hash(password);
  const { userId } = await inTransaction(db.orm, async (tx) => {
    const valid = await validToken(tx, db, token, 'INVITATION', true);
    await tx.update(db.t.accountTokens).set({ usedAt: new Date() }).where(eq(db.t.accountTokens.id, valid.id));
    const set = await tx
      .update(db.t.users)
      .set({ passwordHash, lastLoginAt: new Date() })
      .where(and(eq(db.t.users.id, valid.userId), isNull(db.t.users.passwordHash)))
      .returning({ id: db.t.users.id });
    // An administrator set a password meanwhile (resetUserPassword): the account is no longer pending.
    if (!set.length) throw badInput([{ path: 'input.token', message: 'this invitation link was already used' }]);
    return valid;
  });
  const user = await single(db.orm.select({ role: db.t.users.role }).from(db.t.users).where(eq(db.t.users.id, userId)));
  return sessionOpen({ runtime, db, userId, role: user.role, userAgent: args.userAgent, clientIp: args.clientIp });
}

export interface PasswordResetRequestArgs extends AccountLinkArgs {
  clientIp: string;
}

/**
 * Records a reset link for the email's account, if it is active and has a password; mailed after
 * commit. Always true, in about the same time: the answer never tells whether the account exists.
 */
export async function passwordResetRequest(args: PasswordResetRequestArgs): Promise<boolean> {
  const { runtime, db } = args;
  const started = Date.now();
  // The same refusal for every email: mail being off says nothing about an account.
  if (!runtime.mailer.enabled) throw forbidden(MAIL_OFF);
  const { email } = parseInput(requestPasswordResetInput, args.input);
  await runtime.resets.take(`${db.schemaName}:${email}`, args.clientIp);
  const u = db.t.users;
  const [user] = await db.orm
    .select({ id: u.id })
    .from(u)
    .where(and(sql`lower(${u.email}) = ${email}`, eq(u.isActive, true), sql`${u.passwordHash} is not null`));
  if (user) {
    await inTransaction(db.orm, async (tx) => {
      const token = await insertOne(tx, db.t.accountTokens, {
        userId: user.id,
        purpose: 'PASSWORD_RESET',
        expiresAt: new Date(Date.now() + PASSWORD_RESET_TTL_MS),
      });
      await recordEvents(tx, db, { entity: 'AccountToken', id: token.id, before: null, after: token, actorId: null });
    });
  }
  const wait = RESET_REQUEST_FLOOR_MS - (Date.now() - started);
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  return true;
}

export type PasswordResetArgs = AccountLinkArgs;

/** Sets a new password from a reset link; the user's other reset links die and every session ends. */
export async function passwordReset(args: PasswordResetArgs): Promise<boolean> {
  const { runtime, db } = args;
  const { token, newPassword } = parseInput(resetPasswordInput, args.input);
  await validToken(db.orm, db, token, 'PASSWORD_RESET', false);
  const passwordHash = await runtime.passwords.hash(newPassword);
  await inTransaction(db.orm, async (tx) => {
    const valid = await validToken(tx, db, token, 'PASSWORD_RESET', true);
    const t = db.t.accountTokens;
    await tx.update(t).set({ usedAt: new Date() }).where(eq(t.id, valid.id));
    await tx
      .update(t)
      .set({ usedAt: new Date() })
      .where(and(eq(t.userId, valid.userId), eq(t.purpose, 'PASSWORD_RESET'), isNull(t.usedAt), ne(t.id, valid.id)));
    await tx.update(db.t.users).set({ passwordHash }).where(eq(db.t.users.id, valid.userId));
    await sessionRevokeAllForUser({
      ex: tx,
      tables: db.t as unknown as SessionTables,
      userId: valid.userId,
      reason: 'password-reset-by-email',
      revoked: tenantSessionsChanged(db),
    });
  });
  return true;
}
