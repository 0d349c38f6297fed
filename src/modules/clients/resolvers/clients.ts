// GraphQL entry points of clients (their profile parts, notes and timeline: client-profile.ts).
import type { Resolvers } from '../../../graphql/generated/resolvers-types.generated.js';
import type { BranchModel } from '../../org/index.js';
import { requireTenant, tenantField, userRef } from '../../../graphql/guards.js';
import { connectionNodeSelection } from '../../../graphql/selection.js';
import {
  clientGetById,
  clientList,
  clientStageCounts,
  JOINED_ASSIGNEE,
  JOINED_BRANCH,
  type JoinedClient,
} from '../selectors/clients.js';
import { clientAssign, clientChangeStage, clientCreate, clientSetDeleted, clientUpdate } from '../services/clients.js';

export const clientResolvers: Resolvers = {
  Query: {
    clients: async (_p, args, ctx, info) => {
      // One statement reads the columns the selection needs, and the branch and assignee when
      // selected: the page costs one round trip however many rows it holds. Relations read whole
      // go to the loaders their field resolvers read; partly read ones stay on their rows.
      const page = await clientList({ ...requireTenant(ctx), ...args, selection: connectionNodeSelection(info) });
      for (const branch of page.branches) ctx.loaders.branchById.prime(branch.id, branch);
      for (const [id, user] of page.assignees) ctx.loaders.userById.prime(id, user);
      return page;
    },
    client: tenantField(clientGetById),
    clientStageCounts: tenantField(clientStageCounts),
  },
  Mutation: {
    createClient: tenantField(clientCreate),
    updateClient: tenantField(clientUpdate),
    assignClient: (_p, { id, userId }, ctx) => clientAssign({ ...requireTenant(ctx), id, userId }),
    changeClientStage: tenantField(clientChangeStage),
    deleteClient: (_p, { id }, ctx) => clientSetDeleted({ ...requireTenant(ctx), id, deleted: true }),
    restoreClient: (_p, { id }, ctx) => clientSetDeleted({ ...requireTenant(ctx), id, deleted: false }),
  },
  Client: {
    fullName: (c) => [c.firstName, c.middleName, c.lastName].filter(Boolean).join(' '),
    // The branch is in scope by construction (the client was read through the scope).
    // Not async: a relation joined into the page is returned as it is, without a promise per row.
    branch: (c: JoinedClient, _a, ctx) => c[JOINED_BRANCH] ?? (ctx.loaders.branchById.load(c.branchId) as Promise<BranchModel>),
    assignedTo: (c: JoinedClient, _a, ctx) =>
      JOINED_ASSIGNEE in c ? c[JOINED_ASSIGNEE]! : c.assignedToId ? ctx.loaders.userById.load(c.assignedToId) : null,
    createdBy: userRef('createdById'),
  },
};
