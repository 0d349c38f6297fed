// A database of a child process's own, so its background work never touches other test files'
// tenants: a fresh PostgreSQL database when DATABASE_URL is set, else a fresh embedded data dir.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface OwnDatabase {
  /** What to put in the child's environment (DATABASE_URL, and DATABASE_LISTEN_URL when set; or DATA_DIR). */
  readonly env: Record<string, string>;
  /** The PostgreSQL URL, when on PostgreSQL. */
  readonly url?: string;
  /** The embedded database's folder, when on PGlite (its files are under `pgdata/`). */
  readonly dataDir?: string;
  drop(): Promise<void>;
}

export async function ownDatabase(prefix: string): Promise<OwnDatabase> {
  if (process.env.DATABASE_URL) {
    const name = `leopard_${prefix}_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`create database ${name}`);
    // Behind PgBouncer the listener goes straight to PostgreSQL: it must follow to the new database,
    // or its LISTEN would hear another database's notifications.
    const renamed = (u: string) => {
      const url = new URL(u);
      url.pathname = `/${name}`;
      return url.toString();
    };
    const url = renamed(process.env.DATABASE_URL);
    const listen = process.env.DATABASE_LISTEN_URL;
    return {
      env: { DATABASE_URL: url, ...(listen ? { DATABASE_LISTEN_URL: renamed(listen) } : {}) },
      url,
      async drop() {
        await admin.query(`drop database if exists ${name} with (force)`);
        await admin.end();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), `leopard-${prefix}-`));
  return {
    env: { DATA_DIR: dir },
    dataDir: dir,
    async drop() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * What puts a `src/main.ts` child on `own` rather than the parent's database: an ephemeral port,
 * its keys in `keysDir`, warnings and errors only.
 */
export const mainOn = (own: OwnDatabase, keysDir: string): Record<string, string | undefined> => ({
  PORT: '0',
  HOST: '127.0.0.1',
  DATA_DIR: keysDir,
  DATABASE_URL: undefined,
  DATABASE_LISTEN_URL: undefined,
  ...own.env,
  LOG_LEVEL: 'warn',
});
