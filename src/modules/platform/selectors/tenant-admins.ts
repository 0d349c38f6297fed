// Reads of a tenant's SUPER_ADMINs for platform administrators: the page of them, and one by id.
// Only SUPER_ADMINs are reachable: any other user id of the tenant answers NOT_FOUND, as the
// platform sees no tenant business data.
import { and, eq } from 'drizzle-orm';
import { type Connection, keysetList, mapNodes } from '../../../db/paging.js';
import type { Executor, TenantDb } from '../../../db/tenant-db.js';
import { notFound } from '../../../errors.js';
import type { TenantRecord } from '../../../tenancy/registry.js';
import type { PageArgs, PlatformArgs } from '../../shared-args.js';
import type { TenantAdminModel } from '../models.js';
import { tenantWithDbGetById } from './tenants.js';

export interface TenantAdminReadArgs extends PlatformArgs {
  tenantId: string;
}

function columns(db: TenantDb) {
  const u = db.t.users;
  return {
    id: u.id,
    email: u.email,
    firstName: u.firstName,
    lastName: u.lastName,
    isActive: u.isActive,
    lastLoginAt: u.lastLoginAt,
    createdAt: u.createdAt,
  };
}

export interface TenantAdminGetByIdArgs {
  /** The tenant's pool, or the transaction of a change. */
  ex: Executor;
  db: TenantDb;
  tenant: TenantRecord;
  id: string;
  /** Lock the row for the rest of `ex`'s transaction. */
  lock?: boolean;
}

/** The tenant's SUPER_ADMIN `id` (NOT_FOUND for any other user). */
export async function tenantAdminGetById({
  ex,
  db,
  tenant,
  id,
  lock = false,
}: TenantAdminGetByIdArgs): Promise<TenantAdminModel> {
  const u = db.t.users;
  const query = ex
    .select(columns(db))
    .from(u)
    .where(and(eq(u.id, id), eq(u.role, 'SUPER_ADMIN')));
  const [row] = await (lock ? query.for('update') : query);
  if (!row) throw notFound('Tenant SUPER_ADMIN');
  return { ...row, tenant };
}

export interface TenantAdminListArgs extends TenantAdminReadArgs, PageArgs {}

export async function tenantAdminList(args: TenantAdminListArgs): Promise<Connection<TenantAdminModel>> {
  const { tenant, db } = await tenantWithDbGetById(args);
  const u = db.t.users;
  const page = await keysetList<typeof u, Omit<TenantAdminModel, 'tenant'>>({
    orm: db.orm,
    table: u,
    where: eq(u.role, 'SUPER_ADMIN'),
    order: [u.email, u.id],
    columns: columns(db),
    page: args,
  });
  return mapNodes(page, (r) => ({ ...r, tenant }));
}
