// Changes of the tenant's settings (SUPER_ADMIN): a partial update of public.tenants.settings and
// its audit record (a TenantSettings.UPDATE row of the tenant's events) in one transaction, then
// every process's registry forgets the tenant, so requests and sweeps read the new settings.
import { eq } from 'drizzle-orm';
import { assertCan } from '../../access/can.js';
import type { TenantViewer } from '../../auth/viewer.js';
import { tenants } from '../../db/tables/public.js';
import { inTransaction, type TenantDb } from '../../db/tenant-db.js';
import { notFound } from '../../errors.js';
import { auditRecord } from '../../events/audit.js';
import type { TenantRegistry } from '../../tenancy/registry.js';
import { SETTING_NAMES, SETTING_RULES, tenantSettingsOf } from '../../tenancy/settings.js';
import { parseInput } from '../shared-validation.js';
import type { TenantSettingsModel } from './models.js';
import { updateTenantSettingsInput } from './validation.js';

export interface SettingsWriteArgs {
  db: TenantDb;
  viewer: TenantViewer;
  registry: TenantRegistry;
}

/** What is stored: only fields the tenant has set, and only values that still pass their rule. */
function storedOf(raw: unknown): Record<string, unknown> {
  const src = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const out: Record<string, unknown> = {};
  for (const name of SETTING_NAMES) {
    if (src[name] !== undefined && SETTING_RULES[name].safeParse(src[name]).success) out[name] = src[name];
  }
  return out;
}

export type TenantSettingsUpdateArgs = SettingsWriteArgs & { input: unknown };

export async function tenantSettingsUpdate({
  db,
  viewer,
  registry,
  input,
}: TenantSettingsUpdateArgs): Promise<TenantSettingsModel> {
  assertCan(viewer, 'settings:update');
  const patch = parseInput(updateTenantSettingsInput, input);
  const id = viewer.tenant.id;
  const { settings, changed } = await inTransaction(db.orm, async (tx) => {
    // Locked: two concurrent partial updates must not each write back the other's old values.
    const [row] = await tx.select({ settings: tenants.settings }).from(tenants).where(eq(tenants.id, id)).for('update');
    if (!row) throw notFound('Tenant');
    const before = tenantSettingsOf(row.settings);
    const stored = storedOf(row.settings);
    for (const name of SETTING_NAMES) {
      const value = patch[name];
      if (value === null) delete stored[name];
      else if (value !== undefined) stored[name] = value;
    }
    const after = tenantSettingsOf(stored);
    const changed = SETTING_NAMES.filter((name) => before[name] !== after[name]);
    if (!changed.length) return { settings: before, changed };
    await tx.update(tenants).set({ settings: stored }).where(eq(tenants.id, id));
    await auditRecord(tx, db, {
      entity: 'TenantSettings',
      id,
      before: { ...before },
      after: { ...after },
      changedFields: changed,
      actorId: viewer.id,
    });
    return { settings: after, changed };
  });
  if (changed.length) await registry.changed(id);
  return settings;
}
