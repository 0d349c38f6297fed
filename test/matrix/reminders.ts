// Permission matrix rows of the reminders module. Targets: a reminder owned by the peer consultant
// of B11 (in the B11 actors' team) or of B21 (outside it), created by the tenant owner, so the B11
// actors are neither its owner nor its creator; `other` is a reminder of the second tenant.
import { must } from '../kit/server.js';
import {
  ALL3,
  asOther,
  asOwner,
  byIdRows,
  call,
  listed,
  once,
  outcome,
  peerOf,
  perScope,
  readAs,
  seq,
  table,
  write,
  type Op,
  type Scope,
  type WriteOp,
} from '../kit/matrix.js';

const at = () => new Date(Date.now() + 3_600_000).toISOString();
const CREATE = 'mutation($i: CreateReminderInput!) { createReminder(input: $i) { id } }';
const otherReminder = once(
  async () => (await must(asOther(CREATE, { i: { title: 'Other', remindAt: at() } }))).createReminder.id as string,
);

async function peerReminder(scope: Scope, title = `Reminder ${seq()}`): Promise<string> {
  if (scope === 'other') return otherReminder();
  return (await must(asOwner(CREATE, { i: { title, remindAt: at(), ownerId: peerOf(scope) } }))).createReminder.id;
}
const readTarget = perScope((s) => peerReminder(s));
const reminderRead = readAs('query($id: ID!) { reminder(id: $id) { isRead isCompleted } }');
/** A fresh reminder of the scope's peer per case, read back by id. */
const reminderRow = (name: WriteOp['name'], mutation: string) =>
  byIdRows(ALL3, reminderRead, TEAM)(name, (s) => peerReminder(s), mutation);
/** Every reminder of the actor's tenant, as its owner counts them: what a create adds to. */
const allReminders = readAs('{ reminders { totalCount } }');

/** calendar:viewTeam: whole-tenant roles see everyone's; REGION_MANAGER and BRANCH_ADMIN their team's; a CONSULTANT only its own. */
export const TEAM = table(
  'OK OK NOT_FOUND',
  'OK OK NOT_FOUND',
  'OK NOT_FOUND NOT_FOUND',
  'OK NOT_FOUND NOT_FOUND',
  'NOT_FOUND NOT_FOUND NOT_FOUND',
);
export const TEAM_LIST = table(
  'VISIBLE VISIBLE HIDDEN',
  'VISIBLE VISIBLE HIDDEN',
  'VISIBLE HIDDEN HIDDEN',
  'VISIBLE HIDDEN HIDDEN',
  'HIDDEN HIDDEN HIDDEN',
);
/** calendar:assignOthers within the user scope; a CONSULTANT only for itself. */
export const FOR_OTHERS = table(
  'OK OK BAD_USER_INPUT',
  'OK OK BAD_USER_INPUT',
  'OK FORBIDDEN FORBIDDEN',
  'OK FORBIDDEN FORBIDDEN',
  'FORBIDDEN FORBIDDEN FORBIDDEN',
);

export const ops: Op[] = [
  {
    name: 'reminders',
    scopes: ['in', 'out', 'other'],
    run: async (a, s) => {
      const id = (await readTarget())[s];
      const r = await call(a, 'query($f: ReminderFilter) { reminders(first: 100, filter: $f) { nodes { id } } }', {
        f: { ownerId: peerOf(s) },
      });
      return listed(r, 'reminders', id);
    },
    expect: TEAM_LIST,
  },
  {
    name: 'reminder',
    scopes: ['in', 'out', 'other'],
    run: async (a, s) =>
      outcome(await call(a, 'query($id: ID!) { reminder(id: $id) { id owner { id } } }', { id: (await readTarget())[s] })),
    expect: TEAM,
  },
  write({
    name: 'createReminder (for oneself)',
    scopes: ['in'],
    target: () => Promise.resolve(`Mine ${seq()}`),
    mutate: (a, _s, title) => call(a, CREATE, { i: { title, remindAt: at() } }),
    readBack: () => allReminders({}),
    expect: table('OK', 'OK', 'OK', 'OK', 'OK'),
  }),
  write({
    name: 'createReminder (for another user)',
    scopes: ['in', 'out', 'other'],
    target: () => Promise.resolve(`For ${seq()}`),
    mutate: (a, s, title) => call(a, CREATE, { i: { title, remindAt: at(), ownerId: peerOf(s) } }),
    readBack: () => allReminders({}),
    expect: FOR_OTHERS,
  }),
  reminderRow('updateReminder', 'mutation($id: ID!) { updateReminder(id: $id, input: { isRead: true }) { id } }'),
  reminderRow('completeReminder', 'mutation($id: ID!) { completeReminder(id: $id) { id } }'),
  reminderRow('deleteReminder', 'mutation($id: ID!) { deleteReminder(id: $id) }'),
];
