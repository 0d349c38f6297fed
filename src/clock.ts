// The clock of the background work: the sweeps take "now" from it (and pass it to SQL as a
// parameter instead of now()), so tests can prove what a sweep does on a given day. Production
// always runs on the system clock: only tests hand the server another one (StartOptions.clock;
// test/kit/clock-child.ts for a server in a child process), and the server refuses one unless
// NODE_ENV is 'test' (clockFor).
import type { Config } from './config.js';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock a test sets; it keeps running from the time it was set to, so waiting still moves it on. */
export class SettableClock implements Clock {
  private offsetMs = 0;

  constructor(at?: Date) {
    if (at) this.set(at);
  }

  set(at: Date): void {
    this.offsetMs = at.getTime() - Date.now();
  }

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
}

/** The clock a server runs on: the system's, unless a test passed one (refused outside NODE_ENV=test). */
export function clockFor(config: Pick<Config, 'env'>, clock: Clock | undefined): Clock {
  if (!clock || clock === systemClock) return systemClock;
  if (config.env !== 'test') throw new Error('A clock other than the system clock is only accepted when NODE_ENV=test');
  return clock;
}
