// Shield rules of the settings module's root fields (merged into src/access/permissions.ts).
import { may, type ModuleRules } from '../../access/rules.js';

export const settingsRules: ModuleRules = {
  Query: { tenantSettings: may('settings:read') },
  Mutation: { updateTenantSettings: may('settings:update') },
};
