// Coarse, per-root-field rules (graphql-shield): who may call an operation at all. Row scope lives
// in selectors (SQL) and object-level checks in services.
import { rule, type IRule } from 'graphql-shield';
import type { GraphQLContext } from '../graphql/context.js';
import type { Action } from './actions.js';
import { AppError, forbidden, unauthenticated } from '../errors.js';

const platformOnly = () => new AppError('FORBIDDEN', 'This operation exists only in the platform context');
const tenantOnly = () => new AppError('FORBIDDEN', 'This operation needs a tenant (X-Tenant header or tenant host name)');

// The rules name their cache although 'contextual' is graphql-shield's default (Stryker's `{}` for
// them is equivalent, as is caching the constant isPublic): those options are not mutated.
// Stryker disable ObjectLiteral
/** Anyone, signed in or not (login, sign-up, public tenant info). */
export const isPublic: IRule = rule({ cache: 'no_cache' })(() => true);

export const isAuthenticated: IRule = rule({ cache: 'contextual' })((_p, _a, ctx: GraphQLContext) =>
  ctx.viewer ? true : unauthenticated(),
);

export const isPlatformAdmin: IRule = rule({ cache: 'contextual' })((_p, _a, ctx: GraphQLContext) => {
  if (ctx.tenant) return platformOnly();
  if (!ctx.viewer) return unauthenticated();
  return ctx.viewer.kind === 'platform' ? true : forbidden();
});

/** A platform-context operation that needs no sign-in (sign-up). */
export const isPlatformContext: IRule = rule({ cache: 'contextual' })((_p, _a, ctx: GraphQLContext) =>
  ctx.tenant ? platformOnly() : true,
);

/** A tenant-context operation that needs no sign-in (invitation and password-reset links). */
export const isTenantContext: IRule = rule({ cache: 'contextual' })((_p, _a, ctx: GraphQLContext) =>
  ctx.tenant ? true : tenantOnly(),
);

export const isTenantUser: IRule = rule({ cache: 'contextual' })((_p, _a, ctx: GraphQLContext) => {
  if (!ctx.tenant) return tenantOnly();
  if (!ctx.viewer) return unauthenticated();
  return ctx.viewer.kind === 'tenant' ? true : forbidden();
});

// Stryker restore ObjectLiteral

const actionRules = new Map<Action, IRule>();

/**
 * A tenant user whose role holds `action` in this tenant (the catalogue's defaults as changed by
 * the tenant). The object-level part of the check is the service's, through assertCan.
 */
export function may(action: Action): IRule {
  let r = actionRules.get(action);
  if (!r) {
    // Stryker disable next-line ObjectLiteral: 'contextual' is the default (see above)
    r = rule(`may:${action}`, { cache: 'contextual' })((_p, _a, ctx: GraphQLContext) => {
      if (!ctx.tenant) return tenantOnly();
      if (!ctx.viewer) return unauthenticated();
      if (ctx.viewer.kind !== 'tenant') return forbidden();
      return ctx.viewer.actions.has(action) ? true : forbidden(`Your role may not ${action.replace(':', ' ')}`);
    });
    actionRules.set(action, r);
  }
  return r;
}

/** The rules one module contributes for its root fields. */
export interface ModuleRules {
  Query?: Record<string, IRule>;
  Mutation?: Record<string, IRule>;
  Subscription?: Record<string, IRule>;
}
