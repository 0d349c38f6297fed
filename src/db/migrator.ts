// Applies drizzle-kit's generated SQL: the public set once, the tenant set to every tenant schema.
// Each schema records what it has applied in its own __migrations table; every run takes an
// advisory lock so concurrent server processes never apply the same migration twice.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql, type SQL } from 'drizzle-orm';
import type { Database, Executor, Tx } from './database.js';
import { TEMPLATE_SCHEMA } from './tables/tenant.js';
import { projectPath } from '../paths.js';
import { ident as q, literal as lit } from './sql-text.js';

export interface Migration {
  readonly tag: string;
  readonly hash: string;
  readonly statements: readonly string[];
}
export type MigrationSet = 'public' | 'tenant';

const migrationsRoot = () => projectPath('drizzle', join('tenant', 'meta', '_journal.json'));

const loaded = new Map<MigrationSet, readonly Migration[]>();

export function migrations(set: MigrationSet): readonly Migration[] {
  const cached = loaded.get(set);
  if (cached) return cached;
  const root = join(migrationsRoot(), set);
  const journal = JSON.parse(readFileSync(join(root, 'meta', '_journal.json'), 'utf8')) as {
    entries: { idx: number; tag: string }[];
  };
  const list = journal.entries
    .sort((a, b) => a.idx - b.idx)
    .map(({ tag }) => {
      const text = readFileSync(join(root, `${tag}.sql`), 'utf8');
      return {
        tag,
        hash: createHash('sha256').update(text).digest('hex'),
        statements: text
          .split('--> statement-breakpoint')
          .map((s) => s.trim())
          .filter(Boolean),
      };
    });
  loaded.set(set, list);
  return list;
}

export function latestTag(set: MigrationSet): string {
  return migrations(set).at(-1)?.tag ?? '';
}

/** A stable 32-bit key for pg_advisory_xact_lock, per schema. */
function lockKey(schemaName: string): number {
  return createHash('sha256').update(`leopard-migrate:${schemaName}`).digest().readInt32BE(0);
}

async function rowsOf(ex: Executor, query: SQL): Promise<Record<string, unknown>[]> {
  const res = (await ex.execute(query)) as unknown as { rows: Record<string, unknown>[] };
  return res.rows;
}

async function appliedTags(ex: Executor, schemaName: string): Promise<Set<string> | null> {
  // to_regclass is one catalog index probe; information_schema.tables scans every relation of
  // every schema, which at 1,000 tenants (~150k relations) costs tens of milliseconds per call.
  const [found] = await rowsOf(ex, sql`select to_regclass(${`${q(schemaName)}.__migrations`})::text as t`);
  if (!found?.t) return null;
  const res = await rowsOf(ex, sql.raw(`select tag from ${q(schemaName)}.__migrations`));
  return new Set(res.map((r) => String(r.tag)));
}

/**
 * Runs a multi-statement script in one round trip. PGlite's query() speaks the extended protocol
 * (one statement per call), so there we use its exec(); node-postgres sends a query without
 * parameters over the simple protocol, which accepts many statements.
 */
async function execScript(tx: Tx, text: string): Promise<void> {
  const client = (tx as unknown as { session?: { client?: { exec?: unknown } } }).session?.client;
  if (client && typeof client.exec === 'function') await (client.exec as (q: string) => Promise<unknown>).call(client, text);
  else await tx.execute(sql.raw(text));
}

/**
 * Each migration pre-rendered once per process as one script, split at the template schema name,
 * so a tenant's copy is a join and the whole set travels as ONE batch instead of ~250 statements.
 */
const scripts = new Map<string, readonly string[]>();
function scriptFor(set: MigrationSet, m: Migration, schemaName: string): string {
  const key = `${set}:${m.tag}`;
  let parts = scripts.get(key);
  if (!parts) {
    const text = m.statements.map((s) => (s.endsWith(';') ? s : `${s};`)).join('\n');
    parts = set === 'tenant' ? text.split(q(TEMPLATE_SCHEMA)) : [text];
    scripts.set(key, parts);
  }
  return parts.join(q(schemaName));
}

/**
 * Applies the pending migrations of `set` to `schemaName` inside the caller's transaction: the
 * bookkeeping table, every pending migration and its __migrations row go in one script. `until`
 * stops after that tag (a tenant import restores its rows at the dump's level, then migrates on).
 */
export async function migrateSchemaInTx(
  tx: Tx,
  set: MigrationSet,
  schemaName: string,
  options: { until?: string } = {},
): Promise<string[]> {
  await tx.execute(sql`select pg_advisory_xact_lock(${lockKey(schemaName)})`);
  if (set === 'tenant') await tx.execute(sql.raw(`create schema if not exists ${q(schemaName)}`));
  const applied = await appliedTags(tx, schemaName);
  const parts: string[] = [];
  if (!applied) {
    parts.push(
      `create table ${q(schemaName)}.__migrations (tag text primary key, hash text not null, applied_at timestamptz not null default now());`,
    );
  }
  const done: string[] = [];
  for (const m of migrations(set)) {
    if (!applied?.has(m.tag)) {
      parts.push(scriptFor(set, m, schemaName));
      parts.push(`insert into ${q(schemaName)}.__migrations (tag, hash) values ('${m.tag}', '${m.hash}');`);
      done.push(m.tag);
    }
    if (m.tag === options.until) break;
  }
  if (parts.length) await execScript(tx, parts.join('\n'));
  return done;
}

export async function migratePublic(database: Database): Promise<string[]> {
  return database.orm.transaction((tx) => migrateSchemaInTx(tx, 'public', 'public'));
}

/** The tag a schema is at, or null when it has no migrations table. */
export async function schemaLevel(ex: Executor, schemaName: string): Promise<string | null> {
  const applied = await appliedTags(ex, schemaName);
  if (!applied) return null;
  return [...migrations('tenant')].reverse().find((m) => applied.has(m.tag))?.tag ?? '';
}

export async function isUpToDate(ex: Executor, set: MigrationSet, schemaName: string): Promise<boolean> {
  const applied = await appliedTags(ex, schemaName);
  return applied !== null && migrations(set).every((m) => applied.has(m.tag));
}

export interface TenantMigrationReport {
  slug: string;
  schemaName: string;
  status: 'up-to-date' | 'migrated' | 'failed';
  applied: string[];
  error?: string;
}

/** Schemas per catalog query: each read takes a lock on every __migrations table it names. */
const LEVEL_BATCH = 250;

/**
 * The applied tags of many schemas at once: one catalog query finds which have a __migrations
 * table, then one UNION ALL per batch reads them. A schema missing from the map has no table.
 */
async function appliedTagsOfMany(database: Database, schemaNames: string[]): Promise<Map<string, Set<string>>> {
  const result = new Map<string, Set<string>>();
  const tracked = await database.rows<{ nspname: string }>(
    `select n.nspname from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
      where c.relname = '__migrations' and c.relkind in ('r', 'p') and n.nspname = any($1::text[])`,
    [schemaNames],
  );
  const names = tracked.map((r) => r.nspname);
  for (let i = 0; i < names.length; i += LEVEL_BATCH) {
    const batch = names.slice(i, i + LEVEL_BATCH);
    const query = batch.map((n) => `select ${lit(n)}::text as s, tag from ${q(n)}.__migrations`).join(' union all ');
    try {
      const rows = await database.rows<{ s: string; tag: string }>(query);
      for (const n of batch) result.set(n, new Set());
      for (const { s, tag } of rows) result.get(s)?.add(tag);
    } catch {
      // A schema dropped since the catalog read fails the whole batch; read those one by one.
      for (const n of batch) {
        const tags = await appliedTags(database.orm, n);
        if (tags) result.set(n, tags);
      }
    }
  }
  return result;
}

/**
 * Migrates every tenant schema that is behind, each in its own transaction, in slug order. The
 * levels of all schemas are read up front in a few catalog queries, so a run over up-to-date
 * tenants costs a handful of round trips however many there are. Stops at the first failure:
 * that tenant's transaction rolls back, so it stays exactly as it was.
 */
export async function migrateAllTenants(
  database: Database,
  onProgress: (r: TenantMigrationReport) => void = () => undefined,
): Promise<TenantMigrationReport[]> {
  const tenants = await database.rows<{ slug: string; schema_name: string }>(
    'select slug, schema_name from public.tenants order by slug',
  );
  const levels = await appliedTagsOfMany(
    database,
    tenants.map((t) => t.schema_name),
  );
  const wanted = migrations('tenant');
  const reports: TenantMigrationReport[] = [];
  for (const { slug, schema_name: schemaName } of tenants) {
    let report: TenantMigrationReport;
    try {
      const applied = levels.get(schemaName);
      if (applied && wanted.every((m) => applied.has(m.tag))) {
        report = { slug, schemaName, status: 'up-to-date', applied: [] };
      } else {
        // migrateSchemaInTx re-reads the level under the schema's lock: another process may have
        // migrated it since the catalog read.
        const done = await database.orm.transaction((tx) => migrateSchemaInTx(tx, 'tenant', schemaName));
        report = { slug, schemaName, status: done.length ? 'migrated' : 'up-to-date', applied: done };
      }
    } catch (err) {
      report = { slug, schemaName, status: 'failed', applied: [], error: (err as Error).message };
    }
    reports.push(report);
    onProgress(report);
    if (report.status === 'failed') break;
  }
  return reports;
}
