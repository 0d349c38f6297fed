// Starts the background work of a server process (the outbox processor and its sweeps) and
// returns the function that stops it: the event in hand is finished, the rest of its batch released.
import { clockFor, type Clock } from '../clock.js';
import { openDatabase } from '../db/database.js';
import type { Runtime } from '../runtime.js';
import { EventProcessor } from './processor.js';

/** Connections of the processor's own pool (PostgreSQL): a claim, a handler transaction, a sweep. */
const PROCESSOR_POOL = 3;

export async function startBackgroundWork(runtime: Runtime, testClock?: Clock): Promise<() => Promise<void>> {
  const { config } = runtime;
  const clock = clockFor(config, testClock);
  if (!config.events.processor) return async () => undefined;
  // On PostgreSQL the processor gets its own small pool: background bursts never queue requests
  // for connections, and per-request statement observers see only the request's statements.
  // The embedded database is one session, so there it shares the runtime's.
  const database =
    runtime.database.kind === 'pg' && config.databaseUrl
      ? await openDatabase({
          databaseUrl: config.databaseUrl,
          databaseListenUrl: config.databaseListenUrl,
          dataDir: config.dataDir,
          poolMax: PROCESSOR_POOL,
          poolMaxLifetimeSeconds: config.pool.maxLifetimeSeconds,
        })
      : runtime.database;
  if (database !== runtime.database) runtime.metrics.sources.processorPool = () => database.pool();
  const processor = new EventProcessor({
    database,
    registry: runtime.registry,
    bus: runtime.bus,
    log: runtime.log.child({ component: 'events' }),
    settings: config.events,
    clock,
    mailer: runtime.mailer,
    onSweep: () => runtime.metrics.sweeps.inc(),
  });
  await processor.start();
  return async () => {
    await processor.stop();
    if (database !== runtime.database) await database.close();
  };
}
