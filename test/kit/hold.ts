// Holds a write at one of its fault points (src/db/fault-points.ts), so a test can run a
// concurrent write in between and then let the first one go on.
import { setFaultHook } from '../../src/db/fault-points.js';

export interface Hold {
  /** Resolves once a write reached the point (and waits there). */
  readonly reached: Promise<void>;
  /** Lets the held write go on. */
  release(): void;
  /** Releases and removes the hook: call it in `finally`. */
  end(): void;
}

/** Holds the first write that reaches `point` until released. */
export function holdAt(point: string): Hold {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let arrived!: () => void;
  const reached = new Promise<void>((resolve) => (arrived = resolve));
  let taken = false;
  setFaultHook(async (p) => {
    if (p !== point || taken) return;
    taken = true;
    arrived();
    await held;
  });
  return {
    reached,
    release,
    end() {
      setFaultHook(undefined);
      release();
    },
  };
}
