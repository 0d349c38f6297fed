// Input rules of the settings module: each field optional (absent stays as it is), null puts it
// back to its default; the field rules themselves live with the settings (src/tenancy/settings.ts).
import { z } from 'zod';
import { SETTING_RULES } from '../../tenancy/settings.js';

const patch = <S extends z.ZodType>(rule: S) => rule.nullable().optional();

export const updateTenantSettingsInput = z.object({
  visaExpiryWindowDays: patch(SETTING_RULES.visaExpiryWindowDays),
  passportExpiryWindowDays: patch(SETTING_RULES.passportExpiryWindowDays),
  taskDueSoonWindowDays: patch(SETTING_RULES.taskDueSoonWindowDays),
  timeZone: patch(SETTING_RULES.timeZone),
  defaultCurrency: patch(SETTING_RULES.defaultCurrency),
});
export type UpdateTenantSettingsInput = z.infer<typeof updateTenantSettingsInput>;
