// A start that cannot succeed says why in one line on stderr and exits 1, with no stack: a
// database that refuses the connection or the credentials, a port in use (found before anything
// is migrated), an embedded data directory held by another process. That lock keeps every CLI
// off a directory a running server holds, names the holder, and a stale one is taken over.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { DataDirLockedError, LOCK_FILE, lockDataDir } from '../src/db/data-dir-lock.js';
import { ownDatabase, type OwnDatabase } from './kit/own-database.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const dirs: string[] = [];
const databases: OwnDatabase[] = [];
const servers: Server[] = [];
const running = new Set<ReturnType<typeof spawn>>();

afterAll(async () => {
  for (const child of running) child.kill('SIGKILL');
  for (const s of servers) s.close();
  for (const d of databases) await d.drop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'leopard-badday-'));
  dirs.push(dir);
  return dir;
}

/** The environment of a start on the embedded database in `dataDir` (DATABASE_URL removed). */
function env(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    ARGON2_MEMORY_KIB: '64',
    ARGON2_TIME_COST: '1',
    DATABASE_URL: undefined,
    DATABASE_LISTEN_URL: undefined,
    PLATFORM_ADMIN_EMAIL: undefined,
    PLATFORM_ADMIN_PASSWORD: undefined,
    ...extra,
  } as NodeJS.ProcessEnv;
}

interface Child {
  readonly pid: number;
  stdout: string;
  stderr: string;
  readonly exited: Promise<number | null>;
}

function launch(script: string, args: string[], childEnv: NodeJS.ProcessEnv): Child {
  const proc = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: ROOT, env: childEnv });
  running.add(proc);
  const child: Child = {
    pid: proc.pid!,
    stdout: '',
    stderr: '',
    exited: new Promise((resolve) =>
      proc.once('exit', (code) => {
        running.delete(proc);
        resolve(code);
      }),
    ),
  };
  proc.stdout.setEncoding('utf8').on('data', (c: string) => (child.stdout += c));
  proc.stderr.setEncoding('utf8').on('data', (c: string) => (child.stderr += c));
  Object.defineProperty(child, 'kill', { value: (signal: NodeJS.Signals) => proc.kill(signal) });
  return child;
}

/** Runs a script to its end. */
async function run(script: string, args: string[], childEnv: NodeJS.ProcessEnv) {
  const child = launch(script, args, childEnv);
  const code = await child.exited;
  return { code, stdout: child.stdout, stderr: child.stderr };
}

/** The lines of stderr that say anything. */
const lines = (stderr: string) => stderr.split('\n').filter((l) => l.trim());

/** Exit 1 and one line on stderr, no stack frame; returns the line. */
function oneLineFailure(r: { code: number | null; stderr: string }): string {
  expect(r.code, r.stderr).toBe(1);
  expect(lines(r.stderr), r.stderr).toHaveLength(1);
  expect(r.stderr).not.toMatch(/^\s+at /m);
  return lines(r.stderr)[0]!;
}

async function listening(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return (server.address() as AddressInfo).port;
}

/** A port nothing listens on (taken and released at once). */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

/** A PostgreSQL stand-in that answers every connection as a server refusing the password does (SQLSTATE 28P01). */
function refusingPostgres(): Server {
  const field = (type: string, value: string) => Buffer.concat([Buffer.from(type), Buffer.from(value), Buffer.from([0])]);
  const fields = Buffer.concat([
    field('S', 'FATAL'),
    field('V', 'FATAL'),
    field('C', '28P01'),
    field('M', 'password authentication failed for user "leopard"'),
    Buffer.from([0]),
  ]);
  const length = Buffer.alloc(4);
  length.writeInt32BE(fields.length + 4);
  const message = Buffer.concat([Buffer.from('E'), length, fields]);
  return createServer((socket) => {
    socket.on('error', () => undefined);
    socket.once('data', () => socket.end(message));
  });
}

/** The pid of a process that has ended (for a stale lock). */
async function deadPid(): Promise<number> {
  const proc = spawn(process.execPath, ['-e', '']);
  await new Promise((r) => proc.once('exit', r));
  return proc.pid!;
}

describe('a start that cannot succeed', () => {
  it('a database that refuses connections: one line naming the address and DATABASE_URL, exit 1', async () => {
    const port = await closedPort();
    const r = await run(
      'src/main.ts',
      [],
      env({ DATA_DIR: tempDir(), DATABASE_URL: `postgres://leopard@127.0.0.1:${port}/leopard` }),
    );
    const line = oneLineFailure(r);
    expect(line).toMatch(new RegExp(`cannot connect to PostgreSQL at 127\\.0\\.0\\.1:${port} \\(connection refused\\)`));
    expect(line).toContain('DATABASE_URL');
  });

  it('a database that refuses the password: one line naming the user and DATABASE_URL, never the password', async () => {
    const port = await listening(refusingPostgres());
    const url = `postgres://leopard:s3cret-pw@127.0.0.1:${port}/leopard`;
    for (const script of ['src/main.ts', 'src/cli/tenant.ts']) {
      const r = await run(script, ['list'], env({ DATA_DIR: tempDir(), DATABASE_URL: url }));
      const line = oneLineFailure(r);
      expect(line).toMatch(/refused the password of user "leopard": fix the user or password in DATABASE_URL/);
      expect(r.stderr + r.stdout).not.toContain('s3cret-pw');
    }
  });

  it('a port in use: one line naming PORT, exit 1, and nothing opened or migrated', async () => {
    const port = await listening(createServer());
    const own = await ownDatabase('badday');
    databases.push(own);
    const dataDir = own.dataDir ?? tempDir();
    const r = await run('src/main.ts', [], env({ ...own.env, DATA_DIR: dataDir, PORT: String(port) }));
    const line = oneLineFailure(r);
    expect(line).toMatch(new RegExp(`port ${port} on 127\\.0\\.0\\.1 is already in use.*set PORT`));
    // The embedded database was never created, nor the lock, nor development's keys.
    expect(readdirSync(dataDir)).toEqual([]);
    if (own.url) {
      const client = new pg.Client({ connectionString: own.url });
      await client.connect();
      try {
        const tables = await client.query("select table_name from information_schema.tables where table_schema = 'public'");
        expect(tables.rows).toEqual([]);
      } finally {
        await client.end();
      }
    }
  });

  it('an unexpected error: one line, and its stack beneath only at LOG_LEVEL=debug', async () => {
    const dataDir = tempDir();
    // A DATA_DIR that is a file is a known mistake; bad key material is not one we word ourselves.
    const keys = { JWT_PRIVATE_KEY: 'not a key', JWT_PUBLIC_KEY: 'not a key either' };
    const quiet = await run('src/main.ts', [], env({ DATA_DIR: dataDir, ...keys }));
    expect(oneLineFailure(quiet)).toMatch(/^cannot start the server: .+ \(run with LOG_LEVEL=debug for the stack\)$/);
    const loud = await run('src/main.ts', [], env({ DATA_DIR: dataDir, ...keys, LOG_LEVEL: 'debug' }));
    expect(loud.code).toBe(1);
    expect(lines(loud.stderr)[0]).toMatch(/^cannot start the server: /);
    expect(loud.stderr).toMatch(/^\s+at /m);
    // The failed starts released the embedded database.
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);

    const file = join(tempDir(), 'a-file');
    writeFileSync(file, '');
    expect(oneLineFailure(await run('src/main.ts', [], env({ DATA_DIR: file })))).toMatch(/DATA_DIR=.* is not a directory/);
  });
});

describe('the embedded database is locked to one process', () => {
  it('a running server holds its DATA_DIR: a second server and every CLI refuse, naming it; once it stops they run', async () => {
    const dataDir = tempDir();
    const server = launch('src/main.ts', [], env({ DATA_DIR: dataDir }));
    const until = Date.now() + 90_000;
    while (!server.stdout.includes('Leopard GraphQL on')) {
      if (
        Date.now() > until ||
        (await Promise.race([server.exited, new Promise((r) => setTimeout(() => r('up'), 100))])) !== 'up'
      )
        throw new Error(`the server did not come up\n${server.stdout}\n${server.stderr}`);
    }
    const create = [
      'create',
      '--slug',
      'beside',
      '--name',
      'Beside',
      '--owner-email',
      'o@beside.test',
      '--owner-password',
      'owner-pass-1',
    ];
    const refusals = await Promise.all([
      run('src/main.ts', [], env({ DATA_DIR: dataDir })),
      run('src/cli/tenant.ts', create, env({ DATA_DIR: dataDir })),
      run('src/cli/migrate.ts', [], env({ DATA_DIR: dataDir })),
      run('src/cli/events.ts', ['status'], env({ DATA_DIR: dataDir })),
      run('src/cli/worker.ts', [], env({ DATA_DIR: dataDir })),
    ]);
    for (const r of refusals) {
      const line = oneLineFailure(r);
      expect(line).toContain(`is in use by the server, pid ${server.pid}, started at 20`);
      expect(line).toContain('DATA_DIR');
    }

    (server as unknown as { kill(s: string): void }).kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
    const created = await run('src/cli/tenant.ts', create, env({ DATA_DIR: dataDir }));
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toContain('created tenant beside');
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
  }, 180_000);

  it('a stale lock (its process is gone) is taken over with a warning', async () => {
    const dataDir = tempDir();
    const pid = await deadPid();
    const stale = { pid, kind: 'npm run seed', startedAt: '2026-01-01T00:00:00.000Z', host: hostname(), token: 'old' };
    writeFileSync(join(dataDir, LOCK_FILE), JSON.stringify(stale));
    const r = await run('src/cli/tenant.ts', ['list'], env({ DATA_DIR: dataDir }));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`took over the stale lock of DATA_DIR=${dataDir} left by npm run seed, pid ${pid}`);
    expect(r.stdout).toContain('0 tenant(s)');
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
  }, 60_000);

  it('processes racing for one stale lock: exactly one takes it, the others are told who did', async () => {
    const dataDir = tempDir();
    writeFileSync(
      join(dataDir, LOCK_FILE),
      JSON.stringify({ pid: await deadPid(), kind: 'the server', startedAt: '2026-01-01T00:00:00.000Z', host: hostname() }),
    );
    const racers = await Promise.all(Array.from({ length: 4 }, () => run('test/kit/lock-child.ts', [dataDir], env({}))));
    for (const r of racers) expect(r.code, r.stderr).toBe(0);
    const outcomes = racers.map((r) => (r.stdout.includes('\nlocked') || r.stdout.startsWith('locked') ? 'locked' : 'refused'));
    expect(outcomes.filter((o) => o === 'locked')).toHaveLength(1);
    const winner = racers[outcomes.indexOf('locked')]!;
    expect(winner.stdout).toMatch(/^warned: took over the stale lock/);
    for (const r of racers.filter((_, i) => outcomes[i] === 'refused'))
      expect(r.stdout).toMatch(/^refused: .* in use by a lock test, pid \d+/);
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
  }, 60_000);

  it('in one process: a second lock is refused, a lock of another host is held, and release leaves a lock not ours', async () => {
    const dataDir = tempDir();
    const lock = await lockDataDir(dataDir, { kind: 'this test' });
    await expect(lockDataDir(dataDir)).rejects.toThrow(`in use by this test, pid ${process.pid}`);
    lock.release();
    lock.release();
    expect(existsSync(lock.path)).toBe(false);

    const elsewhere = {
      pid: process.pid,
      kind: 'the server',
      startedAt: '2026-01-01T00:00:00.000Z',
      host: `not-${hostname()}`,
      token: 'x',
    };
    writeFileSync(lock.path, JSON.stringify(elsewhere));
    const refused = await lockDataDir(dataDir).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DataDirLockedError);
    expect((refused as Error).message).toContain(`on host not-${hostname()}`);

    // This pid, but not this process's lock: an earlier life of the pid (a restarted container).
    const warnings: string[] = [];
    writeFileSync(lock.path, JSON.stringify({ ...elsewhere, host: hostname() }));
    const again = await lockDataDir(dataDir, { warn: (m) => warnings.push(m) });
    expect(warnings).toEqual([expect.stringContaining('took over the stale lock')]);
    // Someone replaced the file (we were thought dead): releasing must not delete theirs.
    writeFileSync(lock.path, JSON.stringify({ ...elsewhere, host: hostname(), token: 'theirs' }));
    again.release();
    expect(existsSync(lock.path)).toBe(true);
  });
});
