// Sign-in, token refresh, sign-out and the viewer's own account, for tenant users (in a tenant
// context) and platform administrators (in the platform context) alike.
import { eq, sql } from 'drizzle-orm';
import { platformAdmins, platformRefreshTokens, platformSessions } from '../../../db/tables/public.js';
import { inTransaction, type TenantDb } from '../../../db/tenant-db.js';
import { tenantSessionsChanged } from '../../../auth/session-cache.js';
import type { Viewer } from '../../../auth/viewer.js';
import {
  sessionRevokeAllForUser,
  sessionRevokeByToken,
  sessionRotate,
  sessionStart,
  type SessionTables,
} from '../../../auth/sessions.js';
import type { TokenRole } from '../../../auth/tokens.js';
import { AppError, notFound, unauthenticated } from '../../../errors.js';
import type { MeModel } from '../models.js';
import type { Runtime } from '../../../runtime.js';
import { parseInput } from '../../shared-validation.js';
import { changeMyPasswordInput, loginInput, refreshTokenInput } from '../validation.js';

export interface AuthPayload {
  accessToken: string;
  refreshToken: string;
  accessTokenExpiresAt: Date;
}

interface Account {
  id: string;
  /** Null for an invited user who has not accepted yet: no password matches. */
  passwordHash: string | null;
  isActive: boolean;
  role: TokenRole;
}

/** The platform's session tables in the shape the session functions take. */
export const platformSessionTables = {
  sessions: platformSessions,
  refreshTokens: platformRefreshTokens,
} as unknown as SessionTables;

function sessionTablesOf(db: TenantDb | null): SessionTables {
  return db ? (db.t as unknown as SessionTables) : platformSessionTables;
}

/** The account behind a login (by lowercased email) or a session (by id), tenant or platform. */
async function accountBy(
  runtime: Runtime,
  db: TenantDb | null,
  key: { email: string } | { id: string },
): Promise<Account | undefined> {
  if (db) {
    const u = db.t.users;
    const [row] = await db.orm
      .select({ id: u.id, passwordHash: u.passwordHash, isActive: u.isActive, role: u.role })
      .from(u)
      .where('email' in key ? sql`lower(${u.email}) = ${key.email}` : eq(u.id, key.id));
    return row;
  }
  const p = platformAdmins;
  const [row] = await runtime.database.orm
    .select({ id: p.id, passwordHash: p.passwordHash, isActive: p.isActive })
    .from(p)
    .where('email' in key ? eq(p.email, key.email) : eq(p.id, key.id));
  return row && { ...row, role: 'SUPER_SUPER_ADMIN' };
}

export interface SessionOpenArgs {
  runtime: Runtime;
  db: TenantDb | null;
  userId: string;
  role: TokenRole;
  userAgent?: string | undefined;
  clientIp?: string | undefined;
}

/** Opens a session for an already verified account and signs its first access token. */
export async function sessionOpen(args: SessionOpenArgs): Promise<AuthPayload> {
  const { runtime, db } = args;
  const orm = db ? db.orm : runtime.database.orm;
  const started = await sessionStart({
    ex: orm,
    tables: sessionTablesOf(db),
    userId: args.userId,
    ttlSeconds: runtime.config.jwt.refreshTtlSeconds,
    userAgent: args.userAgent,
    ip: args.clientIp,
  });
  return signedPayload(runtime, db, { sub: args.userId, sid: started.sessionId, role: args.role }, started.refreshToken);
}

/** A session's new access token (a tenant user's names the tenant) beside its refresh token. */
async function signedPayload(
  runtime: Runtime,
  db: TenantDb | null,
  claims: { sub: string; sid: string; role: TokenRole },
  refreshToken: string,
): Promise<AuthPayload> {
  const access = await runtime.tokens.sign({ ...claims, ...(db ? { tid: await tenantSlugOf(runtime, db) } : {}) });
  return { accessToken: access.token, refreshToken, accessTokenExpiresAt: access.expiresAt };
}

async function tenantSlugOf(runtime: Runtime, db: TenantDb): Promise<string> {
  const tenant = await runtime.registry.bySchemaName(db.schemaName);
  if (!tenant) throw new AppError('TENANT_NOT_FOUND', 'Tenant not found');
  return tenant.slug;
}

export interface SessionLoginArgs {
  runtime: Runtime;
  db: TenantDb | null;
  clientIp: string;
  userAgent: string | undefined;
  input: unknown;
}

/**
 * The platform context's refusal carries a hint for tenant users who forgot the header. It is the
 * same on every failed platform login, so it says nothing about whether the email exists anywhere.
 */
const platformLoginFailed = (runtime: Runtime) =>
  `Invalid email or password. This is the platform sign-in, for platform administrators: tenant users send the X-Tenant header with their tenant's slug (or sign in at <slug>.${runtime.config.baseDomain})`;

export async function sessionLogin(args: SessionLoginArgs): Promise<AuthPayload> {
  const { runtime, db, clientIp } = args;
  const { email, password } = parseInput(loginInput, args.input);
  // Counted before the slow hash check: parallel guesses get no more checks than the limit.
  const attempt = await runtime.logins.login(`${db?.schemaName ?? 'platform'}:${email}`, clientIp);

  const account = await accountBy(runtime, db, { email });
  const passwordOk = await runtime.passwords.verify(account?.passwordHash ?? null, password);
  if (!account || !passwordOk || !account.isActive)
    throw unauthenticated(db ? 'Invalid email or password' : platformLoginFailed(runtime));
  await attempt.succeeded();
  if (db) await db.orm.update(db.t.users).set({ lastLoginAt: new Date() }).where(eq(db.t.users.id, account.id));
  else
    await runtime.database.orm.update(platformAdmins).set({ lastLoginAt: new Date() }).where(eq(platformAdmins.id, account.id));
  return sessionOpen({ runtime, db, userId: account.id, role: account.role, userAgent: args.userAgent, clientIp });
}

export type SessionRefreshArgs = { runtime: Runtime; db: TenantDb | null; input: unknown };

export async function sessionRefresh(args: SessionRefreshArgs): Promise<AuthPayload> {
  const { runtime, db } = args;
  const { refreshToken } = parseInput(refreshTokenInput, args.input);
  const tables = sessionTablesOf(db);
  const orm = db ? db.orm : runtime.database.orm;
  const revoked = db ? tenantSessionsChanged(db) : undefined;
  const rotated = await sessionRotate({ orm, tables, refreshToken, revoked });
  const account = await accountBy(runtime, db, { id: rotated.userId });
  if (!account || !account.isActive) {
    await sessionRevokeAllForUser({ ex: orm, tables, userId: rotated.userId, reason: 'user-inactive', revoked });
    throw unauthenticated('Invalid or expired refresh token');
  }
  return signedPayload(runtime, db, { sub: account.id, sid: rotated.sessionId, role: account.role }, rotated.refreshToken);
}

export type SessionLogoutArgs = { runtime: Runtime; db: TenantDb | null; input: unknown };

export async function sessionLogout(args: SessionLogoutArgs): Promise<boolean> {
  const { refreshToken } = parseInput(refreshTokenInput, args.input);
  const orm = args.db ? args.db.orm : args.runtime.database.orm;
  const revoked = args.db ? tenantSessionsChanged(args.db) : undefined;
  return sessionRevokeByToken({ ex: orm, tables: sessionTablesOf(args.db), refreshToken, revoked });
}

export type ViewerGetArgs = { runtime: Runtime; db: TenantDb | null; viewer: Viewer };

export async function viewerGet(args: ViewerGetArgs): Promise<MeModel> {
  const { runtime, db, viewer } = args;
  if (viewer.kind === 'tenant' && db) {
    const [u] = await db.orm
      .select({
        id: db.t.users.id,
        email: db.t.users.email,
        firstName: db.t.users.firstName,
        lastName: db.t.users.lastName,
        role: db.t.users.role,
      })
      .from(db.t.users)
      .where(eq(db.t.users.id, viewer.id));
    if (!u) throw notFound('User');
    return { ...u, tenant: viewer.tenant };
  }
  const [a] = await runtime.database.orm
    .select({
      id: platformAdmins.id,
      email: platformAdmins.email,
      firstName: platformAdmins.firstName,
      lastName: platformAdmins.lastName,
    })
    .from(platformAdmins)
    .where(eq(platformAdmins.id, viewer.id));
  if (!a) throw notFound('User');
  return { ...a, role: 'SUPER_SUPER_ADMIN', tenant: null };
}

export type ViewerChangePasswordArgs = {
  runtime: Runtime;
  db: TenantDb | null;
  viewer: Viewer;
  input: unknown;
};

export async function viewerChangePassword(args: ViewerChangePasswordArgs): Promise<boolean> {
  const { runtime, db, viewer } = args;
  const { currentPassword, newPassword } = parseInput(changeMyPasswordInput, args.input);
  const attempt = await runtime.logins.passwordChange(`${db?.schemaName ?? 'platform'}:${viewer.id}`);
  const account = await accountBy(runtime, db, { id: viewer.id });
  if (!account || !(await runtime.passwords.verify(account.passwordHash, currentPassword))) {
    throw new AppError('BAD_USER_INPUT', 'Current password is wrong', {
      fields: [{ path: 'input.currentPassword', message: 'is wrong' }],
    });
  }
  await attempt.succeeded();
  const passwordHash = await runtime.passwords.hash(newPassword);
  const orm = db ? db.orm : runtime.database.orm;
  await inTransaction(orm, async (tx) => {
    if (db) await tx.update(db.t.users).set({ passwordHash, updatedById: viewer.id }).where(eq(db.t.users.id, viewer.id));
    else await tx.update(platformAdmins).set({ passwordHash }).where(eq(platformAdmins.id, viewer.id));
    await sessionRevokeAllForUser({
      ex: tx,
      tables: sessionTablesOf(db),
      userId: viewer.id,
      reason: 'password-changed',
      exceptSessionId: viewer.sessionId,
      revoked: db ? tenantSessionsChanged(db) : undefined,
    });
  });
  return true;
}
