// A tenant's settings: the rules of each field, the defaults, and how the stored jsonb
// (public.tenants.settings, only the fields a SUPER_ADMIN has set) becomes the full settings the
// registry carries to requests and to the processor's sweeps.
import { z } from 'zod';

export interface TenantSettings {
  /** Visas expiring within this many days (from today) are alerted (VISA_EXPIRING). */
  readonly visaExpiryWindowDays: number;
  /** Passports expiring within this many days are alerted (PASSPORT_EXPIRING). */
  readonly passportExpiryWindowDays: number;
  /** Open tasks due within this many days are TASK_DUE_SOON. */
  readonly taskDueSoonWindowDays: number;
  /** IANA time zone: what "today" is for the tenant's expiry alerts. */
  readonly timeZone: string;
  /** ISO 4217 code. */
  readonly defaultCurrency: string;
}

export const DEFAULT_TENANT_SETTINGS: TenantSettings = Object.freeze({
  visaExpiryWindowDays: 90,
  passportExpiryWindowDays: 180,
  taskDueSoonWindowDays: 3,
  timeZone: 'UTC',
  defaultCurrency: 'USD',
});

const days = (max: number) =>
  z.number().int('must be a whole number of days').min(1, 'must be at least 1 day').max(max, `must be at most ${max} days`);

function isTimeZone(name: string): boolean {
  // Names only ("Europe/Berlin", "UTC"): Intl would also take offsets like "+05:00" in newer Node.
  // Stryker disable next-line ConditionalExpression,Regex: equivalent on Node 20, whose Intl refuses offsets itself
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** The ISO 4217 codes ICU knows (three upper-case letters each). */
const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

/** The rule of each field, shared by the update input and the reading of what is stored. */
export const SETTING_RULES = {
  visaExpiryWindowDays: days(730),
  passportExpiryWindowDays: days(730),
  taskDueSoonWindowDays: days(90),
  timeZone: z
    .string()
    .trim()
    // No zone name is that long: the bound keeps huge input away from the regex and ICU (abort:
    // the refinement is not run after it, so the message is given once).
    .max(64, { message: 'must be an IANA time zone name', abort: true })
    .refine(isTimeZone, 'must be an IANA time zone name'),
  defaultCurrency: z
    .string()
    .trim()
    .toUpperCase()
    .refine((c) => CURRENCIES.has(c), 'must be an ISO 4217 currency code'),
} satisfies Record<keyof TenantSettings, z.ZodType>;

export const SETTING_NAMES = Object.keys(SETTING_RULES) as (keyof TenantSettings)[];

/**
 * The full settings from the stored jsonb: a field that is absent, or no longer passes its rule
 * (a rule tightened after it was stored), takes its default, so a stored value can never put a
 * sweep outside the bounds the API enforces.
 */
export function tenantSettingsOf(stored: unknown): TenantSettings {
  const raw = stored !== null && typeof stored === 'object' ? (stored as Record<string, unknown>) : {};
  const out: Record<string, unknown> = { ...DEFAULT_TENANT_SETTINGS };
  for (const name of SETTING_NAMES) {
    const parsed = SETTING_RULES[name].safeParse(raw[name]);
    if (parsed.success) out[name] = parsed.data;
  }
  return Object.freeze(out) as unknown as TenantSettings;
}

/** "Today" in the tenant's time zone, as YYYY-MM-DD. */
export function localDate(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** YYYY-MM-DD plus `n` days. */
export function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
