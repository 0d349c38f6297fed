// Staff accounts by email: invitations and password resets, mailed through a real SMTP server
// started here, read back from the received message, and each link's failure modes.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashAccountToken } from '../src/auth/account-tokens.js';
import { tenantDb, type TenantDb } from '../src/db/tenant-db.js';
import { createLogger } from '../src/log.js';
import type { RunningServer } from '../src/server.js';
import { createOrgFixture, type OrgFixture } from './kit/org-fixture.js';
import { eventually } from './kit/waits.js';
import { ownDatabase } from './kit/own-database.js';
import { createTenant, gql, login, loginPlatform, must, sharedKeyEnv, startTestServer, uniqueSlug } from './kit/server.js';

interface Received {
  to: string[];
  raw: string;
}

const inbox: Received[] = [];
let smtp: SMTPServer;
let smtpPort = 0;
let server: RunningServer;
let fx: OrgFixture;
let db: TenantDb;

/** The message as text: quoted-printable soft breaks and escapes undone (long link lines get both). */
const decoded = (raw: string) =>
  raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));

async function mailTo(address: string, page: string, ms = 10_000): Promise<{ token: string; text: string; link: string }> {
  const end = Date.now() + ms;
  for (;;) {
    const found = inbox.find((m) => m.to.includes(address) && decoded(m.raw).includes(`/${page}?`));
    if (found) {
      const text = decoded(found.raw);
      const link = text.match(new RegExp(`https?://\\S+/${page}\\?\\S+`))![0];
      const token = new URL(link).searchParams.get('token')!;
      // The handler sends inside its transaction, so on PostgreSQL the message can arrive a few
      // milliseconds before the token's hash commits; a person reading mail never sees that window.
      await eventually(
        () =>
          db.orm
            .select({ id: db.t.accountTokens.id })
            .from(db.t.accountTokens)
            .where(eq(db.t.accountTokens.tokenHash, hashAccountToken(token))),
        (rows) => rows.length === 1,
      );
      return { token, text, link };
    }
    if (Date.now() > end) throw new Error(`no ${page} mail to ${address}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const INVITE = 'mutation($i: InviteUserInput!) { inviteUser(input: $i) { id email role isActive } }';
const ACCEPT =
  'mutation($i: AcceptInvitationInput!) { acceptInvitation(input: $i) { accessToken refreshToken accessTokenExpiresAt } }';
const REQUEST_RESET = 'mutation($e: String!) { requestPasswordReset(input: { email: $e }) }';
const RESET = 'mutation($i: ResetPasswordInput!) { resetPassword(input: $i) }';
const ME = '{ me { id email role } }';

let n = 0;
const invitee = (role = 'CONSULTANT', branchIds = [fx.branches.B11]) => ({
  email: `invitee${++n}@${fx.tenant.slug}.test`,
  firstName: 'Ivy',
  lastName: `Invitee ${n}`,
  role,
  branchIds,
});
const tenantOf = () => ({ tenant: fx.tenant.slug });

/** Invites a consultant as the owner and returns the link's token from the received mail. */
async function invited(): Promise<{ id: string; email: string; token: string }> {
  const i = invitee();
  const user = (await must(gql(server, INVITE, { i }, fx.as('SUPER_ADMIN')))).inviteUser;
  return { id: user.id, email: i.email, token: (await mailTo(i.email, 'accept-invitation')).token };
}

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        inbox.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  smtpPort = (smtp.server.address() as { port: number }).port;
  server = await startTestServer({
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    MAIL_FROM: 'Leopard Test <no-reply@leopard.test>',
    APP_URL: 'https://app.leopard.test',
    PASSWORD_RESET_MAX_PER_HOUR: '3',
  });
  fx = await createOrgFixture(server, (await loginPlatform(server)).accessToken);
  db = tenantDb(server.runtime.database, fx.tenant.schemaName);
}, 120_000);

afterAll(async () => {
  await server?.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

describe('inviting a user', () => {
  it('an invitee gets a link, cannot sign in before accepting, and gets a working session by accepting', async () => {
    const i = invitee();
    const user = (await must(gql(server, INVITE, { i }, fx.as('BRANCH_ADMIN@B11')))).inviteUser;
    expect(user).toMatchObject({ email: i.email, role: 'CONSULTANT', isActive: true });
    const mail = await mailTo(i.email, 'accept-invitation');
    expect(mail.text).toContain('From: Leopard Test <no-reply@leopard.test>');
    expect(mail.link).toMatch(new RegExp(`^https://app\\.leopard\\.test/accept-invitation\\?tenant=${fx.tenant.slug}&token=`));

    const early = await gql(
      server,
      'mutation($i: LoginInput!) { login(input: $i) { accessToken } }',
      {
        i: { email: i.email, password: 'anything-at-all' },
      },
      tenantOf(),
    );
    expect(early.codes).toEqual(['UNAUTHENTICATED']);

    const accepted = await gql(server, ACCEPT, { i: { token: mail.token, password: 'chosen-pass-1' } }, tenantOf());
    expect(accepted.errors).toBeUndefined();
    const session = accepted.data!.acceptInvitation;
    const me = await gql(server, ME, {}, { tenant: fx.tenant.slug, token: session.accessToken });
    expect(me.data!.me).toEqual({ id: user.id, email: i.email, role: 'CONSULTANT' });
    const refreshed = await gql(
      server,
      'mutation($t: String!) { refreshSession(input: { refreshToken: $t }) { accessToken } }',
      { t: session.refreshToken },
      tenantOf(),
    );
    expect(refreshed.errors).toBeUndefined();
    await expect(login(server, i.email, 'chosen-pass-1', fx.tenant.slug)).resolves.toHaveProperty('accessToken');
  });

  it('keeps no usable secret at rest: only the token hash is stored, and the event holds no token', async () => {
    const { id, token } = await invited();
    const rows = await db.orm.select().from(db.t.accountTokens).where(eq(db.t.accountTokens.userId, id));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.tokenHash).toBe(hashAccountToken(token));
    const events = await db.orm.select().from(db.t.events).where(eq(db.t.events.entityId, rows[0]!.id));
    expect(events.map((e) => e.eventType)).toEqual(['AccountToken.CREATE']);
    const stored = JSON.stringify(events);
    expect(stored).not.toContain(token);
    expect(stored).not.toContain(hashAccountToken(token));
  });

  it('a used invitation link is refused, saying so', async () => {
    const { token } = await invited();
    await must(gql(server, ACCEPT, { i: { token, password: 'chosen-pass-1' } }, tenantOf()));
    const again = await gql(server, ACCEPT, { i: { token, password: 'other-pass-1' } }, tenantOf());
    expect(again.codes).toEqual(['BAD_USER_INPUT']);
    expect(again.errors![0]!.extensions!.fields).toEqual([
      { path: 'input.token', message: 'this invitation link was already used' },
    ]);
  });

  it('an expired invitation link is refused, saying so, and the account stays pending', async () => {
    const { id, email, token } = await invited();
    await db.orm
      .update(db.t.accountTokens)
      .set({ expiresAt: sql`now() - interval '1 minute'` })
      .where(eq(db.t.accountTokens.userId, id));
    const r = await gql(server, ACCEPT, { i: { token, password: 'chosen-pass-1' } }, tenantOf());
    expect(r.codes).toEqual(['BAD_USER_INPUT']);
    expect(r.errors![0]!.extensions!.fields).toEqual([{ path: 'input.token', message: 'this invitation link has expired' }]);
    await expect(login(server, email, 'chosen-pass-1', fx.tenant.slug)).rejects.toThrow(/UNAUTHENTICATED/);
  });

  it('a wrong token, a reset token, or a token of another tenant is not an invitation token', async () => {
    const wrong = await gql(server, ACCEPT, { i: { token: 'x'.repeat(43), password: 'chosen-pass-1' } }, tenantOf());
    expect(wrong.codes).toEqual(['BAD_USER_INPUT']);
    expect(wrong.errors![0]!.extensions!.fields).toEqual([{ path: 'input.token', message: 'is not a valid invitation token' }]);

    const { token } = await invited();
    const other = await createTenant(server, (await loginPlatform(server)).accessToken);
    const elsewhere = await gql(server, ACCEPT, { i: { token, password: 'chosen-pass-1' } }, { tenant: other.slug });
    expect(elsewhere.errors![0]!.extensions!.fields).toEqual([
      { path: 'input.token', message: 'is not a valid invitation token' },
    ]);
    const platform = await gql(server, ACCEPT, { i: { token, password: 'chosen-pass-1' } });
    expect(platform.codes).toEqual(['FORBIDDEN']);

    const reset = await gql(server, RESET, { i: { token, newPassword: 'chosen-pass-1' } }, tenantOf());
    expect(reset.errors![0]!.extensions!.fields).toEqual([
      { path: 'input.token', message: 'is not a valid password reset token' },
    ]);
    // None of these used it up.
    await must(gql(server, ACCEPT, { i: { token, password: 'chosen-pass-1' } }, tenantOf()));
  });

  it('the password follows the usual rules', async () => {
    const { token } = await invited();
    const r = await gql(server, ACCEPT, { i: { token, password: 'short' } }, tenantOf());
    expect(r.errors![0]!.extensions!.fields).toEqual([{ path: 'input.password', message: 'must be at least 8 characters' }]);
  });
});

describe('who may invite (the rules of createUser)', () => {
  const refused = async (who: string, i: ReturnType<typeof invitee>, code: string) => {
    const r = await gql(server, INVITE, { i }, fx.as(who));
    expect(r.codes).toEqual([code]);
    const [row] = await db.orm.select({ id: db.t.users.id }).from(db.t.users).where(eq(db.t.users.email, i.email));
    expect(row).toBeUndefined();
  };

  it('a consultant cannot invite', () => refused('CONSULTANT@B11', invitee(), 'FORBIDDEN'));
  it('a branch admin cannot invite a branch admin', () => refused('BRANCH_ADMIN@B11', invitee('BRANCH_ADMIN'), 'FORBIDDEN'));
  it('a branch admin cannot invite into a branch outside its own', () =>
    refused('BRANCH_ADMIN@B11', invitee('CONSULTANT', [fx.branches.B12]), 'FORBIDDEN'));
  it('a region manager cannot invite into a branch of another region', () =>
    refused('REGION_MANAGER@B11', invitee('CONSULTANT', [fx.branches.B21]), 'FORBIDDEN'));
  it('a region manager invites a branch admin inside its region', async () => {
    const r = await gql(server, INVITE, { i: invitee('BRANCH_ADMIN', [fx.branches.B12]) }, fx.as('REGION_MANAGER@B11'));
    expect(r.errors).toBeUndefined();
  });
  it('an email already in the tenant is a conflict', async () => {
    const r = await gql(server, INVITE, { i: { ...invitee(), email: fx.users['CONSULTANT@B11']!.email } }, fx.as('SUPER_ADMIN'));
    expect(r.codes).toEqual(['CONFLICT']);
  });
  it('an invitation takes a seat: refused past maxUsers', async () => {
    const platform = (await loginPlatform(server)).accessToken;
    const small = await createTenant(server, platform, { maxUsers: 2 });
    const auth = { tenant: small.slug, token: small.ownerTokens.accessToken };
    const i = (k: number) => ({ email: `seat${k}@${small.slug}.test`, firstName: 'S', lastName: 'Eat', role: 'COUNTRY_MANAGER' });
    await must(gql(server, INVITE, { i: i(1) }, auth));
    const full = await gql(server, INVITE, { i: i(2) }, auth);
    expect(full.codes).toEqual(['FORBIDDEN']);
    expect(full.errors![0]!.message).toMatch(/limit of 2 active users/);
  });
});

describe('resetting a password by email', () => {
  it('a reset link sets the password and ends every session of the user', async () => {
    const u = fx.users['CONSULTANT@B12']!;
    const first = await login(server, u.email, u.password, fx.tenant.slug);
    const second = await login(server, u.email, u.password, fx.tenant.slug);
    expect(await must(gql(server, REQUEST_RESET, { e: u.email.toUpperCase() }, tenantOf()))).toEqual({
      requestPasswordReset: true,
    });
    const { token, link } = await mailTo(u.email, 'reset-password');
    expect(link).toContain(`tenant=${fx.tenant.slug}`);

    expect(await must(gql(server, RESET, { i: { token, newPassword: 'brand-new-pass-1' } }, tenantOf()))).toEqual({
      resetPassword: true,
    });
    for (const s of [first, second]) {
      expect((await gql(server, ME, {}, { tenant: fx.tenant.slug, token: s.accessToken })).codes).toEqual(['UNAUTHENTICATED']);
      const refresh = await gql(
        server,
        'mutation($t: String!) { refreshSession(input: { refreshToken: $t }) { accessToken } }',
        { t: s.refreshToken },
        tenantOf(),
      );
      expect(refresh.codes).toEqual(['UNAUTHENTICATED']);
    }
    await expect(login(server, u.email, u.password, fx.tenant.slug)).rejects.toThrow(/UNAUTHENTICATED/);
    await expect(login(server, u.email, 'brand-new-pass-1', fx.tenant.slug)).resolves.toHaveProperty('accessToken');

    const again = await gql(server, RESET, { i: { token, newPassword: 'another-pass-1' } }, tenantOf());
    expect(again.errors![0]!.extensions!.fields).toEqual([
      { path: 'input.token', message: 'this password reset link was already used' },
    ]);
  });

  it('an expired or wrong reset link is refused, saying which', async () => {
    const u = fx.users['CONSULTANT@B21']!;
    await must(gql(server, REQUEST_RESET, { e: u.email }, tenantOf()));
    const { token } = await mailTo(u.email, 'reset-password');
    await db.orm
      .update(db.t.accountTokens)
      .set({ expiresAt: sql`now() - interval '1 second'` })
      .where(eq(db.t.accountTokens.tokenHash, hashAccountToken(token)));
    const expired = await gql(server, RESET, { i: { token, newPassword: 'brand-new-pass-1' } }, tenantOf());
    expect(expired.codes).toEqual(['BAD_USER_INPUT']);
    expect(expired.errors![0]!.extensions!.fields).toEqual([
      { path: 'input.token', message: 'this password reset link has expired' },
    ]);
    const wrong = await gql(server, RESET, { i: { token: `${token}x`, newPassword: 'brand-new-pass-1' } }, tenantOf());
    expect(wrong.errors![0]!.extensions!.fields).toEqual([
      { path: 'input.token', message: 'is not a valid password reset token' },
    ]);
    await expect(login(server, u.email, u.password, fx.tenant.slug)).resolves.toHaveProperty('accessToken');
  });

  it('an unknown email, or an invitee who has not accepted, gets the same true and no mail', async () => {
    const pending = invitee();
    await must(gql(server, INVITE, { i: pending }, fx.as('SUPER_ADMIN')));
    await mailTo(pending.email, 'accept-invitation');
    const unknown = `nobody-${uniqueSlug()}@${fx.tenant.slug}.test`;
    const before = (await db.orm.select({ n: sql<number>`count(*)::int` }).from(db.t.accountTokens))[0]!.n;
    for (const e of [unknown, pending.email]) {
      const started = Date.now();
      expect(await must(gql(server, REQUEST_RESET, { e }, tenantOf()))).toEqual({ requestPasswordReset: true });
      expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    }
    const after = (await db.orm.select({ n: sql<number>`count(*)::int` }).from(db.t.accountTokens))[0]!.n;
    expect(after).toBe(before);
    // A mail would have come by now (the known-email cases above take well under a second).
    await new Promise((r) => setTimeout(r, 1000));
    expect(
      inbox.filter((m) => m.to.includes(unknown) || (m.to.includes(pending.email) && m.raw.includes('reset-password'))),
    ).toEqual([]);
  });

  it('is rate limited per email, known or not, with the same answer', async () => {
    const known = fx.users['BRANCH_ADMIN@B22']!.email;
    const unknown = `ghost-${uniqueSlug()}@${fx.tenant.slug}.test`;
    for (const e of [known, unknown]) {
      for (let k = 0; k < 3; k++) await must(gql(server, REQUEST_RESET, { e }, tenantOf()));
      const limited = await gql(server, REQUEST_RESET, { e }, tenantOf());
      expect(limited.codes).toEqual(['RATE_LIMITED']);
      expect(limited.errors![0]!.message).toMatch(/^Too many password reset requests; try again in \d+ s$/);
    }
    const tokens = await db.orm
      .select({ id: db.t.accountTokens.id })
      .from(db.t.accountTokens)
      .where(
        and(eq(db.t.accountTokens.userId, fx.users['BRANCH_ADMIN@B22']!.id), eq(db.t.accountTokens.purpose, 'PASSWORD_RESET')),
      );
    expect(tokens).toHaveLength(3);
  });
});

describe('without SMTP_URL', () => {
  it('in development each message is written to DATA_DIR/mail and the log names the file', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'leopard-mail-'));
    const lines: string[] = [];
    const logger = createLogger({ logLevel: 'info' }, { write: (line: string) => void lines.push(line) });
    // On PostgreSQL a database of its own: on the shared one, this file's other server (which has an
    // SMTP_URL) could take the invitation's event and send it instead.
    const own = process.env.DATABASE_URL ? await ownDatabase('staff_email_dev') : undefined;
    const dev = await startTestServer(
      { NODE_ENV: 'development', DATA_DIR: dataDir, DEMO_ON_FIRST_RUN: 'false', ...own?.env },
      { logger },
    );
    try {
      const t = await createTenant(dev, (await loginPlatform(dev)).accessToken);
      const email = `dev@${t.slug}.test`;
      const i = { email, firstName: 'Dev', lastName: 'Mode', role: 'COUNTRY_MANAGER' };
      await must(gql(dev, INVITE, { i }, { tenant: t.slug, token: t.ownerTokens.accessToken }));
      const end = Date.now() + 10_000;
      let entry: { file: string } | undefined;
      while (!entry && Date.now() < end) {
        entry = lines.map((l) => JSON.parse(l) as { msg: string; file: string }).find((l) => l.msg.startsWith('mail written'));
        if (!entry) await new Promise((r) => setTimeout(r, 50));
      }
      expect(entry!.file.startsWith(join(dataDir, 'mail'))).toBe(true);
      const text = decoded(await readFile(entry!.file, 'utf8'));
      expect(text).toContain(`To: ${email}`);
      const token = new URL(text.match(/https?:\/\/\S+\/accept-invitation\?\S+/)![0]).searchParams.get('token')!;
      // The log holds the file's name, never the link.
      expect(lines.join('\n')).not.toContain(token);
      const accepted = await gql(dev, ACCEPT, { i: { token, password: 'chosen-pass-1' } }, { tenant: t.slug });
      expect(accepted.errors).toBeUndefined();
    } finally {
      await dev.close();
      await own?.drop();
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 60_000);

  it('in production invitations and reset requests are refused with a clear error, for every email alike', async () => {
    const prod = await startTestServer({ NODE_ENV: 'production', ...(await sharedKeyEnv()) });
    try {
      const t = await createTenant(prod, (await loginPlatform(prod)).accessToken);
      const i = { email: `p@${t.slug}.test`, firstName: 'P', lastName: 'Rod', role: 'COUNTRY_MANAGER' };
      const invite = await gql(prod, INVITE, { i }, { tenant: t.slug, token: t.ownerTokens.accessToken });
      expect(invite.codes).toEqual(['FORBIDDEN']);
      expect(invite.errors![0]!.message).toMatch(/not configured on this server \(SMTP_URL\)/);
      for (const e of [t.owner.email, `nobody@${t.slug}.test`]) {
        const r = await gql(prod, REQUEST_RESET, { e }, { tenant: t.slug });
        expect(r.codes).toEqual(['FORBIDDEN']);
        expect(r.errors![0]!.message).toBe('Sending mail is not configured on this server (SMTP_URL)');
      }
    } finally {
      await prod.close();
    }
  }, 60_000);
});
