// Permission matrix rows of the notifications module: every role reads and marks its own
// notifications only; anyone else's, in this tenant or another, is hidden or NOT_FOUND.
import { inTransaction, tenantDb } from '../../src/db/tenant-db.js';
import { notificationCreate } from '../../src/modules/notifications/create.js';
import { ALL3, call, listed, m, outcome, table, type Actor, type Op, type Scope } from '../kit/matrix.js';

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
    name: 'unreadNotificationCount',
    scopes: ['in'],
    run: async (a) => outcome(await call(a, '{ unreadNotificationCount }')),
    expect: all('OK'),
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
    name: 'markAllNotificationsRead',
    scopes: ['in'],
    run: async (a) => outcome(await call(a, 'mutation { markAllNotificationsRead }')),
    expect: all('OK'),
  },
];
