// Graceful shutdown of a server process on SIGTERM / SIGINT: readiness turns 503, then the server
// closes (src/server.ts close(): HTTP drain, background work, runtime), bounded by SHUTDOWN_TIMEOUT_SECONDS.
import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { RunningServer } from './server.js';

export type ShutdownSignal = 'SIGTERM' | 'SIGINT';

/** What shutdown needs of a server: a RunningServer, or a fake in tests. */
export interface ShutdownTarget {
  readonly runtime: {
    readonly config: Pick<Config, 'shutdownTimeoutSeconds' | 'shutdownDelaySeconds'>;
    readonly log: Logger;
    readonly lifecycle: { draining: boolean };
  };
  close: RunningServer['close'];
}

export interface ShutdownOptions {
  /** How the process ends; tests inject a recorder. */
  exit?: (code: number) => void;
  /** The signals handled; [] installs no handler (tests call the returned function instead). */
  signals?: readonly ShutdownSignal[];
}

/**
 * A second SIGINT this long after the first is a developer pressing Ctrl-C again, and ends the
 * process at once. A sooner one is the same Ctrl-C delivered twice: the terminal signals the whole
 * process group and npm (and tsx) forward the signal to their child as well.
 */
export const FORCE_AFTER_MS = 1000;

/**
 * Shuts the server down on the first of `signals`, then exits: 0 when everything closed in time,
 * 1 when the close failed or outlasted `shutdownTimeoutSeconds`. Returns the function the signal
 * handlers call (resolving with the exit code), so tests drive exactly this code.
 *
 * A repeated SIGTERM is logged and changes nothing: orchestrators re-send it, and their SIGKILL
 * and our own timeout bound the wait. A second SIGINT (see FORCE_AFTER_MS) exits with 1 at once.
 */
export function installShutdown(
  server: ShutdownTarget,
  { exit = (code) => process.exit(code), signals = ['SIGTERM', 'SIGINT'] }: ShutdownOptions = {},
): (signal: ShutdownSignal) => Promise<number> {
  const { log, lifecycle, config } = server.runtime;
  let exited = false;
  const end = (code: number) => {
    if (exited) return;
    exited = true;
    exit(code);
  };
  let began = 0;
  let outcome: Promise<number> | undefined;

  const shutdown = (signal: ShutdownSignal): Promise<number> => {
    if (outcome) {
      const sinceMs = Date.now() - began;
      if (signal === 'SIGINT' && sinceMs >= FORCE_AFTER_MS) {
        log.warn({ signal, sinceMs }, 'shutdown: second SIGINT, exiting without finishing');
        end(1);
      } else {
        log.info({ signal, sinceMs }, 'shutdown: already shutting down, still waiting');
      }
      return outcome;
    }
    began = Date.now();
    // Readiness answers 503 from here on (load balancers stop routing to this process).
    lifecycle.draining = true;
    const timeoutSeconds = config.shutdownTimeoutSeconds;
    const delaySeconds = config.shutdownDelaySeconds;
    log.info({ signal, timeoutSeconds, delaySeconds }, 'shutting down');
    // Still serving while readiness says 503, so the load balancer has time to route elsewhere.
    const delay = new Promise<void>((resolve) => setTimeout(resolve, delaySeconds * 1000));
    outcome = delay
      .then(
        () =>
          new Promise<number>((resolve) => {
            const timer = setTimeout(() => {
              log.error({ timeoutSeconds, ms: Date.now() - began }, 'shutdown: did not finish in time, exiting anyway');
              resolve(1);
            }, timeoutSeconds * 1000);
            server.close().then(
              () => {
                clearTimeout(timer);
                log.info({ ms: Date.now() - began }, 'shutdown: complete');
                resolve(0);
              },
              (err: unknown) => {
                clearTimeout(timer);
                log.error({ err, ms: Date.now() - began }, 'shutdown: failed');
                resolve(1);
              },
            );
          }),
      )
      .then((code) => {
        end(code);
        return code;
      });
    return outcome;
  };

  // Apollo's own signal handlers are off (stopOnTerminationSignals: false in src/http/app.ts): they
  // would stop Apollo alone and re-raise the signal before the processor and the pool are closed.
  for (const signal of signals) process.on(signal, () => void shutdown(signal));
  return shutdown;
}
