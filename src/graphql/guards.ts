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
