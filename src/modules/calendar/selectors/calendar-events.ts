// Reads of calendar events: own and created ones, plus the team's for calendar:viewTeam
// (team.ts), listed by the time range they overlap.
import { and, eq, gt, ilike, lt, or, type SQL } from 'drizzle-orm';
import type { TenantViewer } from '../../../auth/viewer.js';
import { containsPattern, keysetList, type Connection } from '../../../db/paging.js';
import { rowsWhere, rowWhere } from '../../../db/scoped-rows.js';
import type { TenantDb } from '../../../db/tenant-db.js';
import { parseInput, uuid } from '../../shared-validation.js';
import type { IdsArgs, PageArgs, TenantArgs } from '../../shared-args.js';
import type { CalendarEventModel } from '../models.js';
import { teamVisibility } from './team.js';
import { calendarFilterInput, calendarRangeInput } from '../validation.js';

export type CalendarReadArgs = TenantArgs;

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

export type CalendarEventListArgs = CalendarReadArgs & PageArgs & { from: unknown; to: unknown; filter?: unknown };

/** Events overlapping [from, to): starting before its end and ending after its start. */
export async function calendarEventList(args: CalendarEventListArgs): Promise<Connection<CalendarEventModel>> {
  const { db, viewer, from, to, filter } = args;
  const range = parseInput(calendarRangeInput, { from, to }, '');
  const e = db.t.calendarEvents;
  const where = and(
    calendarEventVisibility(db, viewer),
    lt(e.startsAt, range.to),
    gt(e.endsAt, range.from),
    filterWhere(db, viewer, filter),
  );
  return keysetList({ orm: db.orm, table: e, where, order: [e.startsAt, e.id], page: args });
}

export type CalendarEventGetByIdArgs = CalendarReadArgs & { id: unknown };

/** One visible event; NOT_FOUND otherwise. */
export async function calendarEventGetById({ db, viewer, id }: CalendarEventGetByIdArgs): Promise<CalendarEventModel> {
  const eventId = parseInput(uuid, id, 'id');
  return rowWhere(db.orm, db.t.calendarEvents, eventId, calendarEventVisibility(db, viewer), 'Calendar event');
}

export type CalendarEventListByIdsArgs = CalendarReadArgs & IdsArgs;

/** Visible events by id (for loaders of fields pointing at an event). */
export async function calendarEventListByIds({ db, viewer, ids }: CalendarEventListByIdsArgs): Promise<CalendarEventModel[]> {
  return rowsWhere(db.orm, db.t.calendarEvents, ids, calendarEventVisibility(db, viewer));
}
