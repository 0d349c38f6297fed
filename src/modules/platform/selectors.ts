// Reads of the tenant registry for platform administrators.
import { count } from 'drizzle-orm';
import { tenants } from '../../db/tables/public.js';
import { decodeCursor, pageSize, toConnection, type Connection } from '../../db/paging.js';
import type { PlatformViewer } from '../../auth/viewer.js';
import { notFound } from '../../errors.js';
import type { Runtime } from '../../runtime.js';
import type { TenantRecord } from '../../tenancy/registry.js';

export interface TenantListArgs {
  runtime: Runtime;
  viewer: PlatformViewer;
  first?: number | null;
  after?: string | null;
}

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

export type TenantGetByIdArgs = { runtime: Runtime; viewer: PlatformViewer; id: string };

export async function tenantGetById(args: TenantGetByIdArgs): Promise<TenantRecord> {
  const record = await args.runtime.registry.byId(args.id);
  if (!record) throw notFound('Tenant');
  return record;
}
