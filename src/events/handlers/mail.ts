// The `mail` handler: mails the one-time link of an account token (invitation, password reset).
//
// No usable secret is ever at rest. The request only records a pending token row (no hash yet)
// and its AccountToken.CREATE event, whose snapshot therefore holds nothing secret. This handler,
// in its own transaction, draws the random token, stores its sha256 on the row, and sends the link;
// the raw token exists only in memory and in the message. If sending fails the transaction rolls
// back (no hash stored) and the retry draws a new token; if the send succeeds but the commit
// fails, the mailed link is dead and the retry mails a working one. So a link is at least mailed
// once, and only the last mailed one works. The SMTP exchange runs inside the transaction, hence
// the mailer's short SMTP deadlines.
import { eq } from 'drizzle-orm';
import { hashAccountToken, newAccountToken } from '../../auth/account-tokens.js';
import type { MailMessage } from '../../mail/mailer.js';
import type { TenantRecord } from '../../tenancy/registry.js';
import type { HandlerArgs, HandlerOutcome } from './types.js';

/** `<APP_URL>/<page>?tenant=<slug>&token=<token>`; APP_URL may name the tenant itself with `{tenant}`. */
export function accountLink(appUrl: string, page: string, tenant: TenantRecord, token: string): string {
  const base = appUrl.replaceAll('{tenant}', tenant.slug);
  const query = new URLSearchParams({ ...(appUrl.includes('{tenant}') ? {} : { tenant: tenant.slug }), token });
  return `${base}/${page}?${query.toString()}`;
}

export async function mailHandler({ tx, db, tenant, ctx, mailer }: HandlerArgs): Promise<HandlerOutcome> {
  if (!mailer?.enabled) throw new Error('Mail is not configured in this process (SMTP_URL)');
  const { accountTokens: t, users: u } = db.t;
  const [row] = await tx
    .select({
      purpose: t.purpose,
      expiresAt: t.expiresAt,
      usedAt: t.usedAt,
      email: u.email,
      firstName: u.firstName,
      isActive: u.isActive,
    })
    .from(t)
    .innerJoin(u, eq(u.id, t.userId))
    .where(eq(t.id, ctx.entityId))
    .for('update');
  if (!row) return { status: 'SKIPPED', message: 'The token or its user is gone' };
  if (row.usedAt) return { status: 'SKIPPED', message: 'The token was used or withdrawn' };
  if (row.expiresAt.getTime() <= Date.now()) return { status: 'SKIPPED', message: 'The token expired before it was sent' };
  if (!row.isActive) return { status: 'SKIPPED', message: 'The user is deactivated' };

  const token = newAccountToken();
  await tx
    .update(t)
    .set({ tokenHash: hashAccountToken(token), sentAt: new Date() })
    .where(eq(t.id, ctx.entityId));
  const message: MailMessage =
    row.purpose === 'INVITATION'
      ? {
          to: row.email,
          subject: `You are invited to ${tenant.name}`,
          text: [
            `Hello ${row.firstName},`,
            '',
            `${ctx.performerName ?? 'An administrator'} invited you to ${tenant.name}. Choose your password to activate your account:`,
            '',
            accountLink(mailer.appUrl, 'accept-invitation', tenant, token),
            '',
            `The link works once, until ${row.expiresAt.toUTCString()}.`,
          ].join('\n'),
        }
      : {
          to: row.email,
          subject: `Reset your ${tenant.name} password`,
          text: [
            `Hello ${row.firstName},`,
            '',
            `A password reset was asked for your ${tenant.name} account. Choose a new password here:`,
            '',
            accountLink(mailer.appUrl, 'reset-password', tenant, token),
            '',
            'The link works once, for one hour. If you did not ask for it, ignore this message: your password stays as it is.',
          ].join('\n'),
        };
  await mailer.send(message);
  return { status: 'SUCCESS', message: `${row.purpose === 'INVITATION' ? 'Invitation' : 'Password reset'} mailed` };
}
