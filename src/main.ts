// Composition root: configuration → database → migrations → HTTP server; stops gracefully.
import { ConfigError, loadConfig, type Config } from './config.js';
import { demoBanner, ensureDemo, serverBanner } from './demo.js';
import { startServer } from './server.js';
import { installShutdown } from './shutdown.js';

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
// From here on SIGTERM / SIGINT drain the server instead of killing the process.
installShutdown(server);
const { log } = server.runtime;
log.info({ url: server.url, database: server.runtime.database.kind, env: config.env }, 'server listening');
const demo = config.demoOnFirstRun ? await ensureDemo(server.runtime) : null;
if (demo) {
  console.log(demoBanner(server.url, demo, config));
} else {
  console.log(serverBanner(server.url, config));
}
