// Shield rules of signing in and out: public where a visitor has no session yet, the rest for the
// signed-in user (tenant or platform) or for anyone addressing a tenant.
import { isAuthenticated, isPublic, isTenantContext, type ModuleRules } from '../../access/rules.js';

export const authRules: ModuleRules = {
  Query: {
    me: isAuthenticated,
    tenantInfo: isPublic,
  },
  Mutation: {
    login: isPublic,
    refreshSession: isPublic,
    logout: isPublic,
    changeMyPassword: isAuthenticated,
    acceptInvitation: isTenantContext,
    requestPasswordReset: isTenantContext,
    resetPassword: isTenantContext,
  },
};
