// Reads of college applications, scoped in SQL by the client's branch (clientScope): the list, one
// application, each client's, and the stage counts and dashboard figures over exactly the rows the
// list shows the viewer (collegeApplicationWhere). The final stage of a type is its highest position.
import { and, asc, count, desc, eq, gte, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import { assertCan, can } from '../../../access/can.js';
import { clientScope } from '../../../access/scope.js';
import { keysetList, type Connection } from '../../../db/paging.js';
import { oneOr404, type TableWithId } from '../../../db/rows.js';
import type { TenantArgs, TenantDb } from '../../../db/tenant-db.js';
import { groupBy } from '../../../graphql/loader-kit.js';
import { parseInput } from '../../shared-validation.js';
import { parseId, type IdsArgs, type PageArgs, type TargetArgs } from './crud.js';
import type { CollegeApplicationModel, CollegeDashboardModel, CollegeStageCountsModel } from '../models.js';
import { collegeApplicationFilterInput, dashboardPeriod } from '../validation.js';

/** Live applications of live clients in the viewer's scope, narrowed by `filter`: the list, the counts and the dashboard. */
export type CollegeApplicationWhereArgs = TenantArgs & { filter?: unknown };

export function collegeApplicationWhere({ db, viewer, filter }: CollegeApplicationWhereArgs): SQL {
  const f = parseInput(collegeApplicationFilterInput, filter ?? {}, 'filter');
  const a = db.t.collegeApplications;
  return and(
    isNull(a.deletedAt),
    clientScope(db, viewer, a.clientId),
    f.clientId ? eq(a.clientId, f.clientId) : undefined,
    f.applicationTypeId ? eq(a.applicationTypeId, f.applicationTypeId) : undefined,
    f.stageId ? eq(a.stageId, f.stageId) : undefined,
    f.instituteId ? eq(a.instituteId, f.instituteId) : undefined,
    f.assignedToId ? eq(a.assignedToId, f.assignedToId) : undefined,
  )!;
}

export type CollegeApplicationListArgs = PageArgs & { filter?: unknown };

export async function collegeApplicationList(args: CollegeApplicationListArgs): Promise<Connection<CollegeApplicationModel>> {
  const a = args.db.t.collegeApplications;
  const where = collegeApplicationWhere(args);
  return keysetList({ orm: args.db.orm, table: a, where, order: [a.createdAt, a.id], direction: 'desc', page: args });
}

/** One application of a live client in scope; deleted ones only with `includeDeleted` (restore). */
export type CollegeApplicationGetByIdArgs = TargetArgs & { includeDeleted?: boolean };

export async function collegeApplicationGetById({
  db,
  viewer,
  id,
  includeDeleted = false,
}: CollegeApplicationGetByIdArgs): Promise<CollegeApplicationModel> {
  const a = db.t.collegeApplications;
  const rows = await db.orm
    .select()
    .from(a)
    .where(and(eq(a.id, parseId(id)), clientScope(db, viewer, a.clientId), includeDeleted ? undefined : isNull(a.deletedAt)));
  return oneOr404(rows, 'College application');
}

/**
 * The live applications of each client (in scope), newest first, for Client.collegeApplications;
 * none for a role whose collegeApplication:read was revoked (it sees the client without them).
 */

export type CollegeApplicationListByClientIdsArgs = IdsArgs;

export async function collegeApplicationListByClientIds({
  db,
  viewer,
  ids,
}: CollegeApplicationListByClientIdsArgs): Promise<Map<string, CollegeApplicationModel[]>> {
  if (!can(viewer, 'collegeApplication:read')) return new Map();
  const a = db.t.collegeApplications;
  const rows = await db.orm
    .select()
    .from(a)
    .where(and(inArray(a.clientId, [...ids]), isNull(a.deletedAt), clientScope(db, viewer, a.clientId)))
    .orderBy(desc(a.createdAt), desc(a.id));
  return groupBy(rows, (r) => r.clientId);
}

/** True when the application's stage (joined as applicationStages) is its type's last. */
function atFinalStage(db: TenantDb): SQL {
  const s = db.t.applicationStages;
  // Aliased inside, so the unaliased name refers to the outer row (a drizzle alias would drop the schema).
  return sql`${s.position} = (select max(last_stage.position) from ${s} as last_stage where last_stage.application_type_id = ${s.applicationTypeId})`;
}

export type CollegeApplicationStageCountsArgs = CollegeApplicationWhereArgs;

export async function collegeApplicationStageCounts(args: CollegeApplicationStageCountsArgs): Promise<CollegeStageCountsModel> {
  const { db, viewer } = args;
  // Shield checked dashboard:read; counting applications also reveals them, so reading them is needed too.
  assertCan(viewer, 'collegeApplication:read');
  const { collegeApplications: a, applicationStages: s, applicationTypes: t } = db.t;
  const where = collegeApplicationWhere(args);
  const rows = await db.orm
    .select({ stage: s, n: count() })
    .from(a)
    .innerJoin(s, eq(s.id, a.stageId))
    .innerJoin(t, eq(t.id, s.applicationTypeId))
    .where(where)
    .groupBy(s.id, t.id)
    .orderBy(asc(t.title), asc(t.id), asc(s.position));
  return {
    total: rows.reduce((sum, r) => sum + r.n, 0),
    byStage: rows.map((r) => ({ stage: r.stage, count: r.n })),
  };
}

/** The first day (UTC) of the period the intake breakdown starts from; null for all time. */
function periodStart(period: CollegeDashboardModel['period'], now = new Date()): string | null {
  const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  if (period === 'ALL') return null;
  if (period === 'THIS_MONTH') day.setUTCDate(1);
  if (period === 'THIS_WEEK') day.setUTCDate(day.getUTCDate() - ((day.getUTCDay() + 6) % 7));
  return day.toISOString().slice(0, 10);
}

/** The five rows of `table` that most applications in `where` name through `ref`, the most named first (ties by `name`). */
async function topNamed<T extends TableWithId>(
  db: TenantDb,
  where: SQL,
  table: T,
  ref: AnyPgColumn,
  name: AnyPgColumn,
): Promise<{ row: T['$inferSelect']; n: number }[]> {
  const a = db.t.collegeApplications;
  return (await db.orm
    .select({ row: table as PgTable, n: count() })
    .from(a)
    .innerJoin(table as PgTable, eq(table.id, ref))
    .where(where)
    .groupBy(table.id)
    .orderBy(desc(count()), asc(name))
    .limit(5)) as { row: T['$inferSelect']; n: number }[];
}

export type CollegeApplicationDashboardArgs = TenantArgs & { period?: unknown };

export async function collegeApplicationDashboard({
  db,
  viewer,
  period,
}: CollegeApplicationDashboardArgs): Promise<CollegeDashboardModel> {
  assertCan(viewer, 'collegeApplication:read');
  const p = parseInput(dashboardPeriod, period ?? 'ALL', 'period');
  const { collegeApplications: a, applicationStages: s, applicationTypes: t, institutes: i, instituteIntakes: k } = db.t;
  const where = collegeApplicationWhere({ db, viewer });
  const final = atFinalStage(db);
  const from = periodStart(p);

  const [totals] = await db.orm
    .select({
      total: count(),
      final: sql<number>`(count(*) filter (where ${final}))::int`,
      pending: sql<number>`(count(*) filter (where ${a.assignedToId} is null))::int`,
    })
    .from(a)
    .innerJoin(s, eq(s.id, a.stageId))
    .where(where);
  const intakes = await db.orm
    .select({ intakeDate: k.intakeDate, n: count() })
    .from(a)
    .innerJoin(s, eq(s.id, a.stageId))
    .innerJoin(k, eq(k.id, a.intakeId))
    .where(and(where, final, from ? gte(k.intakeDate, from) : undefined))
    .groupBy(k.intakeDate)
    .orderBy(desc(k.intakeDate))
    .limit(10);
  const types = await topNamed(db, where, t, a.applicationTypeId, t.title);
  const institutes = await topNamed(db, where, i, a.instituteId, i.name);
  const recent = await db.orm.select().from(a).where(where).orderBy(desc(a.createdAt), desc(a.id)).limit(10);

  return {
    period: p,
    totalApplications: totals?.total ?? 0,
    finalStageCount: totals?.final ?? 0,
    pendingAssignments: totals?.pending ?? 0,
    intakeBreakdown: intakes.map((r) => ({ intakeDate: r.intakeDate, count: r.n })),
    applicationTypeBreakdown: types.map((r) => ({ applicationType: r.row, count: r.n })),
    instituteBreakdown: institutes.map((r) => ({ institute: r.row, count: r.n })),
    recentApplications: recent,
  };
}
