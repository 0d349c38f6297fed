// A real server process for test/events-lease-cross-process.test.ts: the server main.ts starts,
// with its event processor, plus a fault hook that holds the Nth handler it runs (inside that
// handler's transaction) for good, so the test can SIGKILL it while it holds claims. Configured
// by the environment like main.ts (TEST_HOLD_AT_HANDLER: which handler); prints JSON lines.
import { loadConfig } from '../../src/config.js';
import { setFaultHook } from '../../src/db/fault-points.js';
import { startServer } from '../../src/server.js';

const holdAt = Number(process.env.TEST_HOLD_AT_HANDLER ?? '1');
let handlers = 0;
setFaultHook(async (point) => {
  // A handler's start counts; its `.written` point (after its write) does not.
  if (!point.startsWith('events.handler.') || point.endsWith('.written')) return;
  handlers++;
  if (handlers < holdAt) return;
  // The line the test waits for before it kills the process.
  console.log(JSON.stringify({ held: point, handlers }));
  await new Promise(() => undefined);
});

const server = await startServer(loadConfig());
console.log(JSON.stringify({ url: server.url }));
