// One database API over two drivers: node-postgres when DATABASE_URL is set, embedded PGlite
// otherwise. Everything above this file sees the same drizzle instance, notify/listen and exec.
import { createHash } from 'node:crypto';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import type { Client as PgClient, Pool as PgPool, PoolClient, QueryConfig } from 'pg';
import type { PGliteInterface, Transaction as PgliteTransaction, QueryOptions } from '@electric-sql/pglite';
import { lockDataDir, type DataDirLock } from './data-dir-lock.js';
import { ident } from './sql-text.js';
import { TEMPLATE_SCHEMA } from './tables/tenant.js';

export type Orm = PgDatabase<PgQueryResultHKT, Record<string, never>>;
export type Tx = PgTransaction<PgQueryResultHKT, Record<string, never>, ExtractTablesWithRelations<Record<string, never>>>;
/** Anything that can run a query: the pool or an open transaction. */
export type Executor = Orm | Tx;

/** The rows of a raw `execute` result: both drivers answer `{ rows }`. */
export function resultRows<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

export type QueryObserver = (sql: string, params: unknown[]) => void;

/**
 * A drizzle handle whose every statement runs in one tenant's schema: the tenant tables are
 * defined once, against the template schema, and the driver below rewrites the template's
 * qualifier to the tenant's in the statement text it sends. Nothing is set on the connection, so
 * this is safe under PgBouncer's transaction pooling; a statement sent outside a bound handle
 * names the template schema, which never exists, and fails.
 */
export interface BoundOrm {
  readonly orm: Orm;
  /** The driver client drizzle was given, for running statements compiled once (src/db/compiled.ts). */
  readonly client: unknown;
}

export interface Database {
  readonly kind: 'pg' | 'pglite';
  /** The platform's handle: public tables only (tenant tables through it fail, see BoundOrm). */
  readonly orm: Orm;
  /** Builds statements once for every tenant; it cannot run them (see src/db/compiled.ts). */
  readonly compiler: Orm;
  bind(schemaName: string): BoundOrm;
  /**
   * Marks a statement compiled once (src/db/compiled.ts): on PostgreSQL it then runs as a named
   * prepared statement per schema, so the server parses and plans it once per connection instead
   * of on every request (planning the client page took 1.2 ms of 1.8 ms of its server time).
   */
  markCompiled(prepared: object): void;
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
  /** PostgreSQL only: run compiled statements as named prepared statements (default true). */
  preparedStatements?: boolean;
  /** PGlite only: start from this dump instead of the data directory (tests). */
  pgliteLoadDataDir?: Blob;
  /** PGlite only: keep everything in memory. */
  pgliteInMemory?: boolean;
  /** PGlite on DATA_DIR: what this process is, as a second process on the directory is told (src/db/data-dir-lock.ts). */
  lockKind?: string;
  /** PGlite on DATA_DIR: told when a stale lock is taken over (default: a line on stderr). */
  onStaleLock?: (message: string) => void;
}

const TEMPLATE_QUALIFIER = `${ident(TEMPLATE_SCHEMA)}.`;

/** The statement text for one schema: the template's qualifier replaced by the schema's. */
export function bindText(text: string, qualifier: string): string {
  return text.includes(TEMPLATE_QUALIFIER) ? text.replaceAll(TEMPLATE_QUALIFIER, qualifier) : text;
}

/** The client of `Database.compiler`: statements built there are run through a bound client only. */
class UnboundClient {
  query(): never {
    throw new Error('A statement compiled for every tenant ran without a tenant (see src/db/compiled.ts)');
  }
}

/**
 * Names of the compiled statements' query configs (drizzle keeps one config object per prepared
 * statement): `s<hash of the template text>`, to which each schema adds its own name, so a name
 * always stands for one text. A connection holds at most MAX_NAMED statements; past that (a
 * connection that served very many tenants) statements go unnamed until the pool recycles it.
 */
const compiledNames = new WeakMap<object, string>();
const MAX_NAMED = 1000;
const namedOn = new WeakMap<object, Set<string>>();

function markCompiledConfigs(prepared: object): void {
  const p = prepared as { queryConfig?: QueryConfig; rawQueryConfig?: QueryConfig };
  for (const config of [p.queryConfig, p.rawQueryConfig]) {
    if (config?.text && !compiledNames.has(config)) {
      compiledNames.set(config, `s${createHash('sha1').update(config.text).digest('base64url').slice(0, 12)}`);
    }
  }
}

/** PgBouncer before 1.21 (transaction pooling) loses named statements between transactions. */
const LOST_STATEMENT_CODES = new Set(['26000', '42P05']);

function boundConfig(config: QueryConfig | string, qualifier: string, values: unknown[] | undefined, emit: QueryObserver) {
  const text = bindText(typeof config === 'string' ? config : config.text, qualifier);
  emit(text, values ?? []);
  return (typeof config === 'string' ? text : { ...config, text }) as QueryConfig;
}

// Named so drizzle's transaction() sees a pool ("Pool" in the class name) and checks a connection
// out for the transaction, which then stays bound to the same schema.
class SchemaBoundPool {
  constructor(
    readonly pool: PgPool,
    readonly qualifier: string,
    readonly emit: QueryObserver,
    readonly prepared: { enabled: boolean; warn: () => void },
  ) {}
  query(config: QueryConfig | string, values?: unknown[]) {
    const base = this.prepared.enabled && typeof config !== 'string' ? compiledNames.get(config) : undefined;
    const bound = boundConfig(config, this.qualifier, values, this.emit);
    if (!base) return this.pool.query(bound, values);
    return this.named(bound, `${base}${this.qualifier.slice(1, -2)}`, values);
  }
  /** A compiled statement as a named one, on a connection checked out for it (as pool.query does). */
  private async named(config: QueryConfig, name: string, values: unknown[] | undefined) {
    const client = await this.pool.connect();
    try {
      let names = namedOn.get(client);
      if (!names) namedOn.set(client, (names = new Set()));
      if (!names.has(name) && names.size >= MAX_NAMED) return await client.query(config, values);
      try {
        const result = await client.query({ ...config, name }, values);
        names.add(name);
        return result;
      } catch (err) {
        if (!LOST_STATEMENT_CODES.has((err as { code?: string }).code ?? '')) throw err;
        // Named statements do not survive this connection path (a transaction pooler): stop
        // naming them in this process, and run this one unnamed.
        this.prepared.enabled = false;
        this.prepared.warn();
        return await client.query(config, values);
      }
    } finally {
      client.release();
    }
  }
  async connect() {
    return new SchemaBoundConnection(await this.pool.connect(), this.qualifier, this.emit);
  }
}

class SchemaBoundConnection {
  constructor(
    readonly connection: PoolClient,
    readonly qualifier: string,
    readonly emit: QueryObserver,
  ) {}
  query(config: QueryConfig | string, values?: unknown[]) {
    return this.connection.query(boundConfig(config, this.qualifier, values, this.emit), values);
  }
  release(err?: Error | boolean) {
    this.connection.release(err);
  }
}

/** A node-postgres pool's drizzle handle bound to one schema (the servers's, and the bench's own pool). */
export async function bindPgPool(pool: PgPool, schemaName: string, emit: QueryObserver = () => undefined): Promise<BoundOrm> {
  const { drizzle } = await import('drizzle-orm/node-postgres');
  const client = new SchemaBoundPool(pool, `${ident(schemaName)}.`, emit, { enabled: false, warn: () => undefined });
  return { orm: drizzle(client as never) as unknown as Orm, client };
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
  const compiler = drizzle(new UnboundClient() as never) as unknown as Orm;
  const prepared = {
    enabled: options.preparedStatements !== false,
    warn: () =>
      process.emitWarning(
        'Named prepared statements are lost on this connection path (PgBouncer before 1.21 in transaction pooling?): running them unnamed. Set DB_PREPARED_STATEMENTS=false to say so up front.',
      ),
  };

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
    compiler,
    markCompiled: markCompiledConfigs,
    bind(schemaName) {
      const client = new SchemaBoundPool(pool, `${ident(schemaName)}.`, obs.logger.logQuery, prepared);
      return { orm: drizzle(client as never) as unknown as Orm, client };
    },
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
  const inMemory = Boolean(options.pgliteLoadDataDir || options.pgliteInMemory);
  // Before PGlite touches a file: a second process on the directory would corrupt it.
  const lock: DataDirLock | undefined = inMemory
    ? undefined
    : await lockDataDir(options.dataDir, {
        ...(options.lockKind ? { kind: options.lockKind } : {}),
        ...(options.onStaleLock ? { warn: options.onStaleLock } : {}),
      });
  let client: InstanceType<typeof PGlite>;
  try {
    client = inMemory
      ? new PGlite({ loadDataDir: options.pgliteLoadDataDir, extensions })
      : new PGlite(`${options.dataDir}/pgdata`, { extensions });
    await client.waitReady;
  } catch (err) {
    lock?.release();
    throw err;
  }
  const orm = drizzle(client, { logger: obs.logger }) as unknown as Orm;
  const emit = obs.logger.logQuery;
  class SchemaBoundPglite {
    constructor(
      readonly target: PGliteInterface | PgliteTransaction,
      readonly qualifier: string,
    ) {}
    query(text: string, params?: unknown[], options?: QueryOptions) {
      const bound = bindText(text, this.qualifier);
      emit(bound, params ?? []);
      return this.target.query(bound, params, options);
    }
    transaction<T>(fn: (tx: SchemaBoundPglite) => Promise<T>): Promise<T> {
      if (!('transaction' in this.target)) throw new Error('nested transactions use savepoints');
      return this.target.transaction((tx) => fn(new SchemaBoundPglite(tx, this.qualifier)));
    }
  }
  const compiler = drizzle(new UnboundClient() as never) as unknown as Orm;
  return {
    kind: 'pglite',
    orm,
    compiler,
    // In-process: no network, no plan to keep per connection.
    markCompiled: () => undefined,
    bind(schemaName) {
      const bound = new SchemaBoundPglite(client, `${ident(schemaName)}.`);
      return { orm: drizzle(bound as never) as unknown as Orm, client: bound };
    },
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
      try {
        await client.close();
      } finally {
        lock?.release();
      }
    },
  };
}
