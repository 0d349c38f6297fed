// Reads of calendar events: own and created ones, plus the team's for calendar:viewTeam
// (team.ts), listed by the time range they overlap.
import { and, asc, count, eq, gt, ilike, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import type { TenantViewer } from '../../auth/viewer.js';
import { containsPattern, decodeCursor, keysetAfter, pageSize, toConnection, type Connection } from '../../db/paging.js';
import type { TenantDb } from '../../db/tenant-db.js';
import { notFound } from '../../errors.js';
import { parseInput, uuid } from '../shared-validation.js';
import type { CalendarEventModel } from './models.js';
import { teamVisibility } from './team.js';
import { calendarFilterInput, calendarRangeInput } from './validation.js';

export interface CalendarReadArgs {
  db: TenantDb;
  viewer: TenantViewer;
}

export function calendarEventVisibility(db: TenantDb, viewer: TenantViewer): SQL {
  const e = db.t.calendarEvents;
  return teamVisibility(db, viewer, e.assignedToId, e.createdById);
}

function filterWhere(db: TenantDb, viewer: TenantViewer, filter: unknown): SQL | undefined {
  const f = parseInput(calendarFilterInput, filter ?? {}, 'filter');
  const e = db.t.calendarEvents;
  const p = f.search ? containsPattern(f.search) : null;
  return and(
    f.assignedToId ? eq(e.assignedToId, f.assignedToId) : undefined,
    f.mine ? eq(e.assignedToId, viewer.id) : undefined,
    f.branchId ? eq(e.branchId, f.branchId) : undefined,
    p ? or(ilike(e.title, p), ilike(e.description, p), ilike(e.location, p)) : undefined,
  );
}

/** Events overlapping [from, to): starting before its end and ending after its start. */
export async function calendarEventList({
  db,
  viewer,
  from,
  to,
  first,
  after,
  filter,
}: CalendarReadArgs & {
  from: unknown;
  to: unknown;
  first?: number | null;
  after?: string | null;
  filter?: unknown;
}): Promise<Connection<CalendarEventModel>> {
  const range = parseInput(calendarRangeInput, { from, to }, '');
  const e = db.t.calendarEvents;
  const limit = pageSize(first);
  const where = and(
    calendarEventVisibility(db, viewer),
    lt(e.startsAt, range.to),
    gt(e.endsAt, range.from),
    filterWhere(db, viewer, filter),
  );
  // The start travels in the cursor as database text: a JS Date would lose microseconds.
  const startKey = sql<string>`${e.startsAt}::text`;
  const rows = await db.orm
    .select({ event: e, startKey })
    .from(e)
    .where(and(where, keysetAfter([e.startsAt, e.id], decodeCursor(after, ['timestamp', 'uuid']))))
    .orderBy(asc(e.startsAt), asc(e.id))
    .limit(limit + 1);
  const keys = new Map(rows.map((x) => [x.event.id, x.startKey]));
  return toConnection(
    rows.map((x) => x.event),
    limit,
    (x) => [keys.get(x.id)!, x.id],
    async () => (await db.orm.select({ n: count() }).from(e).where(where))[0]?.n ?? 0,
  );
}

/** One visible event; NOT_FOUND otherwise. */
export async function calendarEventGetById({ db, viewer, id }: CalendarReadArgs & { id: unknown }): Promise<CalendarEventModel> {
  const eventId = parseInput(uuid, id, 'id');
  const e = db.t.calendarEvents;
  const [row] = await db.orm
    .select()
    .from(e)
    .where(and(eq(e.id, eventId), calendarEventVisibility(db, viewer)));
  if (!row) throw notFound('Calendar event');
  return row;
}

/** Visible events by id (for loaders of fields pointing at an event). */
export async function calendarEventListByIds({
  db,
  viewer,
  ids,
}: CalendarReadArgs & { ids: readonly string[] }): Promise<CalendarEventModel[]> {
  if (!ids.length) return [];
  const e = db.t.calendarEvents;
  return db.orm
    .select()
    .from(e)
    .where(and(inArray(e.id, [...ids]), calendarEventVisibility(db, viewer)));
}
