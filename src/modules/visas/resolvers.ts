// GraphQL entry points of the visas module, and the Client fields that point into it.
import type { Resolvers } from '../../graphql/generated/resolvers-types.generated.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { requireTenant } from '../../graphql/guards.js';
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
async function present<T>(row: Promise<T | null>, what: string): Promise<T> {
  const found = await row;
  if (!found) throw new Error(`${what} is not visible`);
  return found;
}

const user = (id: string | null, ctx: GraphQLContext) => (id ? ctx.loaders.userById.load(id) : null);

export const visaResolvers: Resolvers = {
  Query: {
    visaCategories: (_p, args, ctx) =>
      visaCategoryList({ ...requireTenant(ctx), first: args.first, after: args.after, filter: args.filter }),
    visaCategory: (_p, { id }, ctx) => visaCategoryGetById({ ...requireTenant(ctx), id }),
    visaTypes: (_p, args, ctx) =>
      visaTypeList({ ...requireTenant(ctx), first: args.first, after: args.after, filter: args.filter }),
    visaType: (_p, { id }, ctx) => visaTypeGetById({ ...requireTenant(ctx), id }),
    visaApplications: (_p, args, ctx) =>
      visaApplicationList({
        ...requireTenant(ctx),
        first: args.first,
        after: args.after,
        filter: args.filter,
        orderBy: args.orderBy,
      }),
    visaApplication: (_p, { id }, ctx) => visaApplicationGetById({ ...requireTenant(ctx), id }),
    visaApplicationStatusCounts: (_p, { filter }, ctx) => visaApplicationStatusCounts({ ...requireTenant(ctx), filter }),
    visaDashboard: (_p, _a, ctx) => visaDashboardGet(requireTenant(ctx)),
  },
  Mutation: {
    createVisaCategory: (_p, { input }, ctx) => visaCategoryCreate({ ...requireTenant(ctx), input }),
    updateVisaCategory: (_p, { id, input }, ctx) => visaCategoryUpdate({ ...requireTenant(ctx), id, input }),
    deleteVisaCategory: (_p, { id }, ctx) => visaCategoryDelete({ ...requireTenant(ctx), id }),
    createVisaType: (_p, { input }, ctx) => visaTypeCreate({ ...requireTenant(ctx), input }),
    updateVisaType: (_p, { id, input }, ctx) => visaTypeUpdate({ ...requireTenant(ctx), id, input }),
    deleteVisaType: (_p, { id }, ctx) => visaTypeDelete({ ...requireTenant(ctx), id }),
    createVisaApplication: (_p, { input }, ctx) => visaApplicationCreate({ ...requireTenant(ctx), input }),
    updateVisaApplication: (_p, { id, input }, ctx) => visaApplicationUpdate({ ...requireTenant(ctx), id, input }),
    deleteVisaApplication: (_p, { id }, ctx) => visaApplicationDelete({ ...requireTenant(ctx), id }),
    restoreVisaApplication: (_p, { id }, ctx) => visaApplicationRestore({ ...requireTenant(ctx), id }),
  },
  VisaCategory: {
    visaTypes: (c, _a, ctx) => ctx.loaders.visaTypesByCategoryId.load(c.id),
  },
  VisaType: {
    category: (t, _a, ctx) => present(ctx.loaders.visaCategoryById.load(t.visaCategoryId), `visa category ${t.visaCategoryId}`),
    displayName: (t) => visaTypeDisplayName(t),
  },
  VisaApplication: {
    client: (a, _a, ctx) => present(ctx.loaders.clientById.load(a.clientId), `client ${a.clientId}`),
    visaType: (a, _a, ctx) => present(ctx.loaders.visaTypeById.load(a.visaTypeId), `visa type ${a.visaTypeId}`),
    assignedTo: (a, _a, ctx) => user(a.assignedToId, ctx),
    createdBy: (a, _a, ctx) => user(a.createdById, ctx),
    updatedBy: (a, _a, ctx) => user(a.updatedById, ctx),
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
