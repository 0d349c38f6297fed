// When an event runs out of attempts: a SYSTEM_ALERT for each active SUPER_ADMIN of the tenant,
// written in the transaction that marks the event FAILED (both commit or neither), pointing at
// the event so a client can offer `retryEvent(id:)`. The text is short and says what failed, not
// how: a driver's error carries the SQL and its parameters, which stay in the event's lastError.
import { and, eq } from 'drizzle-orm';
import type { Tx } from '../db/database.js';
import type { TenantDb } from '../db/tenant-db.js';
import { notificationCreate } from '../modules/notifications/index.js';
import type { RealtimeBus } from '../realtime/bus.js';

export interface EventFailedAlertArgs {
  tx: Tx;
  db: TenantDb;
  bus: RealtimeBus;
  event: { id: string; eventType: string };
  /** The event's lastError: `<handler>: <message>; …`, or the error that stopped every handler. */
  error: string;
  /** When the event was marked FAILED: one alert per time it fails (a retry by an admin may fail again). */
  failedAt: Date;
}

const ERROR_MAX = 300;

/** The error fit for a notification: first lines only, no query text or parameters, no credentials. */
export function alertErrorText(error: string): string {
  const parts = error.split('; ').map((part) => {
    const line = part.split('\n')[0]!.trim();
    // drizzle: "Failed query: <sql>\nparams: <values>" (the cause, with the reason, is not kept).
    const query = /^(\w[\w.-]*: )?Failed query:/.exec(line);
    return (query ? `${query[1] ?? ''}a database query failed` : line)
      .replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@]*@/gi, '$1***@')
      .replace(/\b(password|passwd|pwd|secret|token|api[_-]?key)(\s*[=:]\s*)\S+/gi, '$1$2***');
  });
  const text = parts.join('; ');
  return text.length > ERROR_MAX ? `${text.slice(0, ERROR_MAX - 1)}…` : text;
}

/** Creates the alerts; returns how many were created (0 when the tenant has no active SUPER_ADMIN). */
export async function eventFailedAlert({ tx, db, bus, event, error, failedAt }: EventFailedAlertArgs): Promise<number> {
  const u = db.t.users;
  const admins = await tx
    .select({ id: u.id })
    .from(u)
    .where(and(eq(u.role, 'SUPER_ADMIN'), eq(u.isActive, true)));
  const reason = alertErrorText(error);
  let created = 0;
  for (const admin of admins) {
    const row = await notificationCreate({
      tx,
      db,
      bus,
      recipientId: admin.id,
      type: 'SYSTEM_ALERT',
      title: `Event ${event.eventType} failed`,
      message: `Processing of event ${event.eventType} failed after its last attempt: ${reason}. Retry it once the cause is fixed.`,
      entityType: 'Event',
      entityId: event.id,
      metaInfo: { eventId: event.id, eventType: event.eventType, error: reason },
      sourceKey: `event-failed:${event.id}:${failedAt.toISOString()}`,
    });
    if (row) created++;
  }
  return created;
}
