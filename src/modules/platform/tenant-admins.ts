// A tenant's SUPER_ADMINs as platform administrators manage them: list, reset a password,
// deactivate (never the tenant's last active one) and reactivate, so a locked-out owner can be let
// back in without replacing the tenant. Only SUPER_ADMINs are reachable: any other user id of the
// tenant answers NOT_FOUND, as the platform sees no tenant business data. Each change ends the
// user's sessions where it must (through the session cache's NOTIFY, on every process) and is
// audited in its own transaction.
import { and, count, eq, ne, sql } from 'drizzle-orm';
import { tenantSessionsChanged } from '../../auth/session-cache.js';
import { sessionRevokeAllForUser, type SessionTables } from '../../auth/sessions.js';
import type { PlatformViewer } from '../../auth/viewer.js';
import { type Connection, keysetList, mapNodes } from '../../db/paging.js';
import { inTransaction, tenantDb, type Executor, type TenantDb } from '../../db/tenant-db.js';
import { notFound, conflict } from '../../errors.js';
import type { Runtime } from '../../runtime.js';
import type { TenantRecord } from '../../tenancy/registry.js';
import { parseInput, uuid } from '../shared-validation.js';
import type { PageArgs } from '../shared-args.js';
import { assertSeatFree } from '../users/index.js';
import { platformAuditRecord } from './audit.js';
import type { TenantAdminModel } from './models.js';
import { resetTenantAdminPasswordInput } from './validation.js';

export interface TenantAdminArgs {
  runtime: Runtime;
  viewer: PlatformViewer;
  tenantId: string;
}

async function tenantOf(runtime: Runtime, rawId: string): Promise<{ tenant: TenantRecord; db: TenantDb }> {
  const tenant = await runtime.registry.byId(parseInput(uuid, rawId, 'tenantId'));
  if (!tenant) throw notFound('Tenant');
  return { tenant, db: tenantDb(runtime.database, tenant.schemaName) };
}

function columns(db: TenantDb) {
  const u = db.t.users;
  return {
    id: u.id,
    email: u.email,
    firstName: u.firstName,
    lastName: u.lastName,
    isActive: u.isActive,
    lastLoginAt: u.lastLoginAt,
    createdAt: u.createdAt,
  };
}

/** The tenant's SUPER_ADMIN `id`, locked for the rest of `ex`'s transaction when `lock` is set. */
async function superAdminGet(
  ex: Executor,
  db: TenantDb,
  tenant: TenantRecord,
  id: string,
  lock = false,
): Promise<TenantAdminModel> {
  const u = db.t.users;
  const query = ex
    .select(columns(db))
    .from(u)
    .where(and(eq(u.id, id), eq(u.role, 'SUPER_ADMIN')));
  const [row] = await (lock ? query.for('update') : query);
  if (!row) throw notFound('Tenant SUPER_ADMIN');
  return { ...row, tenant };
}

export async function tenantAdminList({
  runtime,
  tenantId,
  first,
  after,
}: TenantAdminArgs & PageArgs): Promise<Connection<TenantAdminModel>> {
  const { tenant, db } = await tenantOf(runtime, tenantId);
  const u = db.t.users;
  const page = await keysetList<typeof u, Omit<TenantAdminModel, 'tenant'>>({
    orm: db.orm,
    table: u,
    where: eq(u.role, 'SUPER_ADMIN'),
    order: [u.email, u.id],
    columns: columns(db),
    first,
    after,
  });
  return mapNodes(page, (r) => ({ ...r, tenant }));
}

const sessionTables = (db: TenantDb) => db.t as unknown as SessionTables;

export async function tenantAdminResetPassword(
  args: TenantAdminArgs & { userId: string; input: unknown },
): Promise<TenantAdminModel> {
  const { runtime, viewer } = args;
  const { tenant, db } = await tenantOf(runtime, args.tenantId);
  const userId = parseInput(uuid, args.userId, 'userId');
  const { newPassword } = parseInput(resetTenantAdminPasswordInput, args.input);
  await superAdminGet(db.orm, db, tenant, userId);
  const passwordHash = await runtime.passwords.hash(newPassword);
  return inTransaction(db.orm, async (tx) => {
    const admin = await superAdminGet(tx, db, tenant, userId, true);
    // updated_by_id names tenant users only: the platform actor is in the audit record.
    await tx.update(db.t.users).set({ passwordHash, updatedById: null }).where(eq(db.t.users.id, userId));
    await sessionRevokeAllForUser({
      ex: tx,
      tables: sessionTables(db),
      userId,
      reason: 'password-reset-by-platform',
      revoked: tenantSessionsChanged(db),
    });
    await platformAuditRecord(tx, {
      viewer,
      action: 'TENANT_ADMIN_PASSWORD_RESET',
      targetType: 'TenantUser',
      targetId: userId,
      tenant,
      details: { email: admin.email },
    });
    return admin;
  });
}

/**
 * Changes of a tenant's SUPER_ADMINs' state are serialised per tenant, so two concurrent
 * deactivations cannot leave it without an active owner; reactivation takes a seat like any user.
 */
export async function tenantAdminSetActive(
  args: TenantAdminArgs & { userId: string; isActive: boolean },
): Promise<TenantAdminModel> {
  const { runtime, viewer, isActive } = args;
  const { tenant, db } = await tenantOf(runtime, args.tenantId);
  const userId = parseInput(uuid, args.userId, 'userId');
  const u = db.t.users;
  return inTransaction(db.orm, async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`owners:${db.schemaName}`}))`);
    const admin = await superAdminGet(tx, db, tenant, userId, true);
    if (admin.isActive === isActive) return admin;
    if (isActive) await assertSeatFree({ tx, schemaName: db.schemaName, users: u });
    else {
      const [others] = await tx
        .select({ n: count() })
        .from(u)
        .where(and(eq(u.role, 'SUPER_ADMIN'), eq(u.isActive, true), ne(u.id, userId)));
      if (!others!.n) throw conflict("The tenant's last active SUPER_ADMIN cannot be deactivated", 'userId');
    }
    await tx.update(u).set({ isActive, updatedById: null }).where(eq(u.id, userId));
    if (!isActive) {
      await sessionRevokeAllForUser({
        ex: tx,
        tables: sessionTables(db),
        userId,
        reason: 'user-deactivated-by-platform',
        revoked: tenantSessionsChanged(db),
      });
    }
    await platformAuditRecord(tx, {
      viewer,
      action: isActive ? 'TENANT_ADMIN_REACTIVATED' : 'TENANT_ADMIN_DEACTIVATED',
      targetType: 'TenantUser',
      targetId: userId,
      tenant,
      details: { email: admin.email },
    });
    return { ...admin, isActive };
  });
}
