// Writes of notifications by their recipient: read state only. Creation is create.ts (handlers).
// Every change that can move the viewer's unread count is announced on the realtime bus when its
// transaction commits, so each open count stream of the viewer, on any process, re-reads it.
import { and, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import type { TenantViewer } from '../../../auth/viewer.js';
import { inTransaction, type TenantDb, type Tx } from '../../../db/tenant-db.js';
import { AppError, notFound } from '../../../errors.js';
import type { RealtimeBus } from '../../../realtime/bus.js';
import { parseInput, uuid } from '../../shared-validation.js';
import type { NotificationModel } from '../models.js';
import { notificationIdsInput } from '../validation.js';

export interface NotificationWriteArgs {
  db: TenantDb;
  viewer: TenantViewer;
  bus: RealtimeBus;
}

function announceReadChange(tx: Tx, { db, viewer, bus }: NotificationWriteArgs): Promise<void> {
  return bus.publishOnCommit(tx, { kind: 'notificationsRead', schema: db.schemaName, userId: viewer.id });
}

export type NotificationSetReadArgs = NotificationWriteArgs & { id: unknown; read: boolean };

/**
 * Sets or clears readAt on one of the viewer's notifications. Marking an already read one read
 * keeps its first readAt (the time the user actually read it); a call that changes nothing
 * announces nothing.
 */
export async function notificationSetRead(args: NotificationSetReadArgs): Promise<NotificationModel> {
  const { db, viewer, id, read } = args;
  const notificationId = parseInput(uuid, id, 'id');
  const n = db.t.notifications;
  const own = and(eq(n.id, notificationId), eq(n.recipientId, viewer.id));
  return inTransaction(db.orm, async (tx) => {
    const [changed] = await tx
      .update(n)
      .set({ readAt: read ? sql`now()` : null })
      .where(and(own, read ? isNull(n.readAt) : isNotNull(n.readAt)))
      .returning();
    if (changed) {
      await announceReadChange(tx, args);
      return changed;
    }
    const [row] = await tx.select().from(n).where(own);
    if (!row) throw notFound('Notification');
    return row;
  });
}

export type NotificationMarkManyReadArgs = NotificationWriteArgs & { ids: unknown };

/**
 * Marks several of the viewer's notifications read, all or nothing: an id that is not the
 * viewer's (someone else's or unknown, alike: no existence oracle) is NOT_FOUND with its path.
 */
export async function notificationMarkManyRead(args: NotificationMarkManyReadArgs): Promise<NotificationModel[]> {
  const { db, viewer } = args;
  const ids = parseInput(notificationIdsInput, args.ids, 'ids');
  const n = db.t.notifications;
  const own = and(inArray(n.id, ids), eq(n.recipientId, viewer.id));
  return inTransaction(db.orm, async (tx) => {
    const changed = await tx
      .update(n)
      .set({ readAt: sql`now()` })
      .where(and(own, isNull(n.readAt)))
      .returning({ id: n.id });
    const rows = await tx.select().from(n).where(own);
    const byId = new Map(rows.map((r) => [r.id, r]));
    const missing = ids.flatMap((id, i) =>
      byId.has(id) ? [] : [{ path: `ids.${i}`, message: 'is not one of your notifications' }],
    );
    // Thrown inside the transaction: the rows already marked go back to unread.
    if (missing.length)
      throw new AppError('NOT_FOUND', missing.length === 1 ? 'Notification not found' : 'Notifications not found', {
        fields: missing,
      });
    if (changed.length) await announceReadChange(tx, args);
    return ids.map((id) => byId.get(id)!);
  });
}

export type NotificationMarkAllReadArgs = NotificationWriteArgs;

/** Marks every unread notification of the viewer read; returns how many changed. */
export async function notificationMarkAllRead(args: NotificationMarkAllReadArgs): Promise<number> {
  const { db, viewer } = args;
  const n = db.t.notifications;
  return inTransaction(db.orm, async (tx) => {
    const rows = await tx
      .update(n)
      .set({ readAt: sql`now()` })
      .where(and(eq(n.recipientId, viewer.id), isNull(n.readAt)))
      .returning({ id: n.id });
    if (rows.length) await announceReadChange(tx, args);
    return rows.length;
  });
}
