// Shared start-up for the command-line tools: configuration and the runtime, with errors printed
// plainly and a non-zero exit.
import { ConfigError, loadConfig } from '../config.js';
import { closeRuntime, openRuntime } from '../server.js';
import type { Runtime } from '../runtime.js';

export async function withRuntime(fn: (runtime: Runtime) => Promise<number | void>): Promise<never> {
  let code: number;
  try {
    const config = loadConfig();
    const runtime = await openRuntime(config, { shareRateLimits: false });
    try {
      code = (await fn(runtime)) ?? 0;
    } finally {
      await closeRuntime(runtime);
    }
  } catch (err) {
    if (err instanceof ConfigError) console.error(err.message);
    else console.error(`error: ${(err as Error).message}`);
    code = 1;
  }
  process.exit(code);
}
