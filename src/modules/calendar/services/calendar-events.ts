// Writes of calendar events: create, change and delete. Putting an event in someone else's
// calendar needs calendar:assignOthers and an assignee in the viewer's user scope (server-side,
// unlike the original, which left it to the frontend).
import { assertCan } from '../../../access/can.js';
import type { TenantViewer } from '../../../auth/viewer.js';
import type { TenantDb } from '../../../db/tenant-db.js';
import { badInput } from '../../../errors.js';
import { assertBranchInScope } from '../../tasks/index.js';
import { parseInput } from '../../shared-validation.js';
import type { TenantArgs } from '../../shared-args.js';
import { givenFields } from '../../shared-writes.js';
import type { CalendarEventModel } from '../models.js';
import { calendarEventGetById } from '../selectors/calendar-events.js';
import { entryDelete, entryInsert, entryUpdate } from './entries.js';
import { assertMayChangeEntry, assertOwnerAllowed } from '../selectors/team.js';
import { createCalendarEventInput, updateCalendarEventInput } from '../validation.js';

export type CalendarWriteArgs = TenantArgs;

export type CalendarEventCreateArgs = CalendarWriteArgs & { input: unknown };

export async function calendarEventCreate({ db, viewer, input }: CalendarEventCreateArgs): Promise<CalendarEventModel> {
  assertCan(viewer, 'calendar:write');
  const v = parseInput(createCalendarEventInput, input);
  const assignedToId = await assertOwnerAllowed({ db, viewer, userId: v.assignedToId ?? viewer.id, path: 'input.assignedToId' });
  if (v.branchId) await assertBranchInScope({ db, viewer, branchId: v.branchId, path: 'input.branchId' });
  const branchId = v.branchId ?? (viewer.branchIds.length === 1 ? viewer.branchIds[0]! : null);
  return entryInsert({
    db,
    viewer,
    table: db.t.calendarEvents,
    values: {
      title: v.title,
      description: v.description,
      startsAt: v.startsAt,
      endsAt: v.endsAt,
      allDay: v.allDay,
      assignedToId,
      ...(v.hexColor ? { hexColor: v.hexColor } : {}),
      location: v.location,
      branchId,
    },
  });
}

async function loadForWrite(db: TenantDb, viewer: TenantViewer, id: string): Promise<CalendarEventModel> {
  const event = await calendarEventGetById({ db, viewer, id });
  assertCan(viewer, 'calendar:write');
  assertMayChangeEntry(viewer, { ownerId: event.assignedToId, createdById: event.createdById });
  return event;
}

export type CalendarEventUpdateArgs = CalendarWriteArgs & { id: string; input: unknown };

export async function calendarEventUpdate({ db, viewer, id, input }: CalendarEventUpdateArgs): Promise<CalendarEventModel> {
  const event = await loadForWrite(db, viewer, id);
  const v = parseInput(updateCalendarEventInput, input);
  const startsAt = v.startsAt ?? event.startsAt;
  const endsAt = v.endsAt ?? event.endsAt;
  if (endsAt.getTime() <= startsAt.getTime()) {
    const path = v.endsAt ? 'input.endsAt' : 'input.startsAt';
    throw badInput([{ path, message: path === 'input.endsAt' ? 'must be after startsAt' : 'must be before endsAt' }]);
  }
  const set: Partial<CalendarEventModel> = {
    updatedById: viewer.id,
    startsAt,
    endsAt,
    ...givenFields(v, ['title', 'description', 'allDay', 'hexColor', 'location']),
  };
  if (v.assignedToId !== undefined && v.assignedToId !== event.assignedToId) {
    set.assignedToId = await assertOwnerAllowed({ db, viewer, userId: v.assignedToId, path: 'input.assignedToId' });
  }
  return entryUpdate({ db, table: db.t.calendarEvents, id: event.id, set, what: 'Calendar event' });
}

export type CalendarEventDeleteArgs = CalendarWriteArgs & { id: string };

export async function calendarEventDelete({ db, viewer, id }: CalendarEventDeleteArgs): Promise<boolean> {
  const event = await loadForWrite(db, viewer, id);
  return entryDelete({ db, table: db.t.calendarEvents, id: event.id });
}
