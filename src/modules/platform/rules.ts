// Shield rules of platform administration (merged into src/access/permissions.ts): platform
// administrators in the platform context only.
import { isPlatformAdmin, type ModuleRules } from '../../access/rules.js';

export const platformRules: ModuleRules = {
  Query: {
    platformAdmins: isPlatformAdmin,
    tenantAdmins: isPlatformAdmin,
    platformAuditLog: isPlatformAdmin,
  },
  Mutation: {
    createPlatformAdmin: isPlatformAdmin,
    deactivatePlatformAdmin: isPlatformAdmin,
    reactivatePlatformAdmin: isPlatformAdmin,
    resetTenantAdminPassword: isPlatformAdmin,
    deactivateTenantAdmin: isPlatformAdmin,
    reactivateTenantAdmin: isPlatformAdmin,
  },
};
