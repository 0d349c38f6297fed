// Reads of the tenant's settings (SUPER_ADMIN): from public.tenants itself, not the registry's
// copy, so a read right after a change on another process already sees it.
import { eq } from 'drizzle-orm';
import { assertCan } from '../../access/can.js';
import { tenants } from '../../db/tables/public.js';
import { notFound } from '../../errors.js';
import { tenantSettingsOf } from '../../tenancy/settings.js';
import type { TenantSettingsModel } from './models.js';
import type { TenantArgs } from '../shared-args.js';

export type SettingsReadArgs = TenantArgs;

export type TenantSettingsGetArgs = SettingsReadArgs;

export async function tenantSettingsGet({ db, viewer }: TenantSettingsGetArgs): Promise<TenantSettingsModel> {
  assertCan(viewer, 'settings:read');
  const [row] = await db.orm.select({ settings: tenants.settings }).from(tenants).where(eq(tenants.id, viewer.tenant.id));
  if (!row) throw notFound('Tenant');
  return tenantSettingsOf(row.settings);
}
