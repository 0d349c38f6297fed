// Reads of notifications. A user only ever reads its own: every query is bound to the viewer's id,
// so someone else's notification is NOT_FOUND, never FORBIDDEN (no existence oracle).
import { and, count, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { TenantViewer } from '../../auth/viewer.js';
import { keysetAfter, keysetList, type Connection } from '../../db/paging.js';
import { rowWhere } from '../../db/scoped-rows.js';
import type { Executor, TenantDb } from '../../db/tenant-db.js';
import { badInput } from '../../errors.js';
import { parseInput, uuid } from '../shared-validation.js';
import type { PageArgs, TenantArgs } from '../shared-args.js';
import type { NotificationModel } from './models.js';
import { ONLINE_USERS_MAX } from '../../graphql/limits/list-bounds.js';
import { notificationTypesInput } from './validation.js';
import type { UserModel } from '../users/index.js';
import { userListByIds } from '../users/index.js';

export type NotificationReadArgs = TenantArgs;

/** The catch-up bound: rows strictly newer, in list order, than the viewer's notification `since`. */
async function newerThan(db: TenantDb, viewer: TenantViewer, since: unknown): Promise<SQL> {
  const sinceId = parseInput(uuid, since, 'since');
  const n = db.t.notifications;
  // The time is compared as database text, like the cursors: a JS Date would drop microseconds.
  const [row] = await db.orm
    .select({ at: sql<string>`${n.createdAt}::text` })
    .from(n)
    .where(and(eq(n.id, sinceId), eq(n.recipientId, viewer.id)));
  if (!row) throw badInput([{ path: 'since', message: 'is not one of your notifications' }]);
  return keysetAfter([n.createdAt, n.id], [row.at, sinceId], 'asc')!;
}

export type NotificationListArgs = NotificationReadArgs &
  PageArgs & {
    unreadOnly?: boolean | null;
    since?: string | null;
    types?: readonly string[] | null;
  };

export async function notificationList(args: NotificationListArgs): Promise<Connection<NotificationModel>> {
  const { db, viewer, unreadOnly, since, types } = args;
  const n = db.t.notifications;
  const wanted = parseInput(notificationTypesInput, types, 'types');
  const where = and(
    eq(n.recipientId, viewer.id),
    unreadOnly ? isNull(n.readAt) : undefined,
    wanted?.length ? inArray(n.type, wanted) : undefined,
    since == null ? undefined : await newerThan(db, viewer, since),
  );
  // Newest first, matching the (recipient_id, created_at desc, id desc) index.
  return keysetList({ orm: db.orm, table: n, where, order: [n.createdAt, n.id], direction: 'desc', page: args });
}

export type NotificationUnreadCountArgs = NotificationReadArgs;

/** An index-only count: notifications_unread_idx holds exactly the unread rows, by recipient. */
export async function notificationUnreadCount({ db, viewer }: NotificationUnreadCountArgs): Promise<number> {
  const n = db.t.notifications;
  const [row] = await db.orm
    .select({ n: count() })
    .from(n)
    .where(and(eq(n.recipientId, viewer.id), isNull(n.readAt)));
  return row?.n ?? 0;
}

export type NotificationGetOwnArgs = NotificationReadArgs & { id: unknown; ex?: Executor };

/** One of the viewer's own notifications; NOT_FOUND for anyone else's or a missing one. */
export async function notificationGetOwn({ db, viewer, id, ex = db.orm }: NotificationGetOwnArgs): Promise<NotificationModel> {
  const notificationId = parseInput(uuid, id, 'id');
  const n = db.t.notifications;
  return rowWhere(ex, n, notificationId, eq(n.recipientId, viewer.id), 'Notification');
}

export type OnlineUserListArgs = NotificationReadArgs & { online: ReadonlySet<string> };

/** The users among `online` (ids with an open stream, from presence) the viewer can see, by name. */
export async function onlineUserList({ db, viewer, online }: OnlineUserListArgs): Promise<UserModel[]> {
  if (!online.size) return [];
  const rows = await userListByIds({ db, viewer, ids: [...online] });
  return rows
    .filter((u) => u.isActive)
    .sort((a, b) => a.lastName.localeCompare(b.lastName) || a.firstName.localeCompare(b.firstName) || a.id.localeCompare(b.id))
    .slice(0, ONLINE_USERS_MAX);
}
