// GraphQL entry points of tenant provisioning and the tenant registry.
import type { PlatformViewer } from '../../auth/viewer.js';
import { forbidden } from '../../errors.js';
import type { GraphQLContext } from '../../graphql/context.js';
import type { Resolvers } from '../../graphql/generated/resolvers-types.generated.js';
import { requireViewer } from '../../graphql/guards.js';
import { tenantGetById, tenantList } from './selectors.js';
import {
  tenantCreate,
  tenantDomainAdd,
  tenantDomainRemove,
  tenantSetActive,
  tenantSignUp,
  tenantSuperAdminAdd,
  tenantUpdate,
} from './services.js';

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
  },
};
