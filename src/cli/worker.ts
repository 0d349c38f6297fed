// npm run worker: the outbox processor and its sweeps without HTTP, for deployments that keep
// background work off the request-serving processes (run those with EVENTS_PROCESSOR=off).
import { ConfigError, loadConfig } from '../config.js';
import { EventProcessor } from '../events/processor.js';
import type { Runtime } from '../runtime.js';
import { closeRuntime, openRuntime } from '../server.js';
import { exitOnStartFailure } from '../start-failure.js';

let config;
try {
  config = loadConfig();
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : String(err));
  process.exit(1);
}
let runtime: Runtime;
try {
  runtime = await openRuntime(config, { shareRateLimits: false });
} catch (err) {
  exitOnStartFailure(err, config);
}
const processor = new EventProcessor({
  database: runtime.database,
  registry: runtime.registry,
  bus: runtime.bus,
  log: runtime.log.child({ component: 'events' }),
  settings: config.events,
  mailer: runtime.mailer,
});
await processor.start();
runtime.log.info({ id: processor.id, sweepSeconds: config.events.sweepSeconds }, 'event worker started');
// Keeps the process alive: the processor's own timers are unref'd so servers can exit freely.
const keepAlive = setInterval(() => undefined, 1 << 30);

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    runtime.log.info({ signal }, 'event worker stopping');
    clearInterval(keepAlive);
    processor
      .stop()
      .then(() => closeRuntime(runtime))
      .then(
        () => process.exit(0),
        (err: unknown) => {
          runtime.log.error({ err }, 'worker shutdown failed');
          process.exit(1);
        },
      );
  });
}
