// Writes of reminders: create (for oneself, or with calendar:assignOthers for a user in scope),
// change, complete and delete, each in one transaction after the scoped load and the owner check.
import { assertCan } from '../../access/can.js';
import type { TenantViewer } from '../../auth/viewer.js';
import type { TenantDb } from '../../db/tenant-db.js';
import { assertMayChangeEntry, assertOwnerAllowed, entryDelete, entryInsert, entryUpdate } from '../calendar/index.js';
import { parseInput } from '../shared-validation.js';
import type { TenantArgs } from '../shared-args.js';
import { givenFields } from '../shared-writes.js';
import { linkResolve } from '../tasks/index.js';
import type { ReminderModel } from './models.js';
import { reminderGetById } from './selectors.js';
import { createReminderInput, updateReminderInput } from './validation.js';

export type ReminderWriteArgs = TenantArgs;

export type ReminderCreateArgs = ReminderWriteArgs & { input: unknown };

export async function reminderCreate({ db, viewer, input }: ReminderCreateArgs): Promise<ReminderModel> {
  assertCan(viewer, 'reminder:write');
  const v = parseInput(createReminderInput, input);
  const ownerId = await assertOwnerAllowed({ db, viewer, userId: v.ownerId ?? viewer.id, path: 'input.ownerId' });
  if (v.linkedEntityType && v.linkedEntityId)
    await linkResolve({ db, viewer, type: v.linkedEntityType, id: v.linkedEntityId, path: 'input.linkedEntityId' });
  return entryInsert({
    db,
    viewer,
    table: db.t.reminders,
    values: {
      title: v.title,
      remindAt: v.remindAt,
      linkedEntityType: v.linkedEntityType ?? null,
      linkedEntityId: v.linkedEntityId ?? null,
      metaInfo: v.metaInfo,
      ownerId,
    },
  });
}

async function loadForWrite(db: TenantDb, viewer: TenantViewer, id: string): Promise<ReminderModel> {
  const reminder = await reminderGetById({ db, viewer, id });
  assertCan(viewer, 'reminder:write');
  assertMayChangeEntry(viewer, reminder);
  return reminder;
}

async function reminderWrite(db: TenantDb, id: string, set: Partial<ReminderModel>): Promise<ReminderModel> {
  return entryUpdate({ db, table: db.t.reminders, id, set, what: 'Reminder' });
}

export type ReminderUpdateArgs = ReminderWriteArgs & { id: string; input: unknown };

export async function reminderUpdate({ db, viewer, id, input }: ReminderUpdateArgs): Promise<ReminderModel> {
  const reminder = await loadForWrite(db, viewer, id);
  const v = parseInput(updateReminderInput, input);
  const set: Partial<ReminderModel> = {
    updatedById: viewer.id,
    ...givenFields(v, ['title', 'metaInfo', 'isRead', 'isCompleted']),
  };
  // A new time is a new reminder as far as the due sweep is concerned.
  if (v.remindAt !== undefined && v.remindAt.getTime() !== reminder.remindAt.getTime()) {
    set.remindAt = v.remindAt;
    set.notifiedAt = null;
  }
  if (v.linkedEntityType && v.linkedEntityId) {
    await linkResolve({ db, viewer, type: v.linkedEntityType, id: v.linkedEntityId, path: 'input.linkedEntityId' });
    Object.assign(set, { linkedEntityType: v.linkedEntityType, linkedEntityId: v.linkedEntityId });
  } else if (v.linkedEntityType === null) {
    Object.assign(set, { linkedEntityType: null, linkedEntityId: null });
  }
  return reminderWrite(db, reminder.id, set);
}

export type ReminderCompleteArgs = ReminderWriteArgs & { id: string };

export async function reminderComplete({ db, viewer, id }: ReminderCompleteArgs): Promise<ReminderModel> {
  const reminder = await loadForWrite(db, viewer, id);
  if (reminder.isCompleted) return reminder;
  return reminderWrite(db, reminder.id, { isCompleted: true, updatedById: viewer.id });
}

export type ReminderDeleteArgs = ReminderWriteArgs & { id: string };

export async function reminderDelete({ db, viewer, id }: ReminderDeleteArgs): Promise<boolean> {
  const reminder = await loadForWrite(db, viewer, id);
  return entryDelete({ db, table: db.t.reminders, id: reminder.id });
}
