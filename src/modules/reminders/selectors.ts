// Reads of reminders: own and created ones, plus the team's for calendar:viewTeam (see calendar/selectors/team.ts).
import { and, eq, gt, gte, lt, lte, not, sql, type SQL } from 'drizzle-orm';
import type { TenantViewer } from '../../auth/viewer.js';
import { keysetList, type Connection } from '../../db/paging.js';
import { rowsWhere, rowWhere } from '../../db/scoped-rows.js';
import type { TenantDb } from '../../db/tenant-db.js';
import { teamVisibility } from '../calendar/index.js';
import { parseInput, uuid } from '../shared-validation.js';
import type { FilteredPageArgs, IdsArgs, TenantArgs } from '../shared-args.js';
import type { ReminderModel } from './models.js';
import { reminderFilterInput } from './validation.js';

export type ReminderReadArgs = TenantArgs;

export function reminderVisibility(db: TenantDb, viewer: TenantViewer): SQL {
  const r = db.t.reminders;
  return teamVisibility(db, viewer, r.ownerId, r.createdById);
}

function filterWhere(db: TenantDb, viewer: TenantViewer, filter: unknown): SQL | undefined {
  const f = parseInput(reminderFilterInput, filter ?? {}, 'filter');
  const r = db.t.reminders;
  return and(
    f.ownerId ? eq(r.ownerId, f.ownerId) : undefined,
    f.mine ? eq(r.ownerId, viewer.id) : undefined,
    f.upcoming ? and(gt(r.remindAt, sql`now()`), not(r.isCompleted)) : undefined,
    f.due ? and(lte(r.remindAt, sql`now()`), not(r.isCompleted)) : undefined,
    f.isCompleted == null ? undefined : eq(r.isCompleted, f.isCompleted),
    f.isRead == null ? undefined : eq(r.isRead, f.isRead),
    f.from ? gte(r.remindAt, f.from) : undefined,
    f.to ? lt(r.remindAt, f.to) : undefined,
    f.linkedEntityType ? eq(r.linkedEntityType, f.linkedEntityType) : undefined,
    f.linkedEntityId ? eq(r.linkedEntityId, f.linkedEntityId) : undefined,
  );
}

export type ReminderListArgs = ReminderReadArgs & FilteredPageArgs;

export async function reminderList(args: ReminderListArgs): Promise<Connection<ReminderModel>> {
  const { db, viewer, filter } = args;
  const r = db.t.reminders;
  const where = and(reminderVisibility(db, viewer), filterWhere(db, viewer, filter));
  return keysetList({ orm: db.orm, table: r, where, order: [r.remindAt, r.id], page: args });
}

export type ReminderGetByIdArgs = ReminderReadArgs & { id: unknown };

/** One visible reminder; NOT_FOUND otherwise. */
export async function reminderGetById({ db, viewer, id }: ReminderGetByIdArgs): Promise<ReminderModel> {
  const reminderId = parseInput(uuid, id, 'id');
  return rowWhere(db.orm, db.t.reminders, reminderId, reminderVisibility(db, viewer), 'Reminder');
}

export type ReminderListByIdsArgs = ReminderReadArgs & IdsArgs;

/** Visible reminders by id (for loaders of fields pointing at a reminder, e.g. notifications). */
export async function reminderListByIds({ db, viewer, ids }: ReminderListByIdsArgs): Promise<ReminderModel[]> {
  return rowsWhere(db.orm, db.t.reminders, ids, reminderVisibility(db, viewer));
}
