// Holds a write at one of its fault points (src/db/fault-points.ts), so a test can run a
// concurrent write in between and then let the first one go on.
import pg from 'pg';
import { setFaultHook } from '../../src/db/fault-points.js';

export interface Hold {
  /** Resolves once a write reached the point (and waits there). */
  readonly reached: Promise<void>;
  /** Lets the held write go on. */
  release(): void;
  /** Releases and removes the hook: call it in `finally`. */
  end(): void;
}

/**
 * Resolves once a session of the database at `url` waits on a lock in a statement matching
 * `query` (an ILIKE pattern): the event a lock test waits for. PostgreSQL only (PGlite is one
 * session: nothing there ever waits on another's lock). Rejects after `timeoutMs`.
 */
export async function lockWaiter(url: string, query: string, timeoutMs = 5000): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const r = await client.query(
        `select 1 from pg_stat_activity
          where datname = current_database() and wait_event_type = 'Lock' and query ilike $1 and pid <> pg_backend_pid()`,
        [query],
      );
      if (r.rowCount) return;
      if (Date.now() > until) throw new Error(`no session waited on a lock in ${query} within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    await client.end();
  }
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
