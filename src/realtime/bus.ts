// The realtime bus: what happened, keyed by tenant, fanned out to every server process through
// PostgreSQL LISTEN/NOTIFY (in-process on the embedded database, which has the same API). Messages
// carry ids only; a subscriber reads the row itself, through the viewer's scope.
import { EventEmitter } from 'node:events';
import { sql } from 'drizzle-orm';
import type { Database, Executor } from '../db/database.js';

export const REALTIME_CHANNEL = 'leopard_realtime';

export type RealtimeMessage =
  /** A notification row was created for `userId` in the tenant schema `schema`. */
  | { kind: 'notification'; schema: string; userId: string; notificationId: string }
  /** Notifications of `userId` in `schema` were marked read or unread (their unread count may have changed). */
  | { kind: 'notificationsRead'; schema: string; userId: string }
  /** A client of the tenant schema `schema` changed. */
  | { kind: 'client'; schema: string; clientId: string }
  /** Part `part` of `parts` of the users of `schema` with an open stream on `process` (presence.ts). */
  | { kind: 'presence'; process: string; schema: string; seq: number; part: number; parts: number; users: string[] }
  /** `process` is alive and has `size` (tenant, user) pairs online as of its set number `seq`. */
  | { kind: 'presenceBeat'; process: string; seq: number; size: number }
  /** `from` asks every process (or `target` only) to send its presence sets again. */
  | { kind: 'presenceSync'; from: string; target?: string };

export interface RealtimeBus {
  /** Sends now (outside a transaction). */
  publish(message: RealtimeMessage): Promise<void>;
  /** Sends when `tx` commits, and never if it rolls back. */
  publishOnCommit(tx: Executor, message: RealtimeMessage): Promise<void>;
  /** Calls `listener` for every message of every process; returns the unsubscribe function. */
  subscribe(listener: (message: RealtimeMessage) => void): () => void;
  /** Calls `listener` when the listening connection is back after a gap (messages sent meanwhile are lost). */
  onGap(listener: () => void): () => void;
  stop(): Promise<void>;
}

export async function createRealtimeBus(database: Database): Promise<RealtimeBus> {
  const local = new EventEmitter();
  local.setMaxListeners(0);
  const unlisten = await database.listen(
    REALTIME_CHANNEL,
    (payload) => {
      try {
        local.emit('message', JSON.parse(payload) as RealtimeMessage);
      } catch {
        // A malformed payload is not ours to deliver.
      }
    },
    () => local.emit('gap'),
  );
  return {
    publish: (message) => database.notify(REALTIME_CHANNEL, JSON.stringify(message)),
    publishOnCommit: async (tx, message) => {
      await tx.execute(sql`select pg_notify(${REALTIME_CHANNEL}, ${JSON.stringify(message)})`);
    },
    subscribe: (listener) => {
      local.on('message', listener);
      return () => void local.off('message', listener);
    },
    onGap: (listener) => {
      local.on('gap', listener);
      return () => void local.off('gap', listener);
    },
    stop: () => unlisten(),
  };
}
