// Permission matrix rows of the calendar module. Targets: an event in the calendar of the peer
// consultant of B11 (in the B11 actors' team) or of B21 (outside it), put there by the tenant
// owner; `other` is an event of the second tenant.
import { readAs, seq, type Op } from '../kit/matrix.js';
import { entryRows } from './entries.js';

const START = Date.parse('2032-06-01T09:00:00.000Z');
/** The window around START the rows list and count events in. */
const WINDOW = { from: new Date(START - 60_000).toISOString(), to: new Date(START + 60_000).toISOString() };
/** The events titled so in the window (the owner sees every calendar): what a create adds to. */
const eventsTitled = readAs(
  'query($from: DateTime!, $to: DateTime!, $s: String) { calendarEvents(from: $from, to: $to, first: 100, filter: { search: $s }) { totalCount } }',
);
const events = entryRows({
  create: 'createCalendarEvent',
  inputType: 'CreateCalendarEventInput',
  owner: 'assignedToId',
  fields: () => ({ startsAt: new Date(START).toISOString(), endsAt: new Date(START + 3_600_000).toISOString() }),
  noun: 'Event',
  created: (s) => eventsTitled({ ...WINDOW, s }),
  read: readAs('query($id: ID!) { calendarEvent(id: $id) { location } }'),
});

export const ops: Op[] = [
  events.list(
    'calendarEvents',
    'query($from: DateTime!, $to: DateTime!, $f: CalendarEventFilter) { calendarEvents(from: $from, to: $to, first: 100, filter: $f) { nodes { id } } }',
    WINDOW,
  ),
  events.get('calendarEvent', 'query($id: ID!) { calendarEvent(id: $id) { id assignedTo { id } branch { id } } }'),
  ...events.creates('createCalendarEvent (in one’s own calendar)', 'createCalendarEvent (in another user’s calendar)'),
  events.byId(
    'updateCalendarEvent',
    'mutation($id: ID!, $l: String) { updateCalendarEvent(id: $id, input: { location: $l }) { id } }',
    () => ({ l: `Room ${seq()}` }),
  ),
  events.byId('deleteCalendarEvent', 'mutation($id: ID!) { deleteCalendarEvent(id: $id) }'),
  ...events.partly(
    'createCalendarEvent (in the calendar of a consultant of B11 and B21)',
    'calendarEvent (of a consultant of B11 and B21)',
    'query($id: ID!) { calendarEvent(id: $id) { id } }',
  ),
];
