// Platform administrators managed through the API: list, create, deactivate (never the last active
// one) and reactivate, each change audited in its own transaction. A platform session is checked
// against platform_admins on every request (src/auth/viewer.ts keeps no cache of them), so a
// deactivation holds at once on every process; its sessions are revoked as well, so reactivating
// an administrator does not bring old tokens back.
import { and, count, eq, getTableColumns, ne, sql } from 'drizzle-orm';
import { sessionRevokeAllForUser } from '../../auth/sessions.js';
import type { PlatformViewer } from '../../auth/viewer.js';
import { type Connection, keysetList } from '../../db/paging.js';
import { guardUnique, single } from '../../db/rows.js';
import { rowWhere } from '../../db/scoped-rows.js';
import { platformAdmins } from '../../db/tables/public.js';
import { inTransaction, type Tx } from '../../db/tenant-db.js';
import { conflict } from '../../errors.js';
import type { Runtime } from '../../runtime.js';
import { platformSessionTables } from '../auth/index.js';
import { parseInput, uuid } from '../shared-validation.js';
import type { PageArgs } from '../shared-args.js';
import { platformAuditRecord } from './audit.js';
import type { PlatformAdminModel } from './models.js';
import { createPlatformAdminInput } from './validation.js';

export interface PlatformAdminArgs {
  runtime: Runtime;
  viewer: PlatformViewer;
}

const { passwordHash: _, ...adminColumns } = getTableColumns(platformAdmins);

async function adminGet(ex: Runtime['database']['orm'] | Tx, id: string): Promise<PlatformAdminModel> {
  return rowWhere<typeof platformAdmins, PlatformAdminModel>(
    ex,
    platformAdmins,
    id,
    undefined,
    'Platform administrator',
    adminColumns,
  );
}

export async function platformAdminList({
  runtime,
  first,
  after,
}: PlatformAdminArgs & PageArgs): Promise<Connection<PlatformAdminModel>> {
  const p = platformAdmins;
  return keysetList<typeof p, PlatformAdminModel>({
    orm: runtime.database.orm,
    table: p,
    order: [p.email, p.id],
    columns: adminColumns,
    first,
    after,
  });
}

export async function platformAdminCreate({
  runtime,
  viewer,
  input,
}: PlatformAdminArgs & { input: unknown }): Promise<PlatformAdminModel> {
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
        await platformAuditRecord(tx, {
          viewer,
          action: 'PLATFORM_ADMIN_CREATED',
          targetType: 'PlatformAdmin',
          targetId: row.id,
          details: { email: values.email },
        });
        return adminGet(tx, row.id);
      }),
    { message: 'A platform administrator with this email exists', path: 'input.email' },
  );
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
}: PlatformAdminArgs & { id: string; isActive: boolean }): Promise<PlatformAdminModel> {
  const id = parseInput(uuid, rawId, 'id');
  const p = platformAdmins;
  return inTransaction(runtime.database.orm, async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('platform-admins:active'))`);
    const admin = await adminGet(tx, id);
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
    await platformAuditRecord(tx, {
      viewer,
      action: isActive ? 'PLATFORM_ADMIN_REACTIVATED' : 'PLATFORM_ADMIN_DEACTIVATED',
      targetType: 'PlatformAdmin',
      targetId: id,
      details: { email: admin.email },
    });
    return adminGet(tx, id);
  });
}
