// Shared start-up for the command-line tools: configuration and the runtime, with errors printed
// as one line (src/start-failure.ts) and a non-zero exit.
import { ConfigError, loadConfig, type Config } from '../config.js';
import { closeRuntime, openRuntime } from '../server.js';
import type { Runtime } from '../runtime.js';
import { reportFailure } from '../start-failure.js';

export async function withRuntime(fn: (runtime: Runtime) => Promise<number | void>): Promise<never> {
  let code: number;
  let config: Config | undefined;
  try {
    config = loadConfig();
    const runtime = await openRuntime(config, { shareRateLimits: false });
    try {
      code = (await fn(runtime)) ?? 0;
    } finally {
      await closeRuntime(runtime);
    }
  } catch (err) {
    if (err instanceof ConfigError || !config) console.error((err as Error).message);
    else reportFailure(err, config);
    code = 1;
  }
  process.exit(code);
}
