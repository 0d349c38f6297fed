// The tenant's settings at the service level: the owner's alone, changed field by field, audited
// once per real change, and handed to the registry so what runs next reads them.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { tenantSettingsGet } from '../../src/modules/settings/selectors.js';
import { tenantSettingsUpdate } from '../../src/modules/settings/services.js';
import { refused, useServiceOrg } from '../kit/service-kit.js';

const org = useServiceOrg();

/** Changes the settings as the owner, through the server's registry. */
async function update(input: Record<string, unknown>) {
  const viewer = await org.viewer('SUPER_ADMIN');
  return tenantSettingsUpdate({ db: org.db, viewer, registry: org.server.runtime.registry, input });
}

/** The changed fields of each audit record of the settings, oldest first. */
async function audits(): Promise<string[][]> {
  const e = org.db.t.events;
  const rows = await org.db.orm.select().from(e).where(eq(e.eventType, 'TenantSettings.UPDATE')).orderBy(e.createdAt);
  return rows.map((r) => r.changedFields);
}

describe('the tenant settings', () => {
  it('are the owner’s alone: a country manager neither reads nor changes them', async () => {
    const viewer = await org.viewer('COUNTRY_MANAGER@B11');
    await refused(tenantSettingsGet({ db: org.db, viewer }), 'FORBIDDEN');
    const registry = org.server.runtime.registry;
    await refused(tenantSettingsUpdate({ db: org.db, viewer, registry, input: { timeZone: 'Asia/Kathmandu' } }), 'FORBIDDEN');
  });

  it('change only the fields named; null puts one back to its default', async () => {
    await update({ timeZone: 'Asia/Kathmandu', taskDueSoonWindowDays: 7 });
    const after = await update({ taskDueSoonWindowDays: null });
    expect(after).toMatchObject({ timeZone: 'Asia/Kathmandu', taskDueSoonWindowDays: 3 });
    expect(await tenantSettingsGet({ db: org.db, viewer: await org.viewer('SUPER_ADMIN') })).toEqual(after);
  });

  it('record one audit entry naming what changed, and none for a change to what is already set', async () => {
    const before = (await audits()).length;
    await update({ defaultCurrency: 'aud', visaExpiryWindowDays: 60 });
    await update({ defaultCurrency: 'AUD' });
    expect((await audits()).slice(before)).toEqual([['visaExpiryWindowDays', 'defaultCurrency']]);
  });

  it('reach the registry, so the next request’s tenant record carries them', async () => {
    await update({ passportExpiryWindowDays: 200 });
    const record = await org.server.runtime.registry.bySlug(org.fx.tenant.slug);
    expect(record?.settings.passportExpiryWindowDays).toBe(200);
  });

  it('refuse a value outside its rule on its field, and keep what was set', async () => {
    await update({ timeZone: 'Europe/Berlin' });
    await refused(update({ timeZone: 'Mars/Olympus' }), 'BAD_USER_INPUT', 'input.timeZone');
    await refused(update({ taskDueSoonWindowDays: 0 }), 'BAD_USER_INPUT', 'input.taskDueSoonWindowDays');
    expect((await tenantSettingsGet({ db: org.db, viewer: await org.viewer('SUPER_ADMIN') })).timeZone).toBe('Europe/Berlin');
  });
});
