// A tenant's SUPER_ADMINs as platform administrators manage them: reset a password, deactivate
// (never the tenant's last active one) and reactivate, so a locked-out owner can be let back in
// without replacing the tenant. Each change ends the user's sessions where it must (through the
// session cache's NOTIFY, on every process) and is audited in its own transaction.
import { and, count, eq, ne, sql } from 'drizzle-orm';
import { tenantSessionsChanged } from '../../../auth/session-cache.js';
import { sessionRevokeAllForUser, type SessionTables } from '../../../auth/sessions.js';
import { inTransaction, type TenantDb } from '../../../db/tenant-db.js';
import { conflict } from '../../../errors.js';
import { parseInput, uuid } from '../../shared-validation.js';
import { assertSeatFree } from '../../users/index.js';
import type { TenantAdminModel } from '../models.js';
import { tenantAdminGetById, type TenantAdminReadArgs } from '../selectors/tenant-admins.js';
import { tenantWithDbGetById } from '../selectors/tenants.js';
import { resetTenantAdminPasswordInput } from '../validation.js';
import { platformAuditRecord } from './platform-audit.js';

const sessionTables = (db: TenantDb) => db.t as unknown as SessionTables;

export interface TenantAdminResetPasswordArgs extends TenantAdminReadArgs {
  userId: string;
  input: unknown;
}

export async function tenantAdminResetPassword(args: TenantAdminResetPasswordArgs): Promise<TenantAdminModel> {
  const { runtime, viewer } = args;
  const { tenant, db } = await tenantWithDbGetById({ runtime, tenantId: args.tenantId });
  const userId = parseInput(uuid, args.userId, 'userId');
  const { newPassword } = parseInput(resetTenantAdminPasswordInput, args.input);
  await tenantAdminGetById({ ex: db.orm, db, tenant, id: userId });
  const passwordHash = await runtime.passwords.hash(newPassword);
  return inTransaction(db.orm, async (tx) => {
    const admin = await tenantAdminGetById({ ex: tx, db, tenant, id: userId, lock: true });
    // updated_by_id names tenant users only: the platform actor is in the audit record.
    await tx.update(db.t.users).set({ passwordHash, updatedById: null }).where(eq(db.t.users.id, userId));
    await sessionRevokeAllForUser({
      ex: tx,
      tables: sessionTables(db),
      userId,
      reason: 'password-reset-by-platform',
      revoked: tenantSessionsChanged(db),
    });
    await platformAuditRecord({
      ex: tx,
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

export interface TenantAdminSetActiveArgs extends TenantAdminReadArgs {
  userId: string;
  isActive: boolean;
}

/**
 * Changes of a tenant's SUPER_ADMINs' state are serialised per tenant, so two concurrent
 * deactivations cannot leave it without an active owner; reactivation takes a seat like any user.
 */
export async function tenantAdminSetActive(args: TenantAdminSetActiveArgs): Promise<TenantAdminModel> {
  const { runtime, viewer, isActive } = args;
  const { tenant, db } = await tenantWithDbGetById({ runtime, tenantId: args.tenantId });
  const userId = parseInput(uuid, args.userId, 'userId');
  const u = db.t.users;
  return inTransaction(db.orm, async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`owners:${db.schemaName}`}))`);
    const admin = await tenantAdminGetById({ ex: tx, db, tenant, id: userId, lock: true });
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
    await platformAuditRecord({
      ex: tx,
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
