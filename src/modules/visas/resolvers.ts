// GraphQL entry points of the visas module, and the Client fields that point into it.
import type { Resolvers } from '../../graphql/generated/resolvers-types.generated.js';
import { byParentId, requireTenant, required, tenantField, userRef } from '../../graphql/guards.js';
import {
  visaCategoryGetById,
  visaCategoryList,
  visaTypeDisplayName,
  visaTypeGetById,
  visaTypeList,
} from './selectors/visa-catalogue.js';
import {
  visaCategoryCreate,
  visaCategoryDelete,
  visaCategoryUpdate,
  visaTypeCreate,
  visaTypeDelete,
  visaTypeUpdate,
} from './services/visa-catalogue.js';
import { visaApplicationStatusCounts, visaDashboardGet } from './selectors/visa-dashboard.js';
import { visaApplicationGetById, visaApplicationList } from './selectors/visa-applications.js';
import {
  visaApplicationCreate,
  visaApplicationDelete,
  visaApplicationRestore,
  visaApplicationUpdate,
} from './services/visa-applications.js';

/** A non-null relation whose row must exist (foreign keys guarantee it, scope permitting). */
const present = <T>(row: Promise<T | null>, what: string): Promise<T> => required(row, `${what} is not visible`);

export const visaResolvers: Resolvers = {
  Query: {
    visaCategories: tenantField(visaCategoryList),
    visaCategory: tenantField(visaCategoryGetById),
    visaTypes: tenantField(visaTypeList),
    visaType: tenantField(visaTypeGetById),
    visaApplications: tenantField(visaApplicationList),
    visaApplication: tenantField(visaApplicationGetById),
    visaApplicationStatusCounts: tenantField(visaApplicationStatusCounts),
    visaDashboard: (_p, _a, ctx) => visaDashboardGet(requireTenant(ctx)),
  },
  Mutation: {
    createVisaCategory: tenantField(visaCategoryCreate),
    updateVisaCategory: tenantField(visaCategoryUpdate),
    deleteVisaCategory: tenantField(visaCategoryDelete),
    createVisaType: tenantField(visaTypeCreate),
    updateVisaType: tenantField(visaTypeUpdate),
    deleteVisaType: tenantField(visaTypeDelete),
    createVisaApplication: tenantField(visaApplicationCreate),
    updateVisaApplication: tenantField(visaApplicationUpdate),
    deleteVisaApplication: tenantField(visaApplicationDelete),
    restoreVisaApplication: tenantField(visaApplicationRestore),
  },
  VisaCategory: {
    visaTypes: byParentId((l) => l.visaTypesByCategoryId),
  },
  VisaType: {
    category: (t, _a, ctx) => present(ctx.loaders.visaCategoryById.load(t.visaCategoryId), `visa category ${t.visaCategoryId}`),
    displayName: (t) => visaTypeDisplayName(t),
  },
  VisaApplication: {
    client: (a, _a, ctx) => present(ctx.loaders.clientById.load(a.clientId), `client ${a.clientId}`),
    visaType: (a, _a, ctx) => present(ctx.loaders.visaTypeById.load(a.visaTypeId), `visa type ${a.visaTypeId}`),
    assignedTo: userRef('assignedToId'),
    createdBy: userRef('createdById'),
    updatedBy: userRef('updatedById'),
  },
  Client: {
    visaCategory: (c, _a, ctx) => (c.visaCategoryId ? ctx.loaders.visaCategoryById.load(c.visaCategoryId) : null),
    // A role whose visaApplication:read was revoked sees a client without its applications.
    visaApplications: (c, _a, ctx) =>
      ctx.viewer?.kind === 'tenant' && ctx.viewer.actions.has('visaApplication:read')
        ? ctx.loaders.visaApplicationsByClientId.load(c.id)
        : [],
  },
};
