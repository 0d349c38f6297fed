// Reads of regions and branches. Both are visible to every user of the tenant.
import { and, asc, count, eq, gt, inArray, isNull, or } from 'drizzle-orm';
import type { TenantViewer } from '../../auth/viewer.js';
import { decodeCursor, pageSize, toConnection, type Connection } from '../../db/paging.js';
import type { TenantDb } from '../../db/tenant-db.js';
import type { BranchModel, RegionModel } from '../../graphql/models.js';

export interface OrgListArgs {
  db: TenantDb;
  viewer: TenantViewer;
  first?: number | null;
  after?: string | null;
}

export async function regionList({ db, first, after }: OrgListArgs): Promise<Connection<RegionModel>> {
  const { regions } = db.t;
  const limit = pageSize(first);
  const cursor = decodeCursor(after, 1);
  const rows = await db.orm
    .select()
    .from(regions)
    .where(cursor ? gt(regions.name, cursor[0]!) : undefined)
    .orderBy(asc(regions.name))
    .limit(limit + 1);
  return toConnection(
    rows,
    limit,
    (r) => [r.name],
    async () => (await db.orm.select({ n: count() }).from(regions))[0]?.n ?? 0,
  );
}

export async function branchList({ db, first, after }: OrgListArgs): Promise<Connection<BranchModel>> {
  const { branches } = db.t;
  const limit = pageSize(first);
  const cursor = decodeCursor(after, 2);
  const live = isNull(branches.deletedAt);
  const rows = await db.orm
    .select()
    .from(branches)
    .where(
      cursor
        ? and(live, or(gt(branches.name, cursor[0]!), and(eq(branches.name, cursor[0]!), gt(branches.id, cursor[1]!))))
        : live,
    )
    .orderBy(asc(branches.name), asc(branches.id))
    .limit(limit + 1);
  return toConnection(
    rows,
    limit,
    (b) => [b.name, b.id],
    async () => (await db.orm.select({ n: count() }).from(branches).where(live))[0]?.n ?? 0,
  );
}

export async function regionListByIds({
  db,
  ids,
}: {
  db: TenantDb;
  viewer: TenantViewer;
  ids: readonly string[];
}): Promise<RegionModel[]> {
  if (!ids.length) return [];
  return db.orm
    .select()
    .from(db.t.regions)
    .where(inArray(db.t.regions.id, [...ids]));
}
