// Permission matrix rows of the reminders module. Targets: a reminder owned by the peer consultant
// of B11 (in the B11 actors' team) or of B21 (outside it), created by the tenant owner, so the B11
// actors are neither its owner nor its creator; `other` is a reminder of the second tenant.
import { readAs, type Op } from '../kit/matrix.js';
import { entryRows } from './entries.js';

/** Every reminder of the actor's tenant, as its owner counts them: what a create adds to. */
const allReminders = readAs('{ reminders { totalCount } }');
const reminders = entryRows({
  create: 'createReminder',
  inputType: 'CreateReminderInput',
  owner: 'ownerId',
  fields: () => ({ remindAt: new Date(Date.now() + 3_600_000).toISOString() }),
  noun: 'Reminder',
  created: () => allReminders({}),
  read: readAs('query($id: ID!) { reminder(id: $id) { isRead isCompleted } }'),
});

export const ops: Op[] = [
  reminders.list('reminders', 'query($f: ReminderFilter) { reminders(first: 100, filter: $f) { nodes { id } } }'),
  reminders.get('reminder', 'query($id: ID!) { reminder(id: $id) { id owner { id } } }'),
  ...reminders.creates('createReminder (for oneself)', 'createReminder (for another user)'),
  reminders.byId('updateReminder', 'mutation($id: ID!) { updateReminder(id: $id, input: { isRead: true }) { id } }'),
  reminders.byId('completeReminder', 'mutation($id: ID!) { completeReminder(id: $id) { id } }'),
  reminders.byId('deleteReminder', 'mutation($id: ID!) { deleteReminder(id: $id) }'),
  ...reminders.partly(
    'createReminder (for a consultant of B11 and B21)',
    'reminder (of a consultant of B11 and B21)',
    'query($id: ID!) { reminder(id: $id) { id } }',
  ),
];
