// GraphQL entry points of sign-in and the viewer's account; each delegates to one service.
import type { Resolvers } from '../../graphql/generated/resolvers-types.generated.js';
import { requireTenantDb, requireViewer } from '../../graphql/guards.js';
import { invitationAccept, passwordReset, passwordResetRequest } from './services/account-links.js';
import { sessionLogin, sessionLogout, sessionRefresh, viewerChangePassword, viewerGet } from './services/sessions.js';

export const authResolvers: Resolvers = {
  Query: {
    me: (_p, _a, ctx) => viewerGet({ runtime: ctx.runtime, db: ctx.db, viewer: requireViewer(ctx) }),
    tenantInfo: (_p, _a, ctx) => ctx.tenant,
  },
  Mutation: {
    login: (_p, { input }, ctx) =>
      sessionLogin({ runtime: ctx.runtime, db: ctx.db, clientIp: ctx.clientIp, userAgent: ctx.userAgent, input }),
    refreshSession: (_p, { input }, ctx) => sessionRefresh({ runtime: ctx.runtime, db: ctx.db, input }),
    logout: (_p, { input }, ctx) => sessionLogout({ runtime: ctx.runtime, db: ctx.db, input }),
    changeMyPassword: (_p, { input }, ctx) =>
      viewerChangePassword({ runtime: ctx.runtime, db: ctx.db, viewer: requireViewer(ctx), input }),
    acceptInvitation: (_p, { input }, ctx) =>
      invitationAccept({
        runtime: ctx.runtime,
        db: requireTenantDb(ctx),
        clientIp: ctx.clientIp,
        userAgent: ctx.userAgent,
        input,
      }),
    requestPasswordReset: (_p, { input }, ctx) =>
      passwordResetRequest({ runtime: ctx.runtime, db: requireTenantDb(ctx), clientIp: ctx.clientIp, input }),
    resetPassword: (_p, { input }, ctx) => passwordReset({ runtime: ctx.runtime, db: requireTenantDb(ctx), input }),
  },
};
