// Notifications at the service level: what a user's unread count counts, and how reading moves it
// (one, several all or nothing, all), never touching anyone else's.
import { describe, expect, it } from 'vitest';
import type { TenantViewer } from '../../src/auth/viewer.js';
import { notificationCreate } from '../../src/modules/notifications/services/create.js';
import { notificationUnreadCount } from '../../src/modules/notifications/selectors.js';
import {
  notificationMarkAllRead,
  notificationMarkManyRead,
  notificationSetRead,
} from '../../src/modules/notifications/services/read-state.js';
import { refused, useServiceOrg } from '../kit/service-kit.js';

const org = useServiceOrg();

/** `count` new notifications for `viewer`, through the one way they are made: their ids. */
async function notify(viewer: TenantViewer, count: number, sourceKey?: string): Promise<string[]> {
  const ids = [];
  for (let i = 0; i < count; i++) {
    const row = await notificationCreate({
      tx: org.db.orm,
      db: org.db,
      bus: org.server.runtime.bus,
      recipientId: viewer.id,
      type: 'SYSTEM_ALERT',
      title: `Alert ${i}`,
      sourceKey: sourceKey ?? null,
    });
    if (row) ids.push(row.id);
  }
  return ids;
}

/** A fresh consultant of B11 (so counts start at nought) and what reading as it takes. */
async function reader() {
  const viewer = await org.newViewer('CONSULTANT', { branches: ['B11'] });
  const as = { db: org.db, viewer, bus: org.server.runtime.bus };
  return { viewer, as, unread: () => notificationUnreadCount({ db: org.db, viewer }) };
}

describe('the unread count', () => {
  it("counts the viewer's unread notifications only", async () => {
    const me = await reader();
    const other = await reader();
    await notify(me.viewer, 3);
    await notify(other.viewer, 2);
    expect(await me.unread()).toBe(3);
    expect(await other.unread()).toBe(2);
  });

  it('reading one takes one off; reading it again keeps its first read time; unreading puts it back', async () => {
    const me = await reader();
    const [id] = await notify(me.viewer, 2);
    const first = await notificationSetRead({ ...me.as, id, read: true });
    expect(await me.unread()).toBe(1);
    expect((await notificationSetRead({ ...me.as, id, read: true })).readAt).toEqual(first.readAt);
    expect(await me.unread()).toBe(1);
    expect((await notificationSetRead({ ...me.as, id, read: false })).readAt).toBeNull();
    expect(await me.unread()).toBe(2);
  });

  it("someone else's notification is NOT_FOUND, and its count stays", async () => {
    const me = await reader();
    const other = await reader();
    const [theirs] = await notify(other.viewer, 1);
    await refused(notificationSetRead({ ...me.as, id: theirs, read: true }), 'NOT_FOUND');
    expect(await other.unread()).toBe(1);
  });

  it('a notification made again under the same source key is not counted twice', async () => {
    const me = await reader();
    const key = `sweep:${me.viewer.id}`;
    expect(await notify(me.viewer, 2, key)).toHaveLength(1);
    expect(await me.unread()).toBe(1);
  });
});

describe('reading several and all', () => {
  it('marking several read is all or nothing: one id not the viewer’s is NOT_FOUND at its place', async () => {
    const me = await reader();
    const other = await reader();
    const mine = await notify(me.viewer, 2);
    const [theirs] = await notify(other.viewer, 1);
    await refused(notificationMarkManyRead({ ...me.as, ids: [mine[0], theirs] }), 'NOT_FOUND', 'ids.1');
    expect(await me.unread()).toBe(2);
    expect(await other.unread()).toBe(1);
    await notificationMarkManyRead({ ...me.as, ids: mine });
    expect(await me.unread()).toBe(0);
  });

  it('marking all read says how many it changed, and leaves others’ alone', async () => {
    const me = await reader();
    const other = await reader();
    await notify(me.viewer, 3);
    await notify(other.viewer, 1);
    expect(await notificationMarkAllRead(me.as)).toBe(3);
    expect(await notificationMarkAllRead(me.as)).toBe(0);
    expect(await me.unread()).toBe(0);
    expect(await other.unread()).toBe(1);
  });
});
