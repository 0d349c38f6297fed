// A tenant's settings: the rule of each field, the defaults, and the full settings read from what
// is stored (a value that no longer passes its rule takes its default).
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TENANT_SETTINGS,
  SETTING_NAMES,
  SETTING_RULES,
  addDays,
  localDate,
  tenantSettingsOf,
} from '../../src/tenancy/settings.js';

const problem = (name: keyof typeof SETTING_RULES, value: unknown) => {
  const r = SETTING_RULES[name].safeParse(value);
  // Every message: one failure must be reported once.
  return r.success ? null : r.error.issues.map((i) => i.message).join('; ');
};

describe('tenant settings', () => {
  it('default to 90 days for visas, 180 for passports, 3 for tasks, UTC and USD', () => {
    expect(DEFAULT_TENANT_SETTINGS).toEqual({
      visaExpiryWindowDays: 90,
      passportExpiryWindowDays: 180,
      taskDueSoonWindowDays: 3,
      timeZone: 'UTC',
      defaultCurrency: 'USD',
    });
    expect(Object.isFrozen(DEFAULT_TENANT_SETTINGS)).toBe(true);
    expect(SETTING_NAMES).toEqual(Object.keys(DEFAULT_TENANT_SETTINGS));
  });

  it('take whole days from 1 to 730 for expiry windows and up to 90 for tasks', () => {
    expect(problem('visaExpiryWindowDays', 1)).toBeNull();
    expect(problem('visaExpiryWindowDays', 730)).toBeNull();
    expect(problem('passportExpiryWindowDays', 730)).toBeNull();
    expect(problem('visaExpiryWindowDays', 731)).toBe('must be at most 730 days');
    expect(problem('passportExpiryWindowDays', 731)).toBe('must be at most 730 days');
    expect(problem('visaExpiryWindowDays', 0)).toBe('must be at least 1 day');
    expect(problem('visaExpiryWindowDays', 1.5)).toBe('must be a whole number of days');
    expect(problem('taskDueSoonWindowDays', 90)).toBeNull();
    expect(problem('taskDueSoonWindowDays', 91)).toBe('must be at most 90 days');
  });

  it('take IANA zone names, trimmed, but no offsets or unknown zones', () => {
    expect(SETTING_RULES.timeZone.parse(' Europe/Berlin ')).toBe('Europe/Berlin');
    expect(problem('timeZone', 'UTC')).toBeNull();
    expect(problem('timeZone', 'America/Argentina/Buenos_Aires')).toBeNull();
    expect(problem('timeZone', 'Etc/GMT+5')).toBeNull();
    for (const bad of ['+05:00', 'Mars/Olympus', '', '/UTC', 'Europe/', 'Europe//Berlin', `A${'b'.repeat(64)}`])
      expect(problem('timeZone', bad), bad).toBe('must be an IANA time zone name');
  });

  it('take ISO 4217 codes, trimmed and upper-cased', () => {
    expect(SETTING_RULES.defaultCurrency.parse(' eur ')).toBe('EUR');
    expect(problem('defaultCurrency', 'XYZ')).toBe('must be an ISO 4217 currency code');
  });

  it('read the stored fields that pass their rules over the defaults, frozen', () => {
    const s = tenantSettingsOf({ visaExpiryWindowDays: 30, timeZone: 'Asia/Kolkata', defaultCurrency: 'inr', extra: 1 });
    expect(s).toEqual({ ...DEFAULT_TENANT_SETTINGS, visaExpiryWindowDays: 30, timeZone: 'Asia/Kolkata', defaultCurrency: 'INR' });
    expect(Object.isFrozen(s)).toBe(true);
  });

  it('fall back to the default for a stored value that no longer passes, or for nothing stored', () => {
    expect(tenantSettingsOf({ visaExpiryWindowDays: 5000, taskDueSoonWindowDays: 'x', timeZone: 'Nowhere/Land' })).toEqual(
      DEFAULT_TENANT_SETTINGS,
    );
    for (const stored of [null, undefined, 'text', 42, {}]) expect(tenantSettingsOf(stored)).toEqual(DEFAULT_TENANT_SETTINGS);
  });
});

describe('dates in a tenant time zone', () => {
  it('give today as YYYY-MM-DD where the tenant is', () => {
    const at = new Date('2026-12-01T23:30:00Z');
    expect(localDate(at, 'UTC')).toBe('2026-12-01');
    expect(localDate(at, 'Asia/Tokyo')).toBe('2026-12-02');
    expect(localDate(new Date('2026-01-05T03:00:00Z'), 'America/New_York')).toBe('2026-01-04');
  });

  it('add days across months and years', () => {
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-06-15', 0)).toBe('2026-06-15');
  });
});
