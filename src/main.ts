// Composition root: configuration → database → migrations → HTTP server; stops gracefully.
import { ConfigError, loadConfig, type Config } from './config.js';
import { demoBanner, ensureDemo } from './demo.js';
import { startServer } from './server.js';

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

const server = await startServer(config);
const { log } = server.runtime;
log.info({ url: server.url, database: server.runtime.database.kind, env: config.env }, 'server listening');
if (config.demoOnFirstRun && (await ensureDemo(server.runtime))) {
  console.log(demoBanner(server.url));
} else {
  console.log(`\nLeopard GraphQL on ${server.url}/graphql (schema: ${server.url}/graphql/schema.graphql)\n`);
}

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}
