// Reads of visa applications, scoped in SQL by the client's branch (clientScope): applications of
// deleted or out-of-scope clients never appear, and reading one by id answers NOT_FOUND. Deleted
// applications (deletedAt set) are left out of every read but the restore's.
import { anyId, compiledFamily, idsValue, UNNAMED } from '../../../db/compiled.js';
import { tenantTables } from '../../../db/tables/tenant.js';
import {
  clientScopeOf,
  scopedIdsKey,
  scopedIdsShape,
  scopeRefs,
  scopeValues,
  type ScopedIdsShape,
} from '../../../access/scope.js';
import { and, desc, eq, exists, gte, ilike, inArray, isNull, lte, sql, type SQL } from 'drizzle-orm';
import { clientScope } from '../../../access/scope.js';
import { containsPattern, type Connection, keysetList } from '../../../db/paging.js';
import type { TenantDb } from '../../../db/tenant-db.js';
import { notFound } from '../../../errors.js';
import { groupBy } from '../../../graphql/loader-kit.js';
import { parseInput, uuid } from '../../shared-validation.js';
import type { VisaListArgs, VisaReadArgs } from './visa-catalogue.js';
import type { VisaApplicationModel } from '../models.js';
import { visaApplicationFilterInput, type VisaApplicationFilter } from '../validation.js';

export type VisaApplicationOrder = 'CREATED_AT_DESC' | 'CREATED_AT_ASC' | 'UPDATED_AT_DESC';

/** The viewer's scope and the filter as one WHERE clause; shared by the list, the counts and the dashboard. */
export function visaApplicationWhere(db: TenantDb, viewer: VisaReadArgs['viewer'], f: VisaApplicationFilter): SQL {
  const { visaApplications: va, visaTypes: vt, clients: c } = db.t;
  const pattern = f.search ? containsPattern(f.search) : null;
  return and(
    isNull(va.deletedAt),
    clientScope(db, viewer, va.clientId),
    f.clientId ? eq(va.clientId, f.clientId) : undefined,
    f.status ? eq(va.status, f.status) : undefined,
    f.visaTypeId ? eq(va.visaTypeId, f.visaTypeId) : undefined,
    f.visaCategoryId
      ? inArray(va.visaTypeId, db.orm.select({ id: vt.id }).from(vt).where(eq(vt.visaCategoryId, f.visaCategoryId)))
      : undefined,
    f.assignedToId ? eq(va.assignedToId, f.assignedToId) : undefined,
    f.createdById ? eq(va.createdById, f.createdById) : undefined,
    f.dateAppliedFrom ? gte(va.dateApplied, f.dateAppliedFrom) : undefined,
    f.dateAppliedTo ? lte(va.dateApplied, f.dateAppliedTo) : undefined,
    pattern
      ? exists(
          db.orm
            .select({ one: sql`1` })
            .from(c)
            .where(
              and(eq(c.id, va.clientId), ilike(sql`${c.firstName} || ' ' || ${c.middleName} || ' ' || ${c.lastName}`, pattern)),
            ),
        )
      : undefined,
  )!;
}

export function parseVisaApplicationFilter(filter: unknown): VisaApplicationFilter {
  return parseInput(visaApplicationFilterInput, filter ?? {}, 'filter');
}

export type VisaApplicationListArgs = VisaListArgs & { orderBy?: VisaApplicationOrder | null };

export async function visaApplicationList(args: VisaApplicationListArgs): Promise<Connection<VisaApplicationModel>> {
  const { db, viewer, filter, orderBy } = args;
  const va = db.t.visaApplications;
  const where = visaApplicationWhere(db, viewer, parseVisaApplicationFilter(filter));
  const order = orderBy ?? 'CREATED_AT_DESC';
  const column = order === 'UPDATED_AT_DESC' ? va.updatedAt : va.createdAt;
  const direction = order === 'CREATED_AT_ASC' ? 'asc' : 'desc';
  return keysetList({ orm: db.orm, table: va, where, order: [column, va.id], direction, page: args });
}

export type VisaApplicationGetByIdArgs = VisaReadArgs & { id: unknown; includeDeleted?: boolean };

/** One live application of a client in scope; a deleted one only with `includeDeleted` (restore). */
export async function visaApplicationGetById({
  db,
  viewer,
  id,
  includeDeleted = false,
}: VisaApplicationGetByIdArgs): Promise<VisaApplicationModel> {
  const applicationId = parseInput(uuid, id, 'id');
  const va = db.t.visaApplications;
  const [row] = await db.orm
    .select()
    .from(va)
    .where(
      and(eq(va.id, applicationId), clientScope(db, viewer, va.clientId), includeDeleted ? undefined : isNull(va.deletedAt)),
    );
  if (!row) throw notFound('Visa application');
  return row;
}

/** Each client's applications, newest first, for Client.visaApplications. */
const applicationsOf = compiledFamily(scopedIdsKey, (orm, { scope, ids }: ScopedIdsShape) => {
  const va = tenantTables.visaApplications;
  return orm
    .select()
    .from(va)
    .where(and(anyId(va.clientId, ids), isNull(va.deletedAt), clientScopeOf(scopeRefs(scope), va.clientId)))
    .orderBy(desc(va.createdAt), desc(va.id))
    .prepare(UNNAMED);
});

export type VisaApplicationListByClientIdsArgs = VisaReadArgs & { ids: readonly string[] };

export async function visaApplicationListByClientIds({
  db,
  viewer,
  ids,
}: VisaApplicationListByClientIdsArgs): Promise<Map<string, VisaApplicationModel[]>> {
  if (!ids.length) return new Map();
  const rows = await applicationsOf.run(db, scopedIdsShape(viewer, ids), { ...scopeValues(viewer), ids: idsValue(ids) });
  return groupBy(rows, (r) => r.clientId);
}
