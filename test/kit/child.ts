// A test server (or processor) run as a child process: one of the test/kit/*-child.ts scripts under
// tsx, from the repository root, its stdout read a JSON line at a time.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface LineChild<L> {
  proc: ChildProcessWithoutNullStreams;
  /** stdout, one parsed JSON line each (non-JSON lines as { text }). */
  lines: L[];
  /** stderr so far. */
  stderr(): string;
}

/** Starts `script` (a path from the repository root) with `env`. */
export function spawnLineChild<L = Record<string, unknown>>(script: string, env: Record<string, string>): LineChild<L> {
  const proc = spawn(process.execPath, ['--import', 'tsx', script], { cwd: ROOT, env });
  const lines: L[] = [];
  let stdout = '';
  let stderr = '';
  proc.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    const complete = stdout.split('\n');
    stdout = complete.pop()!;
    for (const text of complete) {
      try {
        lines.push(JSON.parse(text) as L);
      } catch {
        lines.push({ text } as L);
      }
    }
  });
  proc.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return { proc, lines, stderr: () => stderr };
}
