// Tenant settings through the API: the SUPER_ADMIN reads the defaults and changes some fields
// (only those), bad values are refused naming the field and change nothing, every other role is
// refused, each change is audited as a TenantSettings.UPDATE event, and the tenant record the
// sweeps read carries the new values.
import { describe, expect, it } from 'vitest';
import { gql, must, type GqlResult } from './kit/server.js';
import { useOrgServer } from './kit/use-server.js';

const { server, fx, owner } = useOrgServer();

const FIELDS = 'visaExpiryWindowDays passportExpiryWindowDays taskDueSoonWindowDays timeZone defaultCurrency';
const READ = `{ tenantSettings { ${FIELDS} } }`;
const UPDATE = `mutation($i: UpdateTenantSettingsInput!) { updateTenantSettings(input: $i) { ${FIELDS} } }`;
const DEFAULTS = {
  visaExpiryWindowDays: 90,
  passportExpiryWindowDays: 180,
  taskDueSoonWindowDays: 3,
  timeZone: 'UTC',
  defaultCurrency: 'USD',
};

const read = async () => (await must(owner(READ))).tenantSettings as typeof DEFAULTS;
const fields = (r: GqlResult) => (r.errors?.[0]?.extensions?.fields ?? []).map((f) => f.path).sort();
const audits = async () =>
  (
    await must(
      owner(
        `{ events(filter: { entityType: "TenantSettings" }) { totalCount nodes { eventType entityId action status
          changedFields previousState currentState actor { id } } } }`,
      ),
    )
  ).events;

describe('tenant settings', () => {
  it('a SUPER_ADMIN reads the defaults of a tenant that has set nothing', async () => {
    expect(await read()).toEqual(DEFAULTS);
    expect((await audits()).totalCount).toBe(0);
  });

  it('a partial update changes only the given fields, and they read back', async () => {
    const r = await must(owner(UPDATE, { i: { visaExpiryWindowDays: 30, timeZone: 'Asia/Kolkata', defaultCurrency: 'eur' } }));
    const expected = { ...DEFAULTS, visaExpiryWindowDays: 30, timeZone: 'Asia/Kolkata', defaultCurrency: 'EUR' };
    expect(r.updateTenantSettings).toEqual(expected);
    expect(await read()).toEqual(expected);
    await must(owner(UPDATE, { i: { taskDueSoonWindowDays: 7 } }));
    expect(await read()).toEqual({ ...expected, taskDueSoonWindowDays: 7 });
  });

  it('the tenant record that requests and sweeps read carries the new settings', async () => {
    await must(owner(UPDATE, { i: { passportExpiryWindowDays: 200 } }));
    const record = await server.runtime.registry.bySlug(fx.tenant.slug);
    expect(record?.settings.passportExpiryWindowDays).toBe(200);
    expect(record?.settings.taskDueSoonWindowDays).toBe(7);
  });

  it('null puts a field back to its default', async () => {
    await must(owner(UPDATE, { i: { passportExpiryWindowDays: null } }));
    expect((await read()).passportExpiryWindowDays).toBe(180);
  });

  it('bad values are refused with BAD_USER_INPUT naming each field, and nothing changes', async () => {
    const before = await read();
    const cases: [Record<string, unknown>, string[]][] = [
      [{ visaExpiryWindowDays: 0 }, ['input.visaExpiryWindowDays']],
      [{ visaExpiryWindowDays: 731 }, ['input.visaExpiryWindowDays']],
      [{ passportExpiryWindowDays: -5 }, ['input.passportExpiryWindowDays']],
      [{ taskDueSoonWindowDays: 91 }, ['input.taskDueSoonWindowDays']],
      [{ timeZone: 'Mars/Olympus_Mons' }, ['input.timeZone']],
      [{ timeZone: '+05:00' }, ['input.timeZone']],
      [{ defaultCurrency: 'EURO' }, ['input.defaultCurrency']],
      [{ defaultCurrency: 'XYZ' }, ['input.defaultCurrency']],
      // One good and two bad fields: the good one does not change either.
      [{ visaExpiryWindowDays: 45, timeZone: 'Nowhere', defaultCurrency: '12' }, ['input.defaultCurrency', 'input.timeZone']],
    ];
    for (const [i, paths] of cases) {
      const r = await owner(UPDATE, { i });
      expect(r.codes, JSON.stringify(i)).toEqual(['BAD_USER_INPUT']);
      expect(fields(r), JSON.stringify(i)).toEqual(paths);
    }
    // A fraction is refused by GraphQL's Int itself.
    expect((await owner(UPDATE, { i: { visaExpiryWindowDays: 1.5 } })).codes).toEqual(['BAD_USER_INPUT']);
    expect(await read()).toEqual(before);
  });

  it('every role but SUPER_ADMIN is refused reading and changing the settings', async () => {
    for (const who of ['COUNTRY_MANAGER@B11', 'REGION_MANAGER@B11', 'BRANCH_ADMIN@B11', 'CONSULTANT@B11']) {
      expect((await gql(server, READ, {}, fx.as(who))).codes, who).toEqual(['FORBIDDEN']);
      expect((await gql(server, UPDATE, { i: { visaExpiryWindowDays: 10 } }, fx.as(who))).codes, who).toEqual(['FORBIDDEN']);
    }
    expect((await gql(server, READ, {}, { tenant: fx.tenant.slug })).codes).toEqual(['UNAUTHENTICATED']);
    expect((await read()).visaExpiryWindowDays).toBe(30);
  });

  it('each change is audited with who made it, what changed, and the values before and after; a no-op is not', async () => {
    const count = (await audits()).totalCount;
    await must(owner(UPDATE, { i: { visaExpiryWindowDays: 60, defaultCurrency: 'EUR' } }));
    const after = await audits();
    expect(after.totalCount).toBe(count + 1);
    expect(after.nodes[0]).toMatchObject({
      eventType: 'TenantSettings.UPDATE',
      entityId: fx.tenant.id,
      action: 'UPDATE',
      status: 'COMPLETED',
      changedFields: ['visaExpiryWindowDays'],
      actor: { id: fx.users.SUPER_ADMIN!.id },
    });
    expect(after.nodes[0].previousState.visaExpiryWindowDays).toBe(30);
    expect(after.nodes[0].currentState.visaExpiryWindowDays).toBe(60);
    expect(after.nodes[0].currentState.defaultCurrency).toBe('EUR');
    // Setting what is already set, and a refused change, record nothing.
    await must(owner(UPDATE, { i: { visaExpiryWindowDays: 60 } }));
    await owner(UPDATE, { i: { visaExpiryWindowDays: 0 } });
    expect((await audits()).totalCount).toBe(count + 1);
  });
});
