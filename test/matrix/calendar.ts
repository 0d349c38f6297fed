// Permission matrix rows of the calendar module. Targets: an event in the calendar of the peer
// consultant of B11 (in the B11 actors' team) or of B21 (outside it), put there by the tenant
// owner; `other` is an event of the second tenant.
import { must } from '../kit/server.js';
import { asOther, asOwner, call, listed, m, once, outcome, seq, table, type Op, type Scope } from '../kit/matrix.js';
import { FOR_OTHERS, TEAM, TEAM_LIST } from './reminders.js';

const START = Date.parse('2032-06-01T09:00:00.000Z');
const slot = () => ({ startsAt: new Date(START).toISOString(), endsAt: new Date(START + 3_600_000).toISOString() });
const CREATE = 'mutation($i: CreateCalendarEventInput!) { createCalendarEvent(input: $i) { id } }';
const otherEvent = once(
  async () => (await must(asOther(CREATE, { i: { title: 'Other', ...slot() } }))).createCalendarEvent.id as string,
);

async function peerEvent(scope: Scope): Promise<string> {
  if (scope === 'other') return otherEvent();
  return (await must(asOwner(CREATE, { i: { title: `Event ${seq()}`, ...slot(), assignedToId: m.peer[scope] } })))
    .createCalendarEvent.id;
}
const readTarget = once(async () => ({ in: await peerEvent('in'), out: await peerEvent('out'), other: await otherEvent() }));
const peerOf = (s: Scope) => (s === 'other' ? m.other.user : m.peer[s]);

export const ops: Op[] = [
  {
    name: 'calendarEvents',
    scopes: ['in', 'out', 'other'],
    run: async (a, s) => {
      const id = (await readTarget())[s];
      const r = await call(
        a,
        'query($from: DateTime!, $to: DateTime!, $f: CalendarEventFilter) { calendarEvents(from: $from, to: $to, first: 100, filter: $f) { nodes { id } } }',
        {
          from: new Date(START - 60_000).toISOString(),
          to: new Date(START + 60_000).toISOString(),
          f: { assignedToId: peerOf(s) },
        },
      );
      return listed(r, 'calendarEvents', id);
    },
    expect: TEAM_LIST,
  },
  {
    name: 'calendarEvent',
    scopes: ['in', 'out', 'other'],
    run: async (a, s) =>
      outcome(
        await call(a, 'query($id: ID!) { calendarEvent(id: $id) { id assignedTo { id } branch { id } } }', {
          id: (await readTarget())[s],
        }),
      ),
    expect: TEAM,
  },
  {
    name: 'createCalendarEvent (in one’s own calendar)',
    scopes: ['in'],
    run: async (a) => outcome(await call(a, CREATE, { i: { title: `Mine ${seq()}`, ...slot() } })),
    expect: table('OK', 'OK', 'OK', 'OK', 'OK'),
  },
  {
    name: 'createCalendarEvent (in another user’s calendar)',
    scopes: ['in', 'out', 'other'],
    run: async (a, s) => outcome(await call(a, CREATE, { i: { title: `For ${seq()}`, ...slot(), assignedToId: peerOf(s) } })),
    expect: FOR_OTHERS,
  },
  {
    name: 'updateCalendarEvent',
    scopes: ['in', 'out', 'other'],
    run: async (a, s) =>
      outcome(
        await call(a, 'mutation($id: ID!) { updateCalendarEvent(id: $id, input: { location: "Room 2" }) { id } }', {
          id: await peerEvent(s),
        }),
      ),
    expect: TEAM,
  },
  {
    name: 'deleteCalendarEvent',
    scopes: ['in', 'out', 'other'],
    run: async (a, s) =>
      outcome(await call(a, 'mutation($id: ID!) { deleteCalendarEvent(id: $id) }', { id: await peerEvent(s) })),
    expect: TEAM,
  },
];
