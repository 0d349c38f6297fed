// Permission matrix rows of the notifications module: every role reads and marks its own
// notifications only; anyone else's, in this tenant or another, is hidden or NOT_FOUND.
import { openSse, streamPath } from '../../bench/sse-client.js';
import { inTransaction, tenantDb } from '../../src/db/tenant-db.js';
import { notificationCreate } from '../../src/modules/notifications/create.js';
import {
  ALL3,
  asOther,
  call,
  listed,
  m,
  once,
  outcome,
  SCOPED_LIST,
  table,
  type Actor,
  type Op,
  type Scope,
} from '../kit/matrix.js';

const OWN3 = 'OK NOT_FOUND NOT_FOUND';

/** The user acting as `actor` (the owner stands in for PLATFORM, whose calls fail before any row is read). */
const actorId = (actor: Actor) =>
  m.fx.users[actor === 'SUPER_ADMIN' || actor === 'PLATFORM' ? 'SUPER_ADMIN' : `${actor}@B11`]!.id;

/** A fresh notification: the actor's own (`in`), a B21 consultant's (`out`) or the other tenant's user's (`other`). */
async function notificationFor(actor: Actor, scope: Scope): Promise<string> {
  const schemaName =
    scope === 'other' ? (await m.server.runtime.registry.bySlug(m.other.slug))!.schemaName : m.fx.tenant.schemaName;
  const recipientId = scope === 'in' ? actorId(actor) : scope === 'out' ? m.fx.users['CONSULTANT@B21']!.id : m.other.user;
  const db = tenantDb(m.server.runtime.database, schemaName);
  const row = await inTransaction(db.orm, (tx) =>
    notificationCreate({ tx, db, bus: m.server.runtime.bus, recipientId, type: 'SYSTEM_ALERT', title: 'Matrix' }),
  );
  return row!.id;
}

/** The other tenant's owner: the user its streams in the onlineUsers rows belong to. */
const otherOwnerId = once(async () => (await asOther('{ me { id } }')).data!.me.id as string);

const all = (outcomes: string) => table(outcomes, outcomes, outcomes, outcomes, outcomes);

export const ops: Op[] = [
  {
    name: 'notifications',
    scopes: ALL3,
    run: async (a, s) => {
      const id = await notificationFor(a, s);
      return listed(await call(a, '{ notifications(first: 100) { nodes { id } } }'), 'notifications', id);
    },
    expect: all('VISIBLE HIDDEN HIDDEN'),
  },
  {
    name: 'notifications by type',
    scopes: ALL3,
    run: async (a, s) => {
      const id = await notificationFor(a, s);
      return listed(await call(a, '{ notifications(first: 100, types: [SYSTEM_ALERT]) { nodes { id } } }'), 'notifications', id);
    },
    expect: all('VISIBLE HIDDEN HIDDEN'),
  },
  {
    name: 'notification',
    scopes: ALL3,
    run: async (a, s) =>
      outcome(await call(a, 'query($id: ID!) { notification(id: $id) { id } }', { id: await notificationFor(a, s) })),
    expect: all(OWN3),
  },
  {
    name: 'unreadNotificationCount',
    scopes: ['in'],
    run: async (a) => outcome(await call(a, '{ unreadNotificationCount }')),
    expect: all('OK'),
  },
  {
    name: 'unreadNotificationCount (subscription)',
    scopes: ['in'],
    run: async (a) => {
      const token = a === 'PLATFORM' ? m.platformToken : m.fx.as(a === 'SUPER_ADMIN' ? 'SUPER_ADMIN' : `${a}@B11`).token;
      const path = streamPath('subscription { unreadNotificationCount }', undefined, { token, tenant: m.fx.tenant.slug });
      const s = await openSse(m.server.url, path);
      try {
        if (s.status !== 200) return String(JSON.parse(s.body).errors[0].extensions.code);
        const first = await s.next((e) => e.event === 'next');
        return first.data.errors?.length ? String(first.data.errors[0].extensions.code) : 'OK';
      } finally {
        s.close();
      }
    },
    expect: all('OK'),
  },
  {
    name: 'onlineUsers',
    scopes: ALL3,
    run: async (a, s) => {
      // Online: a B11 consultant (in scope), a B21 one (out of it), the other tenant's owner.
      const token =
        s === 'in' ? m.fx.users['CONSULTANT@B11']!.token : s === 'out' ? m.fx.users['CONSULTANT@B21']!.token : m.other.auth.token;
      const tenant = s === 'other' ? m.other.slug : m.fx.tenant.slug;
      const stream = await openSse(
        m.server.url,
        streamPath('subscription { unreadNotificationCount }', undefined, { token, tenant }),
      );
      try {
        await stream.next((e) => e.event === 'next');
        const r = await call(a, '{ onlineUsers { id } }');
        if (r.errors?.length) return r.codes[0]!;
        const ids = (r.data!.onlineUsers as { id: string }[]).map((u) => u.id);
        const target =
          s === 'in' ? m.fx.users['CONSULTANT@B11']!.id : s === 'out' ? m.fx.users['CONSULTANT@B21']!.id : await otherOwnerId();
        return ids.includes(target) ? 'VISIBLE' : 'HIDDEN';
      } finally {
        stream.close();
      }
    },
    expect: SCOPED_LIST,
  },
  {
    name: 'markNotificationRead',
    scopes: ALL3,
    run: async (a, s) =>
      outcome(await call(a, 'mutation($id: ID!) { markNotificationRead(id: $id) { id } }', { id: await notificationFor(a, s) })),
    expect: all(OWN3),
  },
  {
    name: 'markNotificationUnread',
    scopes: ALL3,
    run: async (a, s) =>
      outcome(
        await call(a, 'mutation($id: ID!) { markNotificationUnread(id: $id) { id } }', { id: await notificationFor(a, s) }),
      ),
    expect: all(OWN3),
  },
  {
    name: 'markNotificationsRead',
    scopes: ALL3,
    run: async (a, s) =>
      outcome(
        await call(a, 'mutation($ids: [ID!]!) { markNotificationsRead(ids: $ids) { id } }', {
          ids: [await notificationFor(a, s)],
        }),
      ),
    expect: all(OWN3),
  },
  {
    name: 'markAllNotificationsRead',
    scopes: ['in'],
    run: async (a) => outcome(await call(a, 'mutation { markAllNotificationsRead }')),
    expect: all('OK'),
  },
];
