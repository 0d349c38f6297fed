// Composition root: configuration → database → migrations → HTTP server; stops gracefully.
import { ConfigError, loadConfig, type Config } from './config.js';
import type { RunningServer } from './server.js';
import { startTracing } from './tracing.js';
import { exitOnStartFailure } from './start-failure.js';

let config: Config;
try {
  config = loadConfig();
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}

// Tracing first, then the modules that import http, express, graphql and pg (see src/tracing.ts).
const tracing = await startTracing(config);
const { demoBanner, ensureDemo, serverBanner } = await import('./demo.js');
const { startServer } = await import('./server.js');
const { installShutdown } = await import('./shutdown.js');

let server: RunningServer;
try {
  // Not ready (503 at /readyz) until the first-run demo below is complete.
  server = await startServer(config, config.demoOnFirstRun ? { pending: 'first-run demo data' } : {});
} catch (err) {
  exitOnStartFailure(err, config, 'cannot start the server');
}
// From here on SIGTERM / SIGINT drain the server instead of killing the process.
installShutdown(tracing ? { ...server, close: () => server.close().finally(() => tracing.shutdown()) } : server);
const { log } = server.runtime;
log.info({ url: server.url, database: server.runtime.database.kind, env: config.env }, 'server listening');
let demo: Awaited<ReturnType<typeof ensureDemo>> = null;
try {
  demo = config.demoOnFirstRun ? await ensureDemo(server.runtime) : null;
} catch (err) {
  exitOnStartFailure(err, config, 'cannot make the first-run demo data');
}
server.runtime.lifecycle.pending = undefined;
if (demo) {
  console.log(demoBanner(server.url, demo, config));
} else {
  console.log(serverBanner(server.url, config));
}
