// Calendar events and reminders at the service level (both follow calendar/selectors/team.ts): an entry is
// its owner's and its creator's; only a manager of the team puts one in, or changes, another's.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { calendarEventGetById } from '../../src/modules/calendar/selectors/calendar-events.js';
import {
  calendarEventCreate,
  calendarEventDelete,
  calendarEventUpdate,
} from '../../src/modules/calendar/services/calendar-events.js';
import { reminderGetById } from '../../src/modules/reminders/selectors.js';
import { reminderComplete, reminderCreate, reminderDelete, reminderUpdate } from '../../src/modules/reminders/services.js';
import { refused, useServiceOrg } from '../kit/service-kit.js';

const org = useServiceOrg();
const { fx } = org;
const HOUR = 3_600_000;
const startsAt = new Date(Date.now() + 24 * HOUR);
const slot = { title: 'Visa interview prep', startsAt, endsAt: new Date(startsAt.getTime() + HOUR) };
const idOf = (who: string) => fx.users[who]!.id;

describe('calendar events', () => {
  it("a consultant's own event lands in its branch; a colleague of that branch does not see it", async () => {
    const viewer = await org.viewer('CONSULTANT@B11');
    const event = await calendarEventCreate({ db: org.db, viewer, input: slot });
    expect(event).toMatchObject({ assignedToId: viewer.id, branchId: fx.branches.B11 });
    const colleague = await org.newViewer('CONSULTANT', { branches: ['B11'] });
    await refused(calendarEventGetById({ db: org.db, viewer: colleague, id: event.id }), 'NOT_FOUND');
    await refused(calendarEventDelete({ db: org.db, viewer: colleague, id: event.id }), 'NOT_FOUND');
  });

  it("a consultant may not put an event in someone else's calendar", async () => {
    const input = { ...slot, assignedToId: idOf('BRANCH_ADMIN@B11') };
    await refused(calendarEventCreate({ db: org.db, viewer: await org.viewer('CONSULTANT@B11'), input }), 'FORBIDDEN');
  });

  it("a branch admin puts one in its consultant's calendar, not in another branch's consultant's", async () => {
    const admin = await org.viewer('BRANCH_ADMIN@B12');
    const ours = await calendarEventCreate({
      db: org.db,
      viewer: admin,
      input: { ...slot, assignedToId: idOf('CONSULTANT@B12') },
    });
    expect(ours.assignedToId).toBe(idOf('CONSULTANT@B12'));
    const input = { ...slot, assignedToId: idOf('CONSULTANT@B21') };
    await refused(calendarEventCreate({ db: org.db, viewer: admin, input }), 'FORBIDDEN');
  });

  it('the owner changes an event it was given, and the branch admin one of its team made themselves', async () => {
    const admin = await org.viewer('BRANCH_ADMIN@B21');
    const owner = await org.viewer('CONSULTANT@B21');
    const given = await calendarEventCreate({ db: org.db, viewer: admin, input: { ...slot, assignedToId: owner.id } });
    expect((await calendarEventUpdate({ db: org.db, viewer: owner, id: given.id, input: { title: 'Moved' } })).title).toBe(
      'Moved',
    );
    const own = await calendarEventCreate({ db: org.db, viewer: owner, input: slot });
    const changed = await calendarEventUpdate({ db: org.db, viewer: admin, id: own.id, input: { location: 'Room 2' } });
    expect(changed).toMatchObject({ location: 'Room 2', assignedToId: owner.id });
  });

  it('an event cannot end before it starts, whichever end is moved', async () => {
    const viewer = await org.viewer('CONSULTANT@B22');
    const { id } = await calendarEventCreate({ db: org.db, viewer, input: slot });
    const early = new Date(startsAt.getTime() - HOUR);
    await refused(calendarEventUpdate({ db: org.db, viewer, id, input: { endsAt: early } }), 'BAD_USER_INPUT', 'input.endsAt');
    const late = new Date(startsAt.getTime() + 2 * HOUR);
    await refused(calendarEventUpdate({ db: org.db, viewer, id, input: { startsAt: late } }), 'BAD_USER_INPUT', 'input.startsAt');
    const input = { ...slot, endsAt: startsAt };
    await refused(calendarEventCreate({ db: org.db, viewer, input }), 'BAD_USER_INPUT', 'input.endsAt');
  });
});

describe('reminders', () => {
  const remindAt = startsAt;

  it('a reminder is its owner’s: a colleague neither sees nor completes it; completing twice changes nothing', async () => {
    const owner = await org.viewer('CONSULTANT@B12');
    const { id } = await reminderCreate({ db: org.db, viewer: owner, input: { title: 'Chase documents', remindAt } });
    const colleague = await org.newViewer('CONSULTANT', { branches: ['B12'] });
    await refused(reminderComplete({ db: org.db, viewer: colleague, id }), 'NOT_FOUND');
    const done = await reminderComplete({ db: org.db, viewer: owner, id });
    expect(done.isCompleted).toBe(true);
    expect((await reminderComplete({ db: org.db, viewer: owner, id })).updatedAt).toEqual(done.updatedAt);
  });

  it('a consultant may not set a reminder for someone else; its branch admin may, and the owner deletes it', async () => {
    const input = { title: 'Call back', remindAt, ownerId: idOf('CONSULTANT@B22') };
    await refused(reminderCreate({ db: org.db, viewer: await org.viewer('CONSULTANT@B21'), input }), 'FORBIDDEN');
    const { id } = await reminderCreate({ db: org.db, viewer: await org.viewer('BRANCH_ADMIN@B22'), input });
    const owner = await org.viewer('CONSULTANT@B22');
    expect(await reminderDelete({ db: org.db, viewer: owner, id })).toBe(true);
    await refused(reminderGetById({ db: org.db, viewer: owner, id }), 'NOT_FOUND');
  });

  it('a new time makes a reminder due again; other changes keep it as notified', async () => {
    const viewer = await org.viewer('CONSULTANT@B11');
    const { id } = await reminderCreate({ db: org.db, viewer, input: { title: 'Renew passport', remindAt } });
    const r = org.db.t.reminders;
    const notifiedAt = new Date();
    await org.db.orm.update(r).set({ notifiedAt }).where(eq(r.id, id));
    expect(
      (await reminderUpdate({ db: org.db, viewer, id, input: { title: 'Renew the passport', remindAt } })).notifiedAt,
    ).toEqual(notifiedAt);
    const later = new Date(remindAt.getTime() + HOUR);
    expect((await reminderUpdate({ db: org.db, viewer, id, input: { remindAt: later } })).notifiedAt).toBeNull();
  });
});
