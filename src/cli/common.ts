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

/**
 * Rows as a plain aligned table for a terminal: a header line, then one line per row; numbers
 * right-aligned, text left-aligned, no index column and no quotes (console.table shows both).
 */
export function formatTable(rows: readonly Record<string, string | number>[]): string {
  if (!rows.length) return '';
  const columns = Object.keys(rows[0]!);
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c] ?? '').length)));
  const line = (cells: (string | number)[]) =>
    cells
      .map((v, i) => (typeof v === 'number' ? String(v).padStart(widths[i]!) : String(v).padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [
    line(columns.map((c, i) => (typeof rows[0]![c] === 'number' ? c.padStart(widths[i]!) : c))),
    ...rows.map((r) => line(columns.map((c) => r[c] ?? ''))),
  ].join('\n');
}
