// Calendar events: the range query (overlap), end after start with the field path, colours,
// own versus team visibility, and putting events in others' calendars (calendar:assignOthers).
import { beforeAll, describe, expect, it } from 'vitest';
import { gql, must, type GqlResult } from './kit/server.js';
import { useOrgServer } from './kit/use-server.js';

const { server, fx } = useOrgServer();

const EVENT = 'id title startsAt endsAt durationMinutes hexColor isPast isOngoing isUpcoming assignedTo { id } branch { id }';
const CREATE = `mutation($i: CreateCalendarEventInput!) { createCalendarEvent(input: $i) { ${EVENT} } }`;
const UPDATE = `mutation($id: ID!, $i: UpdateCalendarEventInput!) { updateCalendarEvent(id: $id, input: $i) { ${EVENT} } }`;
const RANGE = `query($from: DateTime!, $to: DateTime!, $f: CalendarEventFilter) {
  calendarEvents(from: $from, to: $to, first: 100, filter: $f) { totalCount nodes { id } }
}`;
const T0 = Date.parse('2031-03-10T00:00:00.000Z');
const h = (hours: number) => new Date(T0 + hours * 3_600_000).toISOString();

const as = (who: string, query: string, variables: Record<string, unknown> = {}): Promise<GqlResult> =>
  gql(server, query, variables, fx.as(who));
const uid = (key: string) => fx.users[key]!.id;
const event = async (who: string, from: number, to: number, extra: Record<string, unknown> = {}): Promise<string> =>
  (await must(as(who, CREATE, { i: { title: `${from}-${to}`, startsAt: h(from), endsAt: h(to), ...extra } }))).createCalendarEvent
    .id;
const inRange = async (who: string, from: number, to: number, f: Record<string, unknown> = {}): Promise<string[]> =>
  (await must(as(who, RANGE, { from: h(from), to: h(to), f }))).calendarEvents.nodes.map((n: { id: string }) => n.id);

describe('the range query', () => {
  it('returns the events overlapping [from, to), earliest first', async () => {
    const who = 'CONSULTANT@B22';
    const before = await event(who, 0, 1);
    const straddlesStart = await event(who, 9, 11);
    const inside = await event(who, 12, 13);
    const straddlesEnd = await event(who, 15, 17);
    const after = await event(who, 16, 18);
    const spans = await event(who, 5, 20);
    expect(await inRange(who, 10, 16)).toEqual([spans, straddlesStart, inside, straddlesEnd]);
    expect(await inRange(who, 10, 16)).not.toContain(before);
    expect(await inRange(who, 10, 16)).not.toContain(after);
  });

  it('a range whose end is not after its start is BAD_USER_INPUT at `to`', async () => {
    const r = await as('CONSULTANT@B11', RANGE, { from: h(5), to: h(5) });
    expect(r.codes).toEqual(['BAD_USER_INPUT']);
    expect(r.errors![0]!.extensions!.fields!.map((f) => f.path)).toEqual(['to']);
  });
});

describe('validation', () => {
  it('an event must end after it starts, on create and on update, with the field path', async () => {
    const r = await as('CONSULTANT@B11', CREATE, { i: { title: 'x', startsAt: h(2), endsAt: h(1) } });
    expect(r.errors![0]!.extensions!.fields!.map((f) => f.path)).toEqual(['input.endsAt']);
    const id = await event('CONSULTANT@B11', 30, 31);
    const u = await as('CONSULTANT@B11', UPDATE, { id, i: { startsAt: h(32) } });
    expect(u.codes).toEqual(['BAD_USER_INPUT']);
    expect(u.errors![0]!.extensions!.fields!.map((f) => f.path)).toEqual(['input.startsAt']);
  });

  it('colours are normalised to #rrggbb, and anything else is BAD_USER_INPUT', async () => {
    const r = await must(as('CONSULTANT@B11', CREATE, { i: { title: 'x', startsAt: h(1), endsAt: h(2.5), hexColor: 'ABCDEF' } }));
    expect(r.createCalendarEvent).toMatchObject({ hexColor: '#abcdef', durationMinutes: 90, isUpcoming: true, isPast: false });
    const bad = await as('CONSULTANT@B11', CREATE, { i: { title: 'x', startsAt: h(1), endsAt: h(2), hexColor: 'red' } });
    expect(bad.errors![0]!.extensions!.fields!.map((f) => f.path)).toEqual(['input.hexColor']);
  });
});

describe('whose events one sees', () => {
  let e: Record<string, string>;
  beforeAll(async () => {
    e = {
      c11: await event('CONSULTANT@B11', 100, 101),
      c12: await event('CONSULTANT@B12', 100, 101),
      c21: await event('CONSULTANT@B21', 100, 101),
      ba11: await event('BRANCH_ADMIN@B11', 100, 101),
    };
  });

  it('a consultant sees its own events only', async () => {
    expect(await inRange('CONSULTANT@B11', 99, 102)).toEqual([e.c11]);
    expect((await as('CONSULTANT@B11', 'query($id: ID!) { calendarEvent(id: $id) { id } }', { id: e.ba11 })).codes).toEqual([
      'NOT_FOUND',
    ]);
  });

  it("a branch admin sees its branch team's events, not other branches'", async () => {
    expect((await inRange('BRANCH_ADMIN@B11', 99, 102)).sort()).toEqual([e.c11, e.ba11].sort());
  });

  it('the owner sees every event', async () => {
    expect(await inRange('SUPER_ADMIN', 99, 102)).toEqual(expect.arrayContaining(Object.values(e)));
  });

  it('a branch admin (calendar:assignOthers) may change a team member’s event', async () => {
    expect((await must(as('BRANCH_ADMIN@B11', UPDATE, { id: e.c11, i: { title: 'moved' } }))).updateCalendarEvent.title).toBe(
      'moved',
    );
  });
});

describe("putting events in others' calendars", () => {
  it('a consultant may not assign an event to anyone else', async () => {
    const r = await as('CONSULTANT@B11', CREATE, {
      i: { title: 'x', startsAt: h(1), endsAt: h(2), assignedToId: uid('BRANCH_ADMIN@B11') },
    });
    expect(r.codes).toEqual(['FORBIDDEN']);
    const id = await event('CONSULTANT@B11', 40, 41);
    expect((await as('CONSULTANT@B11', UPDATE, { id, i: { assignedToId: uid('BRANCH_ADMIN@B11') } })).codes).toEqual([
      'FORBIDDEN',
    ]);
  });

  it("a branch admin puts events in its team's calendars, not in other branches'", async () => {
    const r = await must(
      as('BRANCH_ADMIN@B11', CREATE, {
        i: { title: 'Meet', startsAt: h(50), endsAt: h(51), assignedToId: uid('CONSULTANT@B11') },
      }),
    );
    expect(r.createCalendarEvent).toMatchObject({ assignedTo: { id: uid('CONSULTANT@B11') }, branch: { id: fx.branches.B11 } });
    expect(await inRange('CONSULTANT@B11', 49, 52)).toEqual([r.createCalendarEvent.id]);
    const out = await as('BRANCH_ADMIN@B11', CREATE, {
      i: { title: 'x', startsAt: h(1), endsAt: h(2), assignedToId: uid('CONSULTANT@B21') },
    });
    expect(out.codes).toEqual(['FORBIDDEN']);
  });

  it('an event may only belong to a branch in scope', async () => {
    const r = await as('CONSULTANT@B11', CREATE, { i: { title: 'x', startsAt: h(1), endsAt: h(2), branchId: fx.branches.B21 } });
    expect(r.codes).toEqual(['FORBIDDEN']);
  });

  it('its assignee deletes an event', async () => {
    const id = await event('CONSULTANT@B11', 60, 61);
    expect(
      (await must(as('CONSULTANT@B11', 'mutation($id: ID!) { deleteCalendarEvent(id: $id) }', { id }))).deleteCalendarEvent,
    ).toBe(true);
  });
});
