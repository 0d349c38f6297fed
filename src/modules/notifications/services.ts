// Writes of notifications by their recipient: read state only. Creation is create.ts (handlers).
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { TenantViewer } from '../../auth/viewer.js';
import type { TenantDb } from '../../db/tenant-db.js';
import { notFound } from '../../errors.js';
import { parseInput, uuid } from '../shared-validation.js';
import type { NotificationModel } from './models.js';

export interface NotificationWriteArgs {
  db: TenantDb;
  viewer: TenantViewer;
}

/**
 * Sets or clears readAt on one of the viewer's notifications. Marking an already read one read
 * keeps its first readAt (the time the user actually read it).
 */
export async function notificationSetRead({
  db,
  viewer,
  id,
  read,
}: NotificationWriteArgs & { id: unknown; read: boolean }): Promise<NotificationModel> {
  const notificationId = parseInput(uuid, id, 'id');
  const n = db.t.notifications;
  const [row] = await db.orm
    .update(n)
    .set({ readAt: read ? sql`coalesce(${n.readAt}, now())` : null })
    .where(and(eq(n.id, notificationId), eq(n.recipientId, viewer.id)))
    .returning();
  if (!row) throw notFound('Notification');
  return row;
}

/** Marks every unread notification of the viewer read; returns how many changed. */
export async function notificationMarkAllRead({ db, viewer }: NotificationWriteArgs): Promise<number> {
  const n = db.t.notifications;
  const rows = await db.orm
    .update(n)
    .set({ readAt: sql`now()` })
    .where(and(eq(n.recipientId, viewer.id), isNull(n.readAt)))
    .returning({ id: n.id });
  return rows.length;
}
