// Permission matrix rows of the calendar module. Targets: an event in the calendar of the peer
// consultant of B11 (in the B11 actors' team) or of B21 (outside it), put there by the tenant
// owner; `other` is an event of the second tenant.
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
} from '../kit/matrix.js';
import { FOR_OTHERS, TEAM, TEAM_LIST } from './reminders.js';

const START = Date.parse('2032-06-01T09:00:00.000Z');
const slot = () => ({ startsAt: new Date(START).toISOString(), endsAt: new Date(START + 3_600_000).toISOString() });
const CREATE = 'mutation($i: CreateCalendarEventInput!) { createCalendarEvent(input: $i) { id } }';
const otherEvent = once(
  async () => (await must(asOther(CREATE, { i: { title: 'Other', ...slot() } }))).createCalendarEvent.id as string,
);

async function peerEvent(scope: Scope): Promise<string> {
  if (scope === 'other') return otherEvent();
  return (await must(asOwner(CREATE, { i: { title: `Event ${seq()}`, ...slot(), assignedToId: peerOf(scope) } })))
    .createCalendarEvent.id;
}
const readTarget = perScope(peerEvent);
const eventRead = readAs('query($id: ID!) { calendarEvent(id: $id) { location } }');
const eventRow = byIdRows(ALL3, eventRead, TEAM);
/** The events titled so in the window (the owner sees every calendar): what a create adds to. */
const eventsTitled = readAs(
  'query($from: DateTime!, $to: DateTime!, $s: String) { calendarEvents(from: $from, to: $to, first: 100, filter: { search: $s }) { totalCount } }',
);
const titled = (s: string) =>
  eventsTitled({ from: new Date(START - 60_000).toISOString(), to: new Date(START + 60_000).toISOString(), s });

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
  write({
    name: 'createCalendarEvent (in one’s own calendar)',
    scopes: ['in'],
    target: () => Promise.resolve(`Mine ${seq()}`),
    mutate: (a, _s, title) => call(a, CREATE, { i: { title, ...slot() } }),
    readBack: (title) => titled(title),
    expect: table('OK', 'OK', 'OK', 'OK', 'OK'),
  }),
  write({
    name: 'createCalendarEvent (in another user’s calendar)',
    scopes: ['in', 'out', 'other'],
    target: () => Promise.resolve(`For ${seq()}`),
    mutate: (a, s, title) => call(a, CREATE, { i: { title, ...slot(), assignedToId: peerOf(s) } }),
    readBack: (title) => titled(title),
    expect: FOR_OTHERS,
  }),
  eventRow(
    'updateCalendarEvent',
    peerEvent,
    'mutation($id: ID!, $l: String) { updateCalendarEvent(id: $id, input: { location: $l }) { id } }',
    () => ({ l: `Room ${seq()}` }),
  ),
  eventRow('deleteCalendarEvent', peerEvent, 'mutation($id: ID!) { deleteCalendarEvent(id: $id) }'),
];
