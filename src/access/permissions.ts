// The shield map: an explicit rule for every root field; anything not listed is denied.
import { deny, shield } from 'graphql-shield';
import { AppError } from '../errors.js';
import { hasRole, isAuthenticated, isPlatformAdmin, isPlatformContext, isPublic, isTenantUser } from './rules.js';

export const permissionRules = {
  Query: {
    '*': deny,
    ping: isPublic,
    me: isAuthenticated,
    tenantInfo: isPublic,
    tenants: isPlatformAdmin,
    tenant: isPlatformAdmin,
    regions: isTenantUser,
    branches: isTenantUser,
  },
  Mutation: {
    '*': deny,
    ping: isPublic,
    login: isPublic,
    refreshSession: isPublic,
    logout: isPublic,
    changeMyPassword: isAuthenticated,
    createTenant: isPlatformAdmin,
    updateTenant: isPlatformAdmin,
    deactivateTenant: isPlatformAdmin,
    activateTenant: isPlatformAdmin,
    addTenantDomain: isPlatformAdmin,
    removeTenantDomain: isPlatformAdmin,
    signUp: isPlatformContext,
    createRegion: hasRole('SUPER_ADMIN', 'COUNTRY_MANAGER'),
    createBranch: hasRole('SUPER_ADMIN', 'COUNTRY_MANAGER', 'REGION_MANAGER'),
  },
} as const;

export const permissions = shield(permissionRules, {
  allowExternalErrors: true,
  fallbackError: () => new AppError('FORBIDDEN', 'You are not allowed to do this'),
  debug: false,
});
