// GraphQL entry points of users, role permission sets, and the viewer's own scope and actions.
import { CREATABLE_ROLES } from '../../access/roles.js';
import type { Resolvers } from '../../graphql/generated/resolvers-types.generated.js';
import { byParentId, requireTenant, tenantField } from '../../graphql/guards.js';
import { loadPresent } from '../../graphql/loader-kit.js';
import { actionCatalogue, rolePermissionsList } from './selectors/role-permissions.js';
import { rolePermissionsSet } from './services/role-permissions.js';
import { userAssignableList, userGetById, userList } from './selectors/users.js';
import { userInvite } from './services/invitations.js';
import { userCreate, userResetPassword, userSetActive, userUpdate } from './services/users.js';

export const userResolvers: Resolvers = {
  Query: {
    users: tenantField(userList),
    user: tenantField(userGetById),
    assignableUsers: tenantField(userAssignableList),
    actionCatalogue: () => actionCatalogue(),
    rolePermissions: (_p, _a, ctx) => rolePermissionsList(requireTenant(ctx)),
  },
  Mutation: {
    createUser: (_p, { input }, ctx) => userCreate({ ...requireTenant(ctx), passwords: ctx.runtime.passwords, input }),
    inviteUser: (_p, { input }, ctx) => userInvite({ ...requireTenant(ctx), mailer: ctx.runtime.mailer, input }),
    updateUser: tenantField(userUpdate),
    deactivateUser: (_p, { id }, ctx) => userSetActive({ ...requireTenant(ctx), id, isActive: false }),
    reactivateUser: (_p, { id }, ctx) => userSetActive({ ...requireTenant(ctx), id, isActive: true }),
    resetUserPassword: (_p, { id, input }, ctx) =>
      userResetPassword({ ...requireTenant(ctx), passwords: ctx.runtime.passwords, id, input }),
    setRolePermissions: tenantField(rolePermissionsSet),
  },
  User: {
    fullName: (u) => `${u.firstName} ${u.lastName}`.trim(),
    branches: byParentId((l) => l.branchesByUserId),
    regions: byParentId((l) => l.regionsByUserId),
  },
  Me: {
    branches: (_me, _a, ctx) => (ctx.viewer?.kind === 'tenant' ? loadPresent(ctx.loaders.branchById, ctx.viewer.branchIds) : []),
    // Only a REGION_MANAGER has regions; a link left on another role means nothing.
    regions: (_me, _a, ctx) =>
      ctx.viewer?.kind === 'tenant' && ctx.viewer.role === 'REGION_MANAGER'
        ? loadPresent(ctx.loaders.regionById, ctx.viewer.regionIds)
        : [],
    actions: (_me, _a, ctx) => (ctx.viewer?.kind === 'tenant' ? [...ctx.viewer.actions].sort() : []),
    creatableRoles: (_me, _a, ctx) =>
      ctx.viewer?.kind === 'tenant' && ctx.viewer.actions.has('user:create') ? [...CREATABLE_ROLES[ctx.viewer.role]] : [],
  },
};
