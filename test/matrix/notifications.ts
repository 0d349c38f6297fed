// Permission matrix rows of the notifications module: every role reads and marks its own
// notifications only; anyone else's, in this tenant or another, is hidden or NOT_FOUND.
import { openSse, streamPath } from '../../bench/sse-client.js';
import { eq } from 'drizzle-orm';
import { inTransaction, tenantDb } from '../../src/db/tenant-db.js';
import { notificationCreate } from '../../src/modules/notifications/services/create.js';
import type { GqlResult } from '../kit/server.js';
import {
  ALL3,
  asOther,
  branchKey,
  call,
  listed,
  m,
  once,
  outcome,
  SCOPED_LIST,
  table,
  type Actor,
  write,
  type Op,
  type ReadOp,
  type Scope,
  type WriteOp,
} from '../kit/matrix.js';

const OWN3 = 'OK NOT_FOUND NOT_FOUND';
const all = (outcomes: string) => table(outcomes, outcomes, outcomes, outcomes, outcomes);

/** The user acting as `actor` (the owner stands in for PLATFORM, whose calls fail before any row is read). */
const actorId = (actor: Actor) =>
  m.fx.users[actor === 'SUPER_ADMIN' || actor === 'PLATFORM' ? 'SUPER_ADMIN' : `${actor}@B11`]!.id;

/**
 * A fresh notification: the actor's own (`in`), a B21 consultant's (`out`), a B12 one's (`sibling`:
 * in a region manager's scope, still not its own) or the other tenant's user's (`other`).
 */
const recipientOf = (actor: Actor, scope: Scope) =>
  scope === 'in'
    ? actorId(actor)
    : scope === 'other'
      ? m.other.user
      : m.fx.users[scope === 'out' ? 'CONSULTANT@B21' : 'CONSULTANT@B12']!.id;
const schemaOf = async (scope: Scope) =>
  scope === 'other' ? (await m.server.runtime.registry.bySlug(m.other.slug))!.schemaName : m.fx.tenant.schemaName;
async function notificationFor(actor: Actor, scope: Scope, read = false): Promise<string> {
  const recipientId = recipientOf(actor, scope);
  const db = tenantDb(m.server.runtime.database, await schemaOf(scope));
  const row = await inTransaction(db.orm, (tx) =>
    notificationCreate({ tx, db, bus: m.server.runtime.bus, recipientId, type: 'SYSTEM_ALERT', title: 'Matrix' }),
  );
  if (read) await db.orm.update(db.t.notifications).set({ readAt: new Date() }).where(eq(db.t.notifications.id, row!.id));
  return row!.id;
}
/** A notification's read state, straight from its tenant's table: only its recipient may read it over the API. */
async function readState(id: string, scope: Scope): Promise<GqlResult> {
  const db = tenantDb(m.server.runtime.database, await schemaOf(scope));
  const [row] = await db.orm
    .select({ readAt: db.t.notifications.readAt })
    .from(db.t.notifications)
    .where(eq(db.t.notifications.id, id));
  return { status: 200, data: { read: row ? row.readAt !== null : 'gone' }, errors: undefined, codes: [] };
}
const onNotification = (name: WriteOp['name'], mutation: string, ids = false, read = false): Op =>
  write({
    name,
    scopes: ALL3,
    target: (a, s) => notificationFor(a, s, read),
    mutate: (a, _s, id) => call(a, mutation, ids ? { ids: [id] } : { id }),
    readBack: readState,
    expect: all(OWN3),
    sibling: all('NOT_FOUND'),
  });

/** The other tenant's owner: the user its streams in the onlineUsers rows belong to. */
const otherOwnerId = once(async () => (await asOther('{ me { id } }')).data!.me.id as string);

/** The viewer's notification list (`args` after `first: 100`): its own only, never another's. */
const listOwn = (name: ReadOp['name'], args: string): ReadOp => ({
  name,
  scopes: ALL3,
  run: async (a, s) => {
    const id = await notificationFor(a, s);
    return listed(await call(a, `{ notifications(first: 100${args}) { nodes { id } } }`), 'notifications', id);
  },
  expect: all('VISIBLE HIDDEN HIDDEN'),
  sibling: all('HIDDEN'),
});

export const ops: Op[] = [
  listOwn('notifications', ''),
  listOwn('notifications by type', ', types: [SYSTEM_ALERT]'),
  {
    name: 'notification',
    scopes: ALL3,
    run: async (a, s) =>
      outcome(await call(a, 'query($id: ID!) { notification(id: $id) { id } }', { id: await notificationFor(a, s) })),
    expect: all(OWN3),
    sibling: all('NOT_FOUND'),
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
      // Online: a B11 consultant (in scope), a B21 one (out of it), a B12 one, the other tenant's owner.
      const peer = s === 'other' ? undefined : m.fx.users[`CONSULTANT@${branchKey(s)}`]!;
      const token = peer ? peer.token : m.other.auth.token;
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
        const target = peer ? peer.id : await otherOwnerId();
        return ids.includes(target) ? 'VISIBLE' : 'HIDDEN';
      } finally {
        stream.close();
      }
    },
    expect: SCOPED_LIST,
  },
  onNotification('markNotificationRead', 'mutation($id: ID!) { markNotificationRead(id: $id) { id } }'),
  onNotification('markNotificationUnread', 'mutation($id: ID!) { markNotificationUnread(id: $id) { id } }', false, true),
  onNotification('markNotificationsRead', 'mutation($ids: [ID!]!) { markNotificationsRead(ids: $ids) { id } }', true),
  write({
    name: 'markAllNotificationsRead',
    scopes: ['in'],
    target: (a) => notificationFor(a, 'in'),
    mutate: (a) => call(a, 'mutation { markAllNotificationsRead }'),
    readBack: readState,
    expect: all('OK'),
  }),
];
