// A process that cannot start says why in one line on stderr, naming the setting to change, and
// exits 1. The stack of the error is printed beneath it only at LOG_LEVEL=debug or trace: the
// common causes (a database that is down or refuses us, a port or data directory in use) are
// the operator's to fix, and a stack only hides the line that says how.
import type { Config } from './config.js';
import { DataDirLockedError } from './db/data-dir-lock.js';

type Settings = Pick<Config, 'port' | 'host' | 'databaseUrl' | 'databaseListenUrl' | 'dataDir' | 'logLevel'>;

interface Failure extends Error {
  code?: string;
  syscall?: string;
  address?: string;
  port?: number;
  path?: string;
  hostname?: string;
}

/** `err`, its causes and (AggregateError, as a dual-stack connect throws) its parts, outermost first. */
function chain(err: unknown, depth = 0): Failure[] {
  if (!(err instanceof Error) || depth > 6) return [];
  const parts = err instanceof AggregateError ? err.errors.flatMap((e) => chain(e, depth + 1)) : [];
  return [err as Failure, ...parts, ...chain(err.cause, depth + 1)];
}

/** host:port, user and database of a PostgreSQL URL; never its password. */
function target(url: string | undefined) {
  try {
    const u = new URL(url ?? '');
    return {
      at: `${u.hostname}:${u.port || '5432'}`,
      user: decodeURIComponent(u.username) || '(default user)',
      database: decodeURIComponent(u.pathname.replace(/^\//, '')) || '(default database)',
    };
  } catch {
    return { at: '(unparsable URL)', user: '?', database: '?' };
  }
}

/** The setting that names the database: the LISTEN connection may have its own. */
function settingOf(config: Settings): string {
  const own = config.databaseListenUrl && config.databaseListenUrl !== config.databaseUrl;
  return own ? 'DATABASE_URL (or DATABASE_LISTEN_URL)' : 'DATABASE_URL';
}

/** The one line for a failure we know, or undefined. */
function known(e: Failure, config: Settings): string | undefined {
  if (e instanceof DataDirLockedError) return e.message;
  const db = target(config.databaseUrl);
  const listenAt = `port ${config.port} on ${config.host}`;
  if (e.syscall === 'listen') {
    if (e.code === 'EADDRINUSE')
      return `${listenAt} is already in use (another server running?): stop that process, or set PORT to a free port`;
    if (e.code === 'EACCES')
      return `not allowed to listen on ${listenAt}: ports below 1024 need privileges; set PORT to 1024 or above`;
    if (e.code === 'EADDRNOTAVAIL')
      return `HOST=${config.host} is not an address of this machine: set HOST (0.0.0.0 listens on all)`;
  }
  if ((e.code === 'ENOTDIR' || e.code === 'EEXIST') && e.syscall === 'mkdir')
    return `DATA_DIR=${config.dataDir} is not a directory (${e.path ?? e.message}): set DATA_DIR to a directory`;
  if (!config.databaseUrl && (e.code === 'EACCES' || e.code === 'EROFS') && e.path)
    return `cannot write ${e.path} (${e.code === 'EACCES' ? 'permission denied' : 'read-only file system'}): make DATA_DIR=${config.dataDir} writable, or set DATA_DIR to a directory that is`;
  if (!config.databaseUrl) return undefined;
  const at = e.address !== undefined && e.port !== undefined ? `${e.address}:${e.port}` : db.at;
  const setting = settingOf(config);
  switch (e.code) {
    case 'ECONNREFUSED':
      return `cannot connect to PostgreSQL at ${at} (connection refused): start PostgreSQL there or fix the host and port in ${setting} (unset DATABASE_URL to use the embedded database in DATA_DIR)`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `cannot resolve the database host "${e.hostname ?? db.at.replace(/:\d+$/, '')}": fix the host in ${setting}`;
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `no answer from PostgreSQL at ${at} (${e.code}): check the host and port in ${setting}, and the network or firewall`;
    // PostgreSQL's own refusals (SQLSTATE), raised at connect.
    case '28P01':
      return `PostgreSQL at ${db.at} refused the password of user "${db.user}": fix the user or password in ${setting}`;
    case '28000':
      return `PostgreSQL at ${db.at} refused user "${db.user}" (${e.message}): fix the user in ${setting}, or let it in (pg_hba.conf)`;
    case '3D000':
      return `database "${db.database}" does not exist on PostgreSQL at ${db.at}: create it (createdb ${db.database}) or fix the database name in ${setting}`;
    case '53300':
      return `PostgreSQL at ${db.at} has no connection slot left (${e.message}): lower DB_POOL_MAX, or raise max_connections`;
  }
  if (/does not support SSL|SSL is not enabled|self[- ]signed certificate/i.test(e.message))
    return `PostgreSQL at ${db.at}: ${e.message}: fix sslmode in ${setting}`;
  return undefined;
}

/** The line a failed start prints: what happened and which setting to change. */
export function startFailureLine(err: unknown, config: Settings): string {
  for (const e of chain(err)) {
    const line = known(e, config);
    if (line) return line;
  }
  // A statement PostgreSQL refused: its reason and SQLSTATE, never the statement or its parameters
  // (a query builder's message carries both).
  // The database's errors carry a severity; a system error's code (EPERM, EPIPE) can look the same.
  const refused = chain(err).find((e) => typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code) && 'severity' in e);
  const message = refused
    ? `the database refused a statement: ${refused.message.split('\n')[0]} (SQLSTATE ${refused.code})`
    : err instanceof Error
      ? err.message.split('\n')[0]
      : String(err);
  const debug = config.logLevel === 'debug' || config.logLevel === 'trace';
  return `${message || 'unexpected error'}${debug ? '' : ' (run with LOG_LEVEL=debug for the stack)'}`;
}

/** Prints the line on stderr, and beneath it the stack at LOG_LEVEL=debug or trace. */
export function reportFailure(err: unknown, config: Settings, prefix = 'error'): void {
  console.error(`${prefix}: ${startFailureLine(err, config)}`);
  if ((config.logLevel === 'debug' || config.logLevel === 'trace') && err instanceof Error && err.stack) console.error(err.stack);
}

/** reportFailure, then the process ends with 1. */
export function exitOnStartFailure(err: unknown, config: Settings, prefix = 'error'): never {
  reportFailure(err, config, prefix);
  process.exit(1);
}
