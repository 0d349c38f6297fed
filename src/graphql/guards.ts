// Narrowing helpers for resolvers (shield has already checked these, the types need to know too),
// and the thin resolvers built on them that most fields are.
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
 * service. The arguments' type is the field's generated one: `fn` must accept each of them under
 * its own name, and must name each (an argument it does not know is a type error, not dropped).
 * The scope goes last, so no argument can stand in for `db` or `viewer`.
 */
export function tenantField<A extends object, F extends (args: NoInfer<A> & TenantScope) => unknown>(
  fn: F & KnownArgs<NoInfer<A>, Parameters<F>[0]>,
): (parent: unknown, args: A, ctx: GraphQLContext) => ReturnType<F>;
export function tenantField<A extends object, R>(fn: (args: A & TenantScope) => R) {
  return (_parent: unknown, args: A, ctx: GraphQLContext): R => fn({ ...args, ...requireTenant(ctx) });
}

/** `unknown` when the callee's arguments name every field argument, else a type no function has. */
type KnownArgs<A, P> = [Exclude<keyof A, keyof P>] extends [never] ? unknown : { unknownArguments: Exclude<keyof A, keyof P> };

/** A nullable user the parent points at by `key`: null without an id, else through the viewer's loader. */
export function userRef<K extends string>(key: K) {
  return (parent: { readonly [P in K]: string | null }, _args: unknown, ctx: GraphQLContext) => {
    const id = parent[key];
    return id ? ctx.loaders.userById.load(id) : null;
  };
}

/** What a loader keyed by the parent's id gives: the parent's rows, count or part. */
export function byParentId<V>(pick: (loaders: GraphQLContext['loaders']) => { load(id: string): Promise<V> }) {
  return (parent: { readonly id: string }, _args: unknown, ctx: GraphQLContext): Promise<V> => pick(ctx.loaders).load(parent.id);
}

/** A non-null relation: foreign keys (and the scope) keep its row there, so a miss is a server error. */
export async function required<T>(row: Promise<T | null>, message: string): Promise<T> {
  const found = await row;
  if (!found) throw new Error(message);
  return found;
}
