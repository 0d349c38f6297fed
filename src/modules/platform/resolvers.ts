// GraphQL entry points of tenant provisioning, the tenant registry and platform administration.
import type { PlatformViewer } from '../../auth/viewer.js';
import { forbidden } from '../../errors.js';
import type { GraphQLContext } from '../../graphql/context.js';
import type { Resolvers } from '../../graphql/generated/resolvers-types.generated.js';
import { requireViewer } from '../../graphql/guards.js';
import { platformAdminCreate, platformAdminSetActive } from './services/platform-admins.js';
import { platformAdminList } from './selectors/platform-admins.js';
import { platformAuditList } from './selectors/platform-audit.js';
import { tenantGetById, tenantList } from './selectors/tenants.js';
import {
  tenantCreate,
  tenantDomainAdd,
  tenantDomainRemove,
  tenantSetActive,
  tenantSignUp,
  tenantSuperAdminAdd,
  tenantUpdate,
} from './services/tenants.js';
import { tenantAdminList } from './selectors/tenant-admins.js';
import { tenantAdminResetPassword, tenantAdminSetActive } from './services/tenant-admins.js';

function platformViewer(ctx: GraphQLContext): PlatformViewer {
  const viewer = requireViewer(ctx);
  if (viewer.kind !== 'platform') throw forbidden();
  return viewer;
}

export const platformResolvers: Resolvers = {
  Query: {
    tenants: (_p, args, ctx) =>
      tenantList({ runtime: ctx.runtime, viewer: platformViewer(ctx), first: args.first, after: args.after }),
    tenant: (_p, { id }, ctx) => tenantGetById({ runtime: ctx.runtime, viewer: platformViewer(ctx), id }),
    platformAdmins: (_p, { first, after }, ctx) =>
      platformAdminList({ runtime: ctx.runtime, viewer: platformViewer(ctx), first, after }),
    tenantAdmins: (_p, { tenantId, first, after }, ctx) =>
      tenantAdminList({ runtime: ctx.runtime, viewer: platformViewer(ctx), tenantId, first, after }),
    platformAuditLog: (_p, { first, after, filter }, ctx) =>
      platformAuditList({ runtime: ctx.runtime, viewer: platformViewer(ctx), first, after, filter }),
  },
  Mutation: {
    createTenant: (_p, { input }, ctx) => tenantCreate({ runtime: ctx.runtime, viewer: platformViewer(ctx), input }),
    updateTenant: (_p, { id, input }, ctx) => tenantUpdate({ runtime: ctx.runtime, viewer: platformViewer(ctx), id, input }),
    deactivateTenant: (_p, { id }, ctx) =>
      tenantSetActive({ runtime: ctx.runtime, viewer: platformViewer(ctx), id, isActive: false }),
    activateTenant: (_p, { id }, ctx) =>
      tenantSetActive({ runtime: ctx.runtime, viewer: platformViewer(ctx), id, isActive: true }),
    addTenantDomain: (_p, { id, domain }, ctx) =>
      tenantDomainAdd({ runtime: ctx.runtime, viewer: platformViewer(ctx), id, domain }),
    removeTenantDomain: (_p, { id, domain }, ctx) =>
      tenantDomainRemove({ runtime: ctx.runtime, viewer: platformViewer(ctx), id, domain }),
    addTenantSuperAdmin: (_p, { tenantId, input }, ctx) =>
      tenantSuperAdminAdd({ runtime: ctx.runtime, viewer: platformViewer(ctx), tenantId, input }),
    signUp: (_p, { input }, ctx) =>
      tenantSignUp({ runtime: ctx.runtime, clientIp: ctx.clientIp, userAgent: ctx.userAgent, input }),
    createPlatformAdmin: (_p, { input }, ctx) =>
      platformAdminCreate({ runtime: ctx.runtime, viewer: platformViewer(ctx), input }),
    deactivatePlatformAdmin: (_p, { id }, ctx) =>
      platformAdminSetActive({ runtime: ctx.runtime, viewer: platformViewer(ctx), id, isActive: false }),
    reactivatePlatformAdmin: (_p, { id }, ctx) =>
      platformAdminSetActive({ runtime: ctx.runtime, viewer: platformViewer(ctx), id, isActive: true }),
    resetTenantAdminPassword: (_p, { tenantId, userId, input }, ctx) =>
      tenantAdminResetPassword({ runtime: ctx.runtime, viewer: platformViewer(ctx), tenantId, userId, input }),
    deactivateTenantAdmin: (_p, { tenantId, userId }, ctx) =>
      tenantAdminSetActive({ runtime: ctx.runtime, viewer: platformViewer(ctx), tenantId, userId, isActive: false }),
    reactivateTenantAdmin: (_p, { tenantId, userId }, ctx) =>
      tenantAdminSetActive({ runtime: ctx.runtime, viewer: platformViewer(ctx), tenantId, userId, isActive: true }),
  },
  PlatformAuditRecord: {
    at: (r) => r.createdAt,
  },
};
