// The shield map: an explicit rule for every root field; anything not listed is denied.
import { deny, shield } from 'graphql-shield';
import { AppError } from '../errors.js';
import { isAuthenticated, isPlatformAdmin, isPlatformContext, isPublic, isTenantUser, may } from './rules.js';

export const permissionRules = {
  Query: {
    '*': deny,
    ping: isPublic,
    me: isAuthenticated,
    tenantInfo: isPublic,
    tenants: isPlatformAdmin,
    tenant: isPlatformAdmin,
    regions: may('region:read'),
    region: may('region:read'),
    branches: may('branch:read'),
    branch: may('branch:read'),
    users: may('user:read'),
    user: may('user:read'),
    assignableUsers: isTenantUser,
    actionCatalogue: isTenantUser,
    rolePermissions: may('permissions:manage'),
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
    addTenantSuperAdmin: isPlatformAdmin,
    createRegion: may('region:create'),
    updateRegion: may('region:update'),
    deleteRegion: may('region:delete'),
    createBranch: may('branch:create'),
    updateBranch: may('branch:update'),
    deleteBranch: may('branch:delete'),
    restoreBranch: may('branch:delete'),
    createUser: may('user:create'),
    updateUser: may('user:update'),
    deactivateUser: may('user:deactivate'),
    reactivateUser: may('user:deactivate'),
    resetUserPassword: may('user:resetPassword'),
    setRolePermissions: may('permissions:manage'),
  },
} as const;

export const permissions = shield(permissionRules, {
  allowExternalErrors: true,
  fallbackError: () => new AppError('FORBIDDEN', 'You are not allowed to do this'),
  debug: false,
});
