// Stage counts and dashboard figures of college applications, over exactly the rows the list
// shows the viewer (collegeApplicationWhere). The final stage of a type is its highest position.
import { and, asc, count, desc, eq, gte, sql, type SQL } from 'drizzle-orm';
import { assertCan } from '../../access/can.js';
import type { TenantDb } from '../../db/tenant-db.js';
import { parseInput } from '../shared-validation.js';
import type { EduArgs } from './common.js';
import { collegeApplicationWhere } from './college-applications.js';
import type { CollegeDashboardModel, CollegeStageCountsModel } from './models.js';
import { dashboardPeriod } from './validation.js';

/** True when the application's stage (joined as applicationStages) is its type's last. */
function atFinalStage(db: TenantDb): SQL {
  const s = db.t.applicationStages;
  // Aliased inside, so the unaliased name refers to the outer row (a drizzle alias would drop the schema).
  return sql`${s.position} = (select max(last_stage.position) from ${s} as last_stage where last_stage.application_type_id = ${s.applicationTypeId})`;
}

export async function collegeStageCounts({
  db,
  viewer,
  filter,
}: EduArgs & { filter?: unknown }): Promise<CollegeStageCountsModel> {
  // Shield checked dashboard:read; counting applications also reveals them, so reading them is needed too.
  assertCan(viewer, 'collegeApplication:read');
  const { collegeApplications: a, applicationStages: s, applicationTypes: t } = db.t;
  const where = collegeApplicationWhere({ db, viewer, filter });
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
export function periodStart(period: CollegeDashboardModel['period'], now = new Date()): string | null {
  const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  if (period === 'ALL') return null;
  if (period === 'THIS_MONTH') day.setUTCDate(1);
  if (period === 'THIS_WEEK') day.setUTCDate(day.getUTCDate() - ((day.getUTCDay() + 6) % 7));
  return day.toISOString().slice(0, 10);
}

export async function collegeDashboard({ db, viewer, period }: EduArgs & { period?: unknown }): Promise<CollegeDashboardModel> {
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
  const types = await db.orm
    .select({ applicationType: t, n: count() })
    .from(a)
    .innerJoin(t, eq(t.id, a.applicationTypeId))
    .where(where)
    .groupBy(t.id)
    .orderBy(desc(count()), asc(t.title))
    .limit(5);
  const institutes = await db.orm
    .select({ institute: i, n: count() })
    .from(a)
    .innerJoin(i, eq(i.id, a.instituteId))
    .where(where)
    .groupBy(i.id)
    .orderBy(desc(count()), asc(i.name))
    .limit(5);
  const recent = await db.orm.select().from(a).where(where).orderBy(desc(a.createdAt), desc(a.id)).limit(10);

  return {
    period: p,
    totalApplications: totals?.total ?? 0,
    finalStageCount: totals?.final ?? 0,
    pendingAssignments: totals?.pending ?? 0,
    intakeBreakdown: intakes.map((r) => ({ intakeDate: r.intakeDate, count: r.n })),
    applicationTypeBreakdown: types.map((r) => ({ applicationType: r.applicationType, count: r.n })),
    instituteBreakdown: institutes.map((r) => ({ institute: r.institute, count: r.n })),
    recentApplications: recent,
  };
}
