// The request's database handle, bound to one tenant schema. Resolvers and services only ever get
// this handle: its drizzle instance rewrites the shared tables' template schema to the tenant's in
// every statement it sends (Database.bind), so no query can reach another tenant's rows, and an
// unbound query names a schema that does not exist. A tenant costs one small handle, kept in a
// bounded LRU; the tables and every compiled statement are shared by all tenants.
import { is } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import type { TenantViewer } from '../auth/viewer.js';
import type { Database, Executor, Orm, Tx } from './database.js';
import { tenantTables, type TenantTables } from './tables/tenant.js';

export interface TenantDb {
  readonly schemaName: string;
  readonly orm: Orm;
  readonly t: TenantTables;
  readonly database: Database;
  /** The bound driver client, for statements compiled once (src/db/compiled.ts). */
  readonly client: unknown;
}

/** What every tenant selector and service takes, whatever else it needs: the handle and who asks. */
export interface TenantArgs {
  db: TenantDb;
  viewer: TenantViewer;
}

/** Handles kept per database: enough for the tenants a process serves at once, small each. */
const MAX_HANDLES = 2048;
const handles = new WeakMap<Database, Map<string, TenantDb>>();

export function tenantDb(database: Database, schemaName: string): TenantDb {
  let lru = handles.get(database);
  if (!lru) handles.set(database, (lru = new Map()));
  let db = lru.get(schemaName);
  if (db) {
    // Most recently used last: a Map iterates in insertion order, so the first key is the eldest.
    lru.delete(schemaName);
  } else {
    const bound = database.bind(schemaName);
    db = { schemaName, orm: bound.orm, t: tenantTables, database, client: bound.client };
    if (lru.size >= MAX_HANDLES) lru.delete(lru.keys().next().value!);
  }
  lru.set(schemaName, db);
  return db;
}

const commitHooks = new WeakMap<Tx, (() => void)[]>();

/** The one way services open a transaction. */
export async function inTransaction<T>(orm: Orm, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const hooks: (() => void)[] = [];
  const result = await orm.transaction((tx) => {
    commitHooks.set(tx, hooks);
    return fn(tx);
  });
  for (const hook of hooks) hook();
  return result;
}

/**
 * Runs `fn` once the transaction `ex` has committed; false when `ex` is no transaction (its
 * statements commit one by one). A transaction not opened by inTransaction cannot promise that.
 */
export function afterCommit(ex: Executor, fn: () => void): boolean {
  if (!is(ex, PgTransaction)) return false;
  const hooks = commitHooks.get(ex as Tx);
  if (!hooks) throw new Error('afterCommit needs a transaction opened by inTransaction');
  hooks.push(fn);
  return true;
}

export { tenantTables };
export type { Executor, Tx };
