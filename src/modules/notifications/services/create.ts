// The one way a notification row comes into being (event handlers, reminder sweeps, system
// alerts). It is idempotent on (source_key, recipient_id, type), so a retried event handler never
// notifies twice, and it announces the row on the realtime bus only once the transaction commits:
// a subscriber must never be told about a row it then cannot read.
import type { Executor, TenantDb } from '../../../db/tenant-db.js';
import type { NotificationType } from '../../../db/tables/enums.js';
import type { RealtimeBus } from '../../../realtime/bus.js';

/** A row of the tenant's `notifications` table. */
export type NotificationRow = TenantDb['t']['notifications']['$inferSelect'];

export interface NotificationCreateArgs {
  /** The transaction the row is written in (or the pool, outside one). */
  tx: Executor;
  db: TenantDb;
  bus: RealtimeBus;
  recipientId: string;
  type: NotificationType;
  title: string;
  message?: string;
  entityType?: string | null;
  entityId?: string | null;
  clientId?: string | null;
  dueDate?: Date | null;
  metaInfo?: Record<string, unknown>;
  /** Idempotency key (event id, sweep key); null means "always insert". */
  sourceKey?: string | null;
  createdById?: string | null;
}

/** Inserts the notification; returns null when one with the same (sourceKey, recipient, type) exists. */
export async function notificationCreate(args: NotificationCreateArgs): Promise<NotificationRow | null> {
  const { tx, db, bus } = args;
  const n = db.t.notifications;
  const [row] = await tx
    .insert(n)
    .values({
      recipientId: args.recipientId,
      type: args.type,
      // The column is varchar(200): a long generated title is cut rather than failing the handler.
      title: args.title.slice(0, 200),
      message: args.message ?? '',
      entityType: args.entityType ?? null,
      entityId: args.entityId ?? null,
      clientId: args.clientId ?? null,
      dueDate: args.dueDate ?? null,
      metaInfo: args.metaInfo ?? {},
      sourceKey: args.sourceKey ?? null,
      createdById: args.createdById ?? null,
    })
    .onConflictDoNothing({ target: [n.sourceKey, n.recipientId, n.type] })
    .returning();
  if (!row) return null;
  await bus.publishOnCommit(tx, {
    kind: 'notification',
    schema: db.schemaName,
    userId: row.recipientId,
    notificationId: row.id,
  });
  return row;
}
