// The async iterator behind every subscription field: it queues the bus messages of one topic and
// turns each into a payload through `deliver`, which re-checks access at delivery time (a
// message only carries ids; what the viewer may see is decided when it is sent, not when the
// stream was opened).
import { AppError } from '../errors.js';
import type { RealtimeMessage } from './bus.js';
import type { RealtimeHub } from './hub.js';

export interface LiveOptions<T> {
  hub: RealtimeHub;
  topic: string;
  /** The payload for a message; null skips it; an AppError ends the stream with that error. */
  deliver: (message: RealtimeMessage) => Promise<T | null>;
  /** Called with the error that ended the stream (the SSE route writes it out and closes). */
  onEnd: (error: AppError) => void;
  /** Messages kept while the consumer is busy; beyond that the oldest are dropped (clients catch up by query). */
  maxQueue?: number;
  /**
   * The first payload, before any message (a state the stream opens with); read once the topic is
   * listened to, so a change committed meanwhile is still delivered after it. Null: none.
   */
  initial?: () => Promise<T | null>;
  /** Each message means "re-read the state": the messages waiting are delivered as one. */
  coalesce?: boolean;
}

export function liveIterator<T>({
  hub,
  topic,
  deliver,
  onEnd,
  maxQueue = 256,
  initial,
  coalesce = false,
}: LiveOptions<T>): AsyncIterableIterator<T> {
  const queue: RealtimeMessage[] = [];
  let wake: (() => void) | undefined;
  let closed = false;
  const off = hub.on(topic, (message) => {
    queue.push(message);
    if (queue.length > maxQueue) queue.shift();
    wake?.();
  });
  const close = () => {
    if (closed) return;
    closed = true;
    off();
    wake?.();
  };
  const done = (): IteratorResult<T> => ({ done: true, value: undefined });

  let opening = initial;

  const iterator: AsyncIterableIterator<T> = {
    async next() {
      while (!closed) {
        const first = opening;
        opening = undefined;
        const message = first ? undefined : queue.shift();
        if (!first && !message) {
          await new Promise<void>((resolve) => (wake = resolve));
          wake = undefined;
          continue;
        }
        if (coalesce) queue.length = 0;
        try {
          const value = first ? await first() : await deliver(message!);
          if (value !== null && !closed) return { done: false, value };
        } catch (err) {
          if (!(err instanceof AppError)) throw err;
          close();
          onEnd(err);
        }
      }
      return done();
    },
    async return() {
      close();
      return done();
    },
    async throw(err) {
      close();
      throw err;
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
