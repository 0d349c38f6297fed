// One database API over two drivers: node-postgres when DATABASE_URL is set, embedded PGlite
// otherwise. Everything above this file sees the same drizzle instance, notify/listen and exec.
import { mkdirSync } from 'node:fs';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import type { Client as PgClient } from 'pg';

export type Orm = PgDatabase<PgQueryResultHKT, Record<string, never>>;
export type Tx = PgTransaction<PgQueryResultHKT, Record<string, never>, ExtractTablesWithRelations<Record<string, never>>>;
/** Anything that can run a query: the pool or an open transaction. */
export type Executor = Orm | Tx;

export type QueryObserver = (sql: string, params: unknown[]) => void;

export interface Database {
  readonly kind: 'pg' | 'pglite';
  readonly orm: Orm;
  /** Runs raw SQL (one or more statements, no parameters); for migrations and DDL only. */
  exec(sqlText: string): Promise<void>;
  /** Rows of a parameterised raw query, for the few places drizzle cannot express (catalog reads). */
  rows<T extends Record<string, unknown>>(sqlText: string, params?: unknown[]): Promise<T[]>;
  /**
   * `onGap` runs when the listening connection was lost and is back: notifications sent in between
   * are gone, so whoever keeps state from them must re-read it.
   */
  listen(channel: string, onMessage: (payload: string) => void, onGap?: () => void): Promise<() => Promise<void>>;
  notify(channel: string, payload: string): Promise<void>;
  /** Observers see every statement drizzle sends (tests count them; logs time them). */
  observe(observer: QueryObserver): () => void;
  pool(): { total: number; idle: number; waiting: number };
  close(): Promise<void>;
}

export interface DatabaseOptions {
  databaseUrl: string | undefined;
  /** PostgreSQL only: where the LISTEN connection goes (default databaseUrl). LISTEN is session
   * state, so behind PgBouncer in transaction pooling this must be a direct URL. */
  databaseListenUrl?: string | undefined;
  dataDir: string;
  poolMax: number;
  poolMaxLifetimeSeconds: number;
  /** PGlite only: start from this dump instead of the data directory (tests). */
  pgliteLoadDataDir?: Blob;
  /** PGlite only: keep everything in memory. */
  pgliteInMemory?: boolean;
}

function observers() {
  const set = new Set<QueryObserver>();
  return {
    logger: { logQuery: (q: string, params: unknown[]) => set.forEach((o) => o(q, params)) },
    observe(o: QueryObserver) {
      set.add(o);
      return () => void set.delete(o);
    },
  };
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.databaseUrl ? openPg(options.databaseUrl, options) : openPglite(options);
}

async function openPg(url: string, options: DatabaseOptions): Promise<Database> {
  const { default: pg } = await import('pg');
  const { drizzle } = await import('drizzle-orm/node-postgres');
  const obs = observers();
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolMax,
    // Recycling connections bounds each backend's catalog cache, which grows with every tenant
    // schema it touches.
    maxLifetimeSeconds: options.poolMaxLifetimeSeconds || undefined,
    idleTimeoutMillis: 30_000,
    application_name: 'leopard-graphql',
  });
  pool.on('error', () => {
    /* an idle client died; the pool replaces it */
  });
  const orm = drizzle(pool, { logger: obs.logger }) as unknown as Orm;

  let listener: PgClient | undefined;
  const handlers = new Map<string, Set<(payload: string) => void>>();
  const gapHandlers = new Set<() => void>();
  let closing = false;
  async function connectListener(): Promise<PgClient> {
    const client = new pg.Client({
      connectionString: options.databaseListenUrl ?? url,
      application_name: 'leopard-graphql-listen',
    });
    await client.connect();
    client.on('notification', (m) => handlers.get(m.channel)?.forEach((h) => h(m.payload ?? '')));
    // A dropped connection reports more than one error: only the first schedules the reconnect,
    // or two new connections would both LISTEN and every notification would arrive twice.
    let lost = false;
    client.on('error', () => {
      if (lost) return;
      lost = true;
      if (listener === client) listener = undefined;
      if (!closing) setTimeout(() => void reconnect(), 500);
    });
    for (const channel of handlers.keys()) await client.query(`LISTEN "${channel}"`);
    return client;
  }
  async function reconnect() {
    if (closing || listener) return;
    try {
      listener = await connectListener();
      gapHandlers.forEach((h) => h());
    } catch {
      setTimeout(() => void reconnect(), 1000);
    }
  }

  return {
    kind: 'pg',
    orm,
    async exec(sqlText) {
      await pool.query(sqlText);
    },
    async rows(sqlText, params = []) {
      return (await pool.query(sqlText, params)).rows;
    },
    async listen(channel, onMessage, onGap) {
      listener ??= await connectListener();
      let set = handlers.get(channel);
      if (!set) {
        set = new Set();
        handlers.set(channel, set);
        await listener.query(`LISTEN "${channel}"`);
      }
      set.add(onMessage);
      if (onGap) gapHandlers.add(onGap);
      return async () => {
        set.delete(onMessage);
        if (onGap) gapHandlers.delete(onGap);
      };
    },
    async notify(channel, payload) {
      await pool.query('select pg_notify($1, $2)', [channel, payload]);
    },
    observe: obs.observe,
    pool: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    async close() {
      closing = true;
      await listener?.end().catch(() => undefined);
      await pool.end();
    },
  };
}

async function openPglite(options: DatabaseOptions): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const { drizzle } = await import('drizzle-orm/pglite');
  const obs = observers();
  // pg_trgm backs the client search index (the public migrations create the extension).
  const extensions = { pg_trgm };
  let client: InstanceType<typeof PGlite>;
  if (options.pgliteLoadDataDir || options.pgliteInMemory) {
    client = new PGlite({ loadDataDir: options.pgliteLoadDataDir, extensions });
  } else {
    mkdirSync(options.dataDir, { recursive: true });
    client = new PGlite(`${options.dataDir}/pgdata`, { extensions });
  }
  await client.waitReady;
  const orm = drizzle(client, { logger: obs.logger }) as unknown as Orm;
  return {
    kind: 'pglite',
    orm,
    async exec(sqlText) {
      await client.exec(sqlText);
    },
    async rows(sqlText, params = []) {
      return (await client.query(sqlText, params)).rows as never;
    },
    async listen(channel, onMessage) {
      const unsubscribe = await client.listen(channel, onMessage);
      return unsubscribe;
    },
    async notify(channel, payload) {
      await client.query('select pg_notify($1, $2)', [channel, payload]);
    },
    observe: obs.observe,
    pool: () => ({ total: 1, idle: 1, waiting: 0 }),
    async close() {
      await client.close();
    },
  };
}
