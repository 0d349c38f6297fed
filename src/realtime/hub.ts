// Keyed fan-out over the bus: one bus listener per process, and a map from topic to the streams
// waiting on it. With a thousand open streams a message costs one map lookup rather than a
// thousand listener calls that each discard it.
import type { RealtimeBus, RealtimeMessage } from './bus.js';

/** Live delivery is keyed by (tenant schema, user) and (tenant schema, client) (decisions §3). */
export const notificationTopic = (schema: string, userId: string) => `notification:${schema}:${userId}`;
export const clientTopic = (schema: string, clientId: string) => `client:${schema}:${clientId}`;

/** A user's topic carries both its new notifications and changes of their read state; presence has none. */
function topicOf(m: RealtimeMessage): string | null {
  if (m.kind === 'client') return clientTopic(m.schema, m.clientId);
  if (m.kind === 'notification' || m.kind === 'notificationsRead') return notificationTopic(m.schema, m.userId);
  return null;
}

export interface RealtimeHub {
  /** Calls `listener` for every message on `topic` (from any process); returns the unsubscribe function. */
  on(topic: string, listener: (message: RealtimeMessage) => void): () => void;
  /** How many listeners are registered (for tests and the benchmark). */
  listenerCount(): number;
}

const hubs = new WeakMap<RealtimeBus, RealtimeHub>();

/** The hub of `bus`, created on first use (the runtime has one bus, hence one hub). */
export function realtimeHub(bus: RealtimeBus): RealtimeHub {
  let hub = hubs.get(bus);
  if (hub) return hub;
  const topics = new Map<string, Set<(message: RealtimeMessage) => void>>();
  let count = 0;
  bus.subscribe((message) => {
    const topic = topicOf(message);
    const listeners = topic === null ? undefined : topics.get(topic);
    // A copy: a listener may unsubscribe (its stream ended) while we iterate.
    if (listeners) for (const l of [...listeners]) l(message);
  });
  hub = {
    on(topic, listener) {
      let set = topics.get(topic);
      if (!set) topics.set(topic, (set = new Set()));
      set.add(listener);
      count++;
      return () => {
        if (!set.delete(listener)) return;
        count--;
        if (set.size === 0) topics.delete(topic);
      };
    },
    listenerCount: () => count,
  };
  hubs.set(bus, hub);
  return hub;
}
