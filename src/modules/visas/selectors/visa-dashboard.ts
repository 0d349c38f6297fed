// Counts and dashboard figures over the visa applications the viewer sees (the list's scope and
// filter). Periods are in UTC and weeks start on Monday; each figure is one aggregate query.
import { and, asc, count, desc, eq, gte, isNull, sql, type SQL } from 'drizzle-orm';
import { assertCan } from '../../../access/can.js';
import type { TenantDb } from '../../../db/tenant-db.js';
import { VISA_STATUSES, type VisaStatus } from '../../../db/tables/enums.js';
import type { VisaReadArgs } from './visa-catalogue.js';
import type { VisaDashboardModel, VisaPeriodCountsModel, VisaStatusCountsModel } from '../models.js';
import { parseVisaApplicationFilter, visaApplicationWhere } from './visa-applications.js';

const STATUS_FIELD: Record<VisaStatus, keyof Omit<VisaStatusCountsModel, 'total'>> = {
  TO_BE_APPLIED: 'toBeApplied',
  VISA_APPLIED: 'visaApplied',
  CASE_OPENED: 'caseOpened',
  GRANTED: 'granted',
  REJECTED: 'rejected',
  WITHDRAWN: 'withdrawn',
};

const countWhere = (cond: SQL | undefined) => sql<number>`(count(*) filter (where ${cond}))::int`;

/** Midnight UTC of today, of this week's Monday and of this month's first day. */
export function periodStarts(now: Date): { today: Date; thisWeek: Date; thisMonth: Date } {
  const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const sinceMonday = (today.getUTCDay() + 6) % 7;
  return {
    today,
    thisWeek: new Date(today.getTime() - sinceMonday * 86_400_000),
    thisMonth: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)),
  };
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

function statusColumns(db: TenantDb) {
  const va = db.t.visaApplications;
  return Object.fromEntries(VISA_STATUSES.map((s) => [s, countWhere(eq(va.status, s))])) as Record<VisaStatus, SQL<number>>;
}

function toStatusCounts(row: Record<VisaStatus, number>, total: number): VisaStatusCountsModel {
  const counts = { total } as VisaStatusCountsModel;
  for (const s of VISA_STATUSES) counts[STATUS_FIELD[s]] = row[s];
  return counts;
}

export type VisaApplicationStatusCountsArgs = VisaReadArgs & { filter?: unknown };

export async function visaApplicationStatusCounts({
  db,
  viewer,
  filter,
}: VisaApplicationStatusCountsArgs): Promise<VisaStatusCountsModel> {
  // Shield checked dashboard:read; counting applications also reveals them, so reading them is needed too.
  assertCan(viewer, 'visaApplication:read');
  const va = db.t.visaApplications;
  const where = visaApplicationWhere(db, viewer, parseVisaApplicationFilter(filter));
  const [row] = await db.orm
    .select({ ...statusColumns(db), total: count() })
    .from(va)
    .where(where);
  return toStatusCounts(row!, row!.total);
}

export type VisaDashboardGetArgs = VisaReadArgs & { now?: Date };

export async function visaDashboardGet({ db, viewer, now = new Date() }: VisaDashboardGetArgs): Promise<VisaDashboardModel> {
  assertCan(viewer, 'visaApplication:read');
  const { visaApplications: va, visaTypes: vt } = db.t;
  const where = visaApplicationWhere(db, viewer, parseVisaApplicationFilter({}));
  const start = periodStarts(now);
  const granted = (since: Date) => countWhere(and(eq(va.status, 'GRANTED'), gte(va.dateGranted, isoDay(since))));
  const [figures, top, recent] = await Promise.all([
    db.orm
      .select({
        ...statusColumns(db),
        total: count(),
        createdToday: countWhere(gte(va.createdAt, start.today)),
        createdThisWeek: countWhere(gte(va.createdAt, start.thisWeek)),
        createdThisMonth: countWhere(gte(va.createdAt, start.thisMonth)),
        grantedToday: granted(start.today),
        grantedThisWeek: granted(start.thisWeek),
        grantedThisMonth: granted(start.thisMonth),
        unassigned: countWhere(isNull(va.assignedToId)),
      })
      .from(va)
      .where(where),
    db.orm
      .select({ visaType: vt, count: count() })
      .from(va)
      .innerJoin(vt, eq(vt.id, va.visaTypeId))
      .where(where)
      .groupBy(vt.id)
      .orderBy(desc(count()), asc(vt.name), asc(vt.id))
      .limit(5),
    db.orm.select().from(va).where(where).orderBy(desc(va.createdAt), desc(va.id)).limit(5),
  ]);
  const f = figures[0]!;
  const period = (today: number, thisWeek: number, thisMonth: number): VisaPeriodCountsModel => ({ today, thisWeek, thisMonth });
  return {
    totalApplications: f.total,
    statusCounts: toStatusCounts(f, f.total),
    createdCounts: period(f.createdToday, f.createdThisWeek, f.createdThisMonth),
    grantedCounts: period(f.grantedToday, f.grantedThisWeek, f.grantedThisMonth),
    topVisaTypes: top,
    recentApplications: recent,
    unassignedCount: f.unassigned,
  };
}
