// Shield rules of platform administration: platform administrators in the platform context only,
// and signing up (a new tenant) from the platform context.
import { isPlatformAdmin, isPlatformContext, type ModuleRules } from '../../access/rules.js';

export const platformRules: ModuleRules = {
  Query: {
    tenants: isPlatformAdmin,
    tenant: isPlatformAdmin,
    platformAdmins: isPlatformAdmin,
    tenantAdmins: isPlatformAdmin,
    platformAuditLog: isPlatformAdmin,
  },
  Mutation: {
    createTenant: isPlatformAdmin,
    updateTenant: isPlatformAdmin,
    deactivateTenant: isPlatformAdmin,
    activateTenant: isPlatformAdmin,
    addTenantDomain: isPlatformAdmin,
    removeTenantDomain: isPlatformAdmin,
    // Its SDL is in schema/users.graphql; the resolver is this module's.
    addTenantSuperAdmin: isPlatformAdmin,
    signUp: isPlatformContext,
    createPlatformAdmin: isPlatformAdmin,
    deactivatePlatformAdmin: isPlatformAdmin,
    reactivatePlatformAdmin: isPlatformAdmin,
    resetTenantAdminPassword: isPlatformAdmin,
    deactivateTenantAdmin: isPlatformAdmin,
    reactivateTenantAdmin: isPlatformAdmin,
  },
};
