// Reads of the tenant registry for platform administrators.
import { asc, count, gt } from 'drizzle-orm';
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
  const cursor = decodeCursor(after, 1);
  const orm = runtime.database.orm;
  const rows = await orm
    .select({ id: tenants.id, slug: tenants.slug })
    .from(tenants)
    .where(cursor ? gt(tenants.slug, cursor[0]!) : undefined)
    .orderBy(asc(tenants.slug))
    .limit(limit + 1);
  // The registry holds the full records (with domains); refresh once if a row is newer than it.
  if (rows.some((r) => !runtime.registry.byId(r.id))) await runtime.registry.reload();
  const records = rows.map((r) => runtime.registry.byId(r.id)).filter((r): r is TenantRecord => r !== undefined);
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

export async function tenantGetById(args: { runtime: Runtime; viewer: PlatformViewer; id: string }): Promise<TenantRecord> {
  const record = args.runtime.registry.byId(args.id);
  if (!record) throw notFound('Tenant');
  return record;
}
