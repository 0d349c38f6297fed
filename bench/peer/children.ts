// The processes `bench:peer` runs beside itself: start one, wait for the address it announces, stop it
// within a bound. Every child is also killed when the bench exits, so a failed run leaves no server
// holding connections to the bench database.
// Imports node built-ins only: a package import here would resolve into bench/peer/node_modules.
import { spawn, type ChildProcess } from 'node:child_process';

export interface Child {
  name: string;
  url: string;
  proc: ChildProcess;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const p of running) p.kill('SIGKILL');
});

/** Spawns `node <args>` and resolves with the first loopback URL the child prints on stdout. */
export function startChild(opts: {
  name: string;
  args: string[];
  env: Record<string, string | undefined>;
  cwd: string;
  timeoutMs?: number;
}): Promise<Child> {
  const proc = spawn(process.execPath, opts.args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(proc);
  let out = '';
  // Only the tail is kept, for the error message of a child that dies.
  const keep = (d: Buffer) => (out = (out + d.toString()).slice(-4000));
  proc.stderr!.on('data', keep);
  const exited = new Promise<void>((resolve) => proc.once('exit', () => (running.delete(proc), resolve())));
  const stop = async () => {
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    proc.kill('SIGTERM');
    const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  return new Promise<Child>((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`${opts.name}: no address within ${(opts.timeoutMs ?? 120_000) / 1000} s\n${out}`));
    }, opts.timeoutMs ?? 120_000);
    proc.stdout!.on('data', (d: Buffer) => {
      keep(d);
      const m = /(http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ name: opts.name, url: m[1]!, proc, stop });
      }
    });
    proc.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${opts.name} exited (${code ?? signal}) before listening:\n${out}`));
    });
  });
}

/** Runs a command to completion with a hard time bound; rejects on a non-zero exit. */
export function runCommand(
  cmd: string,
  args: string[],
  opts: { cwd: string; timeoutMs: number; env?: Record<string, string | undefined>; quiet?: boolean },
): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(proc);
    let stdout = '';
    let stderr = '';
    proc.stdout!.on('data', (d: Buffer) => ((stdout += d.toString()), opts.quiet || process.stdout.write(d)));
    proc.stderr!.on('data', (d: Buffer) => ((stderr += d.toString()), opts.quiet || process.stderr.write(d)));
    const timer = setTimeout(() => proc.kill('SIGKILL'), opts.timeoutMs);
    proc.once('error', reject);
    proc.once('exit', (code, signal) => {
      clearTimeout(timer);
      running.delete(proc);
      if (code === 0) resolve({ stdout, stderr });
      else reject(new Error(`${cmd} ${args.join(' ')} failed (${code ?? signal}):\n${stderr.slice(-2000)}`));
    });
  });
}
