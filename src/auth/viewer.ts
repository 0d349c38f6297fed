// Who is making the request, established once per request from the bearer token.
import { and, eq, sql } from 'drizzle-orm';
import { effectiveActions } from '../access/actions.js';
import type { Database } from '../db/database.js';
import { platformAdmins, platformSessions } from '../db/tables/public.js';
import { compiled, UNNAMED } from '../db/compiled.js';
import { tenantDb, tenantTables } from '../db/tenant-db.js';
import type { TenantRecord } from '../tenancy/registry.js';
import { unauthenticated } from '../errors.js';
import { sessionCache, type CachedSession, type SessionGrant } from './session-cache.js';
import type { TokenService } from './tokens.js';

export interface TenantViewer extends SessionGrant {
  readonly kind: 'tenant';
  readonly id: string;
  readonly sessionId: string;
  readonly tenant: TenantRecord;
}

export interface PlatformViewer {
  readonly kind: 'platform';
  readonly id: string;
  readonly email: string;
  readonly role: 'SUPER_SUPER_ADMIN';
  readonly sessionId: string;
}

export type Viewer = TenantViewer | PlatformViewer;

export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const m = /^Bearer\s+(\S+)$/i.exec(header.trim());
  if (!m) throw unauthenticated('Authorization header must be "Bearer <token>"');
  return m[1];
}

/**
 * The session check, built once for every tenant: it runs on every request whose session is not
 * cached, and drizzle building its SQL anew cost more than the statement itself.
 */
const sessionCheck = compiled((orm) => {
  const t = tenantTables;
  const { userBranches: ub, userRegions: ur, branches: b, rolePermissions: rp } = t;
  return orm
    .select({
      email: t.users.email,
      role: t.users.role,
      isActive: t.users.isActive,
      revokedAt: t.sessions.revokedAt,
      expiresAt: t.sessions.expiresAt,
      branchIds: sql<string[]>`array(select ${ub.branchId}::text from ${ub} join ${b} on ${b.id} = ${ub.branchId}
        where ${ub.userId} = ${t.users.id} and ${b.deletedAt} is null)`,
      regionIds: sql<string[]>`array(select ${ur.regionId}::text from ${ur} where ${ur.userId} = ${t.users.id})`,
      granted: sql<string[]>`coalesce((select ${rp.granted} from ${rp} where ${rp.role} = ${t.users.role}), '{}')`,
      revoked: sql<string[]>`coalesce((select ${rp.revoked} from ${rp} where ${rp.role} = ${t.users.role}), '{}')`,
    })
    .from(t.sessions)
    .innerJoin(t.users, eq(t.users.id, t.sessions.userId))
    .where(and(eq(t.sessions.id, sql.placeholder('sid')), eq(t.sessions.userId, sql.placeholder('sub'))))
    .prepare(UNNAMED);
});

/**
 * Resolves a token to a viewer for the request's tenant (null tenant = platform). A token for
 * another tenant, a revoked session or a deactivated user is UNAUTHENTICATED: a tenant session
 * is read once (one primary-key join that also reads the user's branches, regions and the role's
 * permission override) and then kept in the process's session cache until a change to any of them
 * invalidates it, at once on the process that made it and within a round trip on every other
 * (src/auth/session-cache.ts).
 */
export async function authenticate(
  deps: { database: Database; tokens: TokenService },
  tenant: TenantRecord | null,
  token: string | undefined,
): Promise<Viewer | null> {
  if (token === undefined) return null;
  const claims = await deps.tokens.verify(token);
  if (!claims) throw unauthenticated('Invalid or expired access token');
  const orm = deps.database.orm;

  if (tenant === null) {
    if (claims.tid !== undefined || claims.role !== 'SUPER_SUPER_ADMIN') {
      throw unauthenticated('This token is not valid in the platform context');
    }
    const [row] = await orm
      .select({
        email: platformAdmins.email,
        isActive: platformAdmins.isActive,
        revokedAt: platformSessions.revokedAt,
        expiresAt: platformSessions.expiresAt,
      })
      .from(platformSessions)
      .innerJoin(platformAdmins, eq(platformAdmins.id, platformSessions.userId))
      .where(and(eq(platformSessions.id, claims.sid), eq(platformSessions.userId, claims.sub)));
    if (!row || !row.isActive || row.revokedAt || row.expiresAt.getTime() <= Date.now()) {
      throw unauthenticated('Session is no longer valid');
    }
    return { kind: 'platform', id: claims.sub, email: row.email, role: 'SUPER_SUPER_ADMIN', sessionId: claims.sid };
  }

  if (claims.tid !== tenant.slug) throw unauthenticated('This token is not valid for this tenant');
  const session = await tenantSession(deps.database, tenant.schemaName, claims.sid, claims.sub);
  return {
    kind: 'tenant',
    id: claims.sub,
    email: session.email,
    role: session.role,
    sessionId: claims.sid,
    tenant,
    branchIds: session.branchIds,
    regionIds: session.regionIds,
    actions: session.actions,
  };
}

/** A live session of user `sub`, from this process's cache or else the database. */
async function tenantSession(database: Database, schemaName: string, sid: string, sub: string): Promise<CachedSession> {
  const cache = sessionCache(database);
  const now = Date.now();
  const hit = cache.get(schemaName, sid, now);
  if (hit && hit.userId === sub) return hit;
  const generation = cache.mark();
  const [row] = await sessionCheck(tenantDb(database, schemaName), { sid, sub });
  if (!row || !row.isActive || row.revokedAt || row.expiresAt.getTime() <= now) {
    throw unauthenticated('Session is no longer valid');
  }
  const session: CachedSession = {
    userId: sub,
    email: row.email,
    role: row.role,
    branchIds: row.branchIds,
    regionIds: row.regionIds,
    actions: effectiveActions(row.role, { granted: row.granted, revoked: row.revoked }),
    expiresAtMs: row.expiresAt.getTime(),
    cachedAtMs: now,
  };
  cache.set(schemaName, sid, session, generation);
  return session;
}
