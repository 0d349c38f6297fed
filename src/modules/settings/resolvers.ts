// GraphQL entry points of the settings module: the tenant's own settings, for its SUPER_ADMIN.
import type { Resolvers } from '../../graphql/generated/resolvers-types.generated.js';
import { requireTenant } from '../../graphql/guards.js';
import { tenantSettingsGet } from './selectors.js';
import { tenantSettingsUpdate } from './services.js';

export const settingsResolvers: Resolvers = {
  Query: {
    tenantSettings: (_p, _a, ctx) => tenantSettingsGet(requireTenant(ctx)),
  },
  Mutation: {
    updateTenantSettings: (_p, { input }, ctx) =>
      tenantSettingsUpdate({ ...requireTenant(ctx), registry: ctx.runtime.registry, input }),
  },
};
