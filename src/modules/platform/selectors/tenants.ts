// Reads of the tenant registry for platform administrators, and a tenant with a handle on its schema.
import { count } from 'drizzle-orm';
import { decodeCursor, pageSize, toConnection, type Connection } from '../../../db/paging.js';
import { tenants } from '../../../db/tables/public.js';
import { tenantDb, type TenantDb } from '../../../db/tenant-db.js';
import { notFound } from '../../../errors.js';
import type { Runtime } from '../../../runtime.js';
import type { TenantRecord } from '../../../tenancy/registry.js';
import type { PageArgs, PlatformArgs } from '../../shared-args.js';
import { parseInput, uuid } from '../../shared-validation.js';

export interface TenantListArgs extends PlatformArgs, PageArgs {}

export async function tenantList({ runtime, first, after }: TenantListArgs): Promise<Connection<TenantRecord>> {
  const limit = pageSize(first);
  const cursor = decodeCursor(after, ['text']);
  const orm = runtime.database.orm;
  const records = await runtime.registry.page({ after: cursor?.[0], limit: limit + 1 });
  return toConnection(
    records,
    limit,
    (t) => [t.slug],
    async () => {
      const [c] = await orm.select({ n: count() }).from(tenants);
      return c?.n ?? 0;
    },
  );
}

export interface TenantGetByIdArgs extends PlatformArgs {
  id: string;
}

export async function tenantGetById(args: TenantGetByIdArgs): Promise<TenantRecord> {
  const record = await args.runtime.registry.byId(args.id);
  if (!record) throw notFound('Tenant');
  return record;
}

export interface TenantWithDbGetByIdArgs {
  runtime: Runtime;
  /** Raw input: checked to be a uuid (field `tenantId`). */
  tenantId: string;
}

/** The tenant `tenantId` (NOT_FOUND when there is none) and a handle on its schema. */
export async function tenantWithDbGetById({
  runtime,
  tenantId,
}: TenantWithDbGetByIdArgs): Promise<{ tenant: TenantRecord; db: TenantDb }> {
  const tenant = await runtime.registry.byId(parseInput(uuid, tenantId, 'tenantId'));
  if (!tenant) throw notFound('Tenant');
  return { tenant, db: tenantDb(runtime.database, tenant.schemaName) };
}
