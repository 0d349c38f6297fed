// The request's database handle, bound to one tenant schema. Resolvers and services only ever get
// this handle; the tables it carries are qualified with that schema, so no query can reach another
// tenant's rows and an unscoped query has no business table to hit.
import type { Database, Executor, Orm, Tx } from './database.js';
import { buildTenantTables, type TenantTables } from './tables/tenant.js';

export interface TenantDb {
  readonly schemaName: string;
  readonly orm: Orm;
  readonly t: TenantTables;
}

const tableCache = new Map<string, TenantTables>();

export function tenantTables(schemaName: string): TenantTables {
  let tables = tableCache.get(schemaName);
  if (!tables) {
    tables = buildTenantTables(schemaName);
    tableCache.set(schemaName, tables);
  }
  return tables;
}

export function forgetTenantTables(schemaName: string): void {
  tableCache.delete(schemaName);
}

export function tenantDb(database: Database, schemaName: string): TenantDb {
  return { schemaName, orm: database.orm, t: tenantTables(schemaName) };
}

/** The one way services open a transaction. */
export function inTransaction<T>(orm: Orm, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return orm.transaction(fn);
}

export type { Executor, Tx };
