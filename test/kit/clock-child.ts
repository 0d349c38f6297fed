// A real server process whose sweeps run on a clock the test controls (src/clock.ts), for
// test/expiry-sweeps.test.ts: configured by the environment like main.ts, with TEST_CLOCK (an ISO
// time) as where its clock starts; a line {"clock":"<ISO time>"} on stdin sets it again. Prints
// JSON lines ({url, port}, {clock}); SIGTERM shuts it down as main.ts does.
import { createInterface } from 'node:readline';
import { SettableClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import { startServer } from '../../src/server.js';

const clock = new SettableClock(process.env.TEST_CLOCK ? new Date(process.env.TEST_CLOCK) : undefined);
createInterface({ input: process.stdin }).on('line', (line) => {
  const { clock: at } = JSON.parse(line) as { clock?: string };
  if (!at) return;
  clock.set(new Date(at));
  console.log(JSON.stringify({ clock: at }));
});

const server = await startServer(loadConfig(), { clock });
process.once('SIGTERM', () => {
  void server.close().finally(() => process.exit(0));
});
console.log(JSON.stringify({ url: server.url, port: server.port }));
