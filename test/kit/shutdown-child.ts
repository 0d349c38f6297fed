// A real server process for test/shutdown.test.ts: main.ts's start and shutdown (installShutdown),
// plus a fault hook that holds one marked request inside its transaction, so a signal lands while
// a write is in flight. Configured by the environment like main.ts; prints JSON lines on stdout.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { loadConfig } from '../../src/config.js';
import { setFaultHook } from '../../src/db/fault-points.js';
import { startServer } from '../../src/server.js';
import { installShutdown } from '../../src/shutdown.js';

// Not exported: importing this module would start a server. The test repeats the header name.
/** A request with this header set to 1 is held this long at its first `events.recorded` fault point. */
const HOLD_HEADER = 'x-test-hold';
const HOLD_MS = 1500;

const marked = new AsyncLocalStorage<boolean>();
let held = false;
setFaultHook(async (point) => {
  if (point !== 'events.recorded' || held || !marked.getStore()) return;
  held = true;
  // The line the test waits for before it sends the signal.
  console.log(JSON.stringify({ inFlight: true }));
  await new Promise((resolve) => setTimeout(resolve, HOLD_MS));
});

const server = await startServer(loadConfig());
installShutdown(server);

// Every request listener (the app and the drain plugin's bookkeeping) runs inside the store, so
// the fault hook knows which request it is serving; their order is kept.
type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;
const { httpServer } = server;
for (const listener of httpServer.listeners('request') as RequestListener[]) {
  httpServer.removeListener('request', listener);
  httpServer.on('request', (req: IncomingMessage, res: ServerResponse) =>
    marked.run(req.headers[HOLD_HEADER] === '1', () => listener.call(httpServer, req, res)),
  );
}

// The line the test waits for before it checks that new connections are refused: printed once the
// drain has closed the listening socket (close() closes it at once; its callback waits for every
// connection).
const close = httpServer.close.bind(httpServer);
httpServer.close = (callback) => {
  close(callback);
  console.log(JSON.stringify({ listening: httpServer.listening }));
  return httpServer;
};

console.log(JSON.stringify({ url: server.url }));
