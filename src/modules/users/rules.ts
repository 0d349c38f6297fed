// Shield rules of staff accounts and role permissions (who may act on whom is checked in services).
import { isTenantUser, may, type ModuleRules } from '../../access/rules.js';

export const userRules: ModuleRules = {
  Query: {
    users: may('user:read'),
    user: may('user:read'),
    assignableUsers: isTenantUser,
    actionCatalogue: isTenantUser,
    rolePermissions: may('permissions:manage'),
  },
  Mutation: {
    createUser: may('user:create'),
    inviteUser: may('user:create'),
    updateUser: may('user:update'),
    deactivateUser: may('user:deactivate'),
    reactivateUser: may('user:deactivate'),
    resetUserPassword: may('user:resetPassword'),
    setRolePermissions: may('permissions:manage'),
  },
};
