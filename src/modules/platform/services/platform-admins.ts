// Platform administrators managed through the API: create, deactivate (never the last active
// one) and reactivate, each change audited in its own transaction. A platform session is checked
// against platform_admins on every request (src/auth/viewer.ts keeps no cache of them), so a
// deactivation holds at once on every process; its sessions are revoked as well, so reactivating
// an administrator does not bring old tokens back.
import { and, count, eq, ne, sql } from 'drizzle-orm';
import { sessionRevokeAllForUser } from '../../../auth/sessions.js';
import { guardUnique, single } from '../../../db/rows.js';
import { platformAdmins } from '../../../db/tables/public.js';
import { inTransaction } from '../../../db/tenant-db.js';
import { conflict } from '../../../errors.js';
import { platformSessionTables } from '../../auth/index.js';
import type { PlatformArgs } from '../../shared-args.js';
import { parseInput, uuid } from '../../shared-validation.js';
import type { PlatformAdminModel } from '../models.js';
import { platformAdminGetById } from '../selectors/platform-admins.js';
import { createPlatformAdminInput } from '../validation.js';
import { platformAuditRecord } from './platform-audit.js';

export interface PlatformAdminCreateArgs extends PlatformArgs {
  input: unknown;
}

export async function platformAdminCreate({ runtime, viewer, input }: PlatformAdminCreateArgs): Promise<PlatformAdminModel> {
  const values = parseInput(createPlatformAdminInput, input);
  const passwordHash = await runtime.passwords.hash(values.password);
  return guardUnique(
    () =>
      inTransaction(runtime.database.orm, async (tx) => {
        const row = await single(
          tx
            .insert(platformAdmins)
            .values({
              email: values.email,
              passwordHash,
              ...(values.firstName ? { firstName: values.firstName } : {}),
              ...(values.lastName ? { lastName: values.lastName } : {}),
            })
            .returning({ id: platformAdmins.id }),
        );
        await platformAuditRecord({
          ex: tx,
          viewer,
          action: 'PLATFORM_ADMIN_CREATED',
          targetType: 'PlatformAdmin',
          targetId: row.id,
          details: { email: values.email },
        });
        return platformAdminGetById({ ex: tx, id: row.id });
      }),
    { message: 'A platform administrator with this email exists', path: 'input.email' },
  );
}

export interface PlatformAdminSetActiveArgs extends PlatformArgs {
  id: string;
  isActive: boolean;
}

/**
 * Deactivation ends the administrator's sessions in the same transaction. Changes of any
 * administrator's state are serialised by one lock, so two admins deactivating each other at the
 * same moment cannot leave the platform with none.
 */
export async function platformAdminSetActive({
  runtime,
  viewer,
  id: rawId,
  isActive,
}: PlatformAdminSetActiveArgs): Promise<PlatformAdminModel> {
  const id = parseInput(uuid, rawId, 'id');
  const p = platformAdmins;
  return inTransaction(runtime.database.orm, async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('platform-admins:active'))`);
    const admin = await platformAdminGetById({ ex: tx, id });
    if (admin.isActive === isActive) return admin;
    if (!isActive) {
      const [others] = await tx
        .select({ n: count() })
        .from(p)
        .where(and(eq(p.isActive, true), ne(p.id, id)));
      if (!others!.n) throw conflict('The last active platform administrator cannot be deactivated', 'id');
    }
    await tx.update(p).set({ isActive }).where(eq(p.id, id));
    if (!isActive) {
      await sessionRevokeAllForUser({ ex: tx, tables: platformSessionTables, userId: id, reason: 'admin-deactivated' });
    }
    await platformAuditRecord({
      ex: tx,
      viewer,
      action: isActive ? 'PLATFORM_ADMIN_REACTIVATED' : 'PLATFORM_ADMIN_DEACTIVATED',
      targetType: 'PlatformAdmin',
      targetId: id,
      details: { email: admin.email },
    });
    return platformAdminGetById({ ex: tx, id });
  });
}
