// Narrowing helpers for resolvers: shield has already checked these, the types need to know too.
import type { TenantViewer, Viewer } from '../auth/viewer.js';
import type { TenantDb } from '../db/tenant-db.js';
import { forbidden, unauthenticated } from '../errors.js';
import type { GraphQLContext } from './context.js';

export function requireViewer(ctx: GraphQLContext): Viewer {
  if (!ctx.viewer) throw unauthenticated();
  return ctx.viewer;
}

/** The tenant's database of an operation that needs a tenant but no sign-in (shield: isTenantContext). */
export function requireTenantDb(ctx: GraphQLContext): TenantDb {
  if (!ctx.db) throw forbidden('This operation needs a tenant');
  return ctx.db;
}

export function requireTenant(ctx: GraphQLContext): { db: TenantDb; viewer: TenantViewer } {
  if (!ctx.viewer) throw unauthenticated();
  if (!ctx.db || ctx.viewer.kind !== 'tenant') throw forbidden('This operation needs a tenant');
  return { db: ctx.db, viewer: ctx.viewer };
}

/** What requireTenant hands a selector or service. */
export type TenantScope = ReturnType<typeof requireTenant>;

/**
 * A root field that passes its arguments as they are, with the tenant scope, to one selector or
 * service. The arguments' type is the field's generated one, so `fn` must accept exactly those;
 * the scope goes last, so no argument can stand in for `db` or `viewer`.
 */
export function tenantField<A extends object, R>(
  fn: (args: NoInfer<A> & TenantScope) => R,
): (parent: unknown, args: A, ctx: GraphQLContext) => R {
  return (_parent, args, ctx) => fn({ ...args, ...requireTenant(ctx) });
}

/** A nullable user the parent points at by `key`: null without an id, else through the viewer's loader. */
export function userRef<K extends string>(key: K) {
  return (parent: { readonly [P in K]: string | null }, _args: unknown, ctx: GraphQLContext) => {
    const id = parent[key];
    return id ? ctx.loaders.userById.load(id) : null;
  };
}
