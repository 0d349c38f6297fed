// One process at a time on an embedded database. PGlite takes no lock of its own: two processes on
// one DATA_DIR both write its files (corrupting them) and neither sees the other's rows. The lock
// is a file created atomically (O_EXCL) holding who took it; a lock whose process is gone is stale
// and taken over, under a second O_EXCL file so that two processes cannot both take it over.
import { randomUUID } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, join, resolve } from 'node:path';

export const LOCK_FILE = 'leopard.lock';

/** What a lock file holds. */
export interface LockHolder {
  readonly pid: number;
  /** What the process is, as another process is told: "the server", "npm run tenant". */
  readonly kind: string;
  readonly startedAt: string;
  readonly host: string;
  /** Tells this lock from a later one of the same pid (a restarted container is pid 1 again). */
  readonly token: string;
}

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly lockPath: string,
    readonly holder: LockHolder,
  ) {
    const where = holder.host === hostname() ? '' : ` on host ${holder.host}`;
    super(
      `the embedded database in DATA_DIR=${dataDir} is in use by ${holder.kind}, pid ${holder.pid}${where}, started at ${holder.startedAt}: ` +
        `stop it first, or set DATA_DIR to another directory (or DATABASE_URL for PostgreSQL, which many processes share); ` +
        `if that process is gone, delete ${lockPath}`,
    );
  }
}

export interface DataDirLock {
  readonly path: string;
  /** Removes the lock file if it is still this process's (idempotent). */
  release(): void;
}

export interface LockOptions {
  /** Default: from the script's name (src/cli/tenant.ts: "npm run tenant"; src/main.ts: "the server"). */
  kind?: string;
  /** Told when a stale lock is taken over (default: one line on stderr). */
  warn?: (message: string) => void;
}

/** Locks this process holds, by path: released at exit, and a second open in this process is refused too. */
const held = new Map<string, LockHolder>();
let exitHookInstalled = false;

/** A lock file younger than this with no readable content is being written right now. */
const WRITING_MS = 2000;
/** A takeover guard older than this was left by a process that died while taking over. */
const GUARD_STALE_MS = 10_000;
const RETRY_MS = 50;
const MAX_TRIES = 100;

/** What this process is, from its script: `npm run <name>` for src/cli/<name>, the server for main. */
export function processKind(script = process.argv[1] ?? ''): string {
  const cli = /[/\\]cli[/\\]([\w-]+)\.[cm]?[jt]s$/.exec(script);
  if (cli) return `npm run ${cli[1]}`;
  if (/[/\\]main\.[cm]?[jt]s$/.test(script)) return 'the server';
  return `node ${basename(script) || '(unknown script)'}`;
}

/** True while `pid` is a running process (EPERM: it runs, as another user). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readRaw(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

function parseHolder(raw: string): LockHolder | null {
  try {
    const h = JSON.parse(raw) as Partial<LockHolder>;
    if (typeof h.pid !== 'number' || typeof h.kind !== 'string' || typeof h.startedAt !== 'string') return null;
    return { pid: h.pid, kind: h.kind, startedAt: h.startedAt, host: String(h.host ?? ''), token: String(h.token ?? '') };
  } catch {
    return null;
  }
}

function ageMs(path: string): number {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

/** Creates `path` only if it does not exist, with `content`; false when it exists. */
function createExclusive(path: string, content: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o644);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  try {
    writeSync(fd, content);
  } finally {
    closeSync(fd);
  }
  return true;
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    /* gone already */
  }
}

/**
 * Why the lock at `path` does not stop us: 'free' (no file), 'stale' (its process is gone, or it
 * is this pid's from an earlier life), 'writing' (just created, content not there yet); else the
 * live holder.
 */
function inspect(path: string, raw: string | null): 'free' | 'stale' | 'writing' | LockHolder {
  if (raw === null) return 'free';
  const holder = parseHolder(raw);
  if (!holder) return ageMs(path) < WRITING_MS ? 'writing' : 'stale';
  // A pid cannot be checked on another machine (a data directory on a shared volume): held.
  if (holder.host && holder.host !== hostname()) return holder;
  if (holder.pid === process.pid) return held.get(path)?.token === holder.token ? holder : 'stale';
  return isAlive(holder.pid) ? holder : 'stale';
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Takes the lock of `dataDir` for this process, or throws DataDirLockedError naming the process
 * that holds it. A stale lock is taken over, with a warning.
 */
export async function lockDataDir(dataDir: string, options: LockOptions = {}): Promise<DataDirLock> {
  mkdirSync(dataDir, { recursive: true });
  const path = resolve(dataDir, LOCK_FILE);
  const guard = `${path}.takeover`;
  const mine: LockHolder = {
    pid: process.pid,
    kind: options.kind ?? processKind(),
    startedAt: new Date().toISOString(),
    host: hostname(),
    token: randomUUID(),
  };
  const content = `${JSON.stringify(mine)}\n`;
  const warn = options.warn ?? ((m: string) => console.error(`warning: ${m}`));

  for (let tries = 0; tries < MAX_TRIES; tries++) {
    if (createExclusive(path, content)) return taken(path, mine);
    const raw = readRaw(path);
    const state = inspect(path, raw);
    if (state === 'free' || state === 'writing') {
      await sleep(RETRY_MS);
      continue;
    }
    if (state !== 'stale') throw new DataDirLockedError(dataDir, path, state);
    // Only the process holding the guard replaces the stale file, and only if it is still the
    // one it judged stale: without the guard, a second process could delete the first's new lock.
    if (!createExclusive(guard, content)) {
      if (ageMs(guard) > GUARD_STALE_MS) unlinkQuietly(guard);
      await sleep(RETRY_MS);
      continue;
    }
    try {
      if (readRaw(path) !== raw) continue;
      unlinkQuietly(path);
      if (!createExclusive(path, content)) continue;
    } finally {
      unlinkQuietly(guard);
    }
    const old = raw === null ? null : parseHolder(raw);
    warn(
      old
        ? `took over the stale lock of DATA_DIR=${dataDir} left by ${old.kind}, pid ${old.pid} (started at ${old.startedAt}, no longer running)`
        : `took over an unreadable lock file in DATA_DIR=${dataDir} (${path})`,
    );
    return taken(path, mine);
  }
  throw new Error(`could not lock DATA_DIR=${dataDir}: ${path} keeps changing; is another process starting on it?`);
}

function taken(path: string, mine: LockHolder): DataDirLock {
  held.set(path, mine);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    // process.exit() without a close (a shutdown that ran out of time, a CLI's error path) still
    // removes the file; only a kill leaves it, and the next process takes it over.
    process.on('exit', () => {
      for (const p of [...held.keys()]) release(p);
    });
  }
  return { path, release: () => release(path, mine.token) };
}

function release(path: string, token?: string): void {
  const mine = held.get(path);
  if (!mine || (token !== undefined && mine.token !== token)) return;
  held.delete(path);
  // Never someone else's: after a takeover (we were thought dead) the file is theirs.
  const raw = readRaw(path);
  if (raw !== null && parseHolder(raw)?.token === mine.token) unlinkQuietly(path);
}

/** The lock file of a data directory (tests, and the troubleshooting text). */
export const lockPathOf = (dataDir: string) => join(resolve(dataDir), LOCK_FILE);
