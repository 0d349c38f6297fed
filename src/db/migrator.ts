// Applies drizzle-kit's generated SQL: the public set once, the tenant set to every tenant schema.
// Each schema records what it has applied in its own __migrations table; every run takes an
// advisory lock so concurrent server processes never apply the same migration twice.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql, type SQL } from 'drizzle-orm';
import type { Database, Executor, Tx } from './database.js';
import { TEMPLATE_SCHEMA } from './tables/tenant.js';

export interface Migration {
  readonly tag: string;
  readonly hash: string;
  readonly statements: readonly string[];
}
export type MigrationSet = 'public' | 'tenant';

function migrationsRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    if (existsSync(join(dir, 'drizzle', 'tenant', 'meta', '_journal.json'))) return join(dir, 'drizzle');
    dir = dirname(dir);
  }
  throw new Error('drizzle/ migrations folder not found');
}

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

const q = (ident: string) => `"${ident.replace(/"/g, '""')}"`;

/** A stable 32-bit key for pg_advisory_xact_lock, per schema. */
function lockKey(schemaName: string): number {
  return createHash('sha256').update(`leopard-migrate:${schemaName}`).digest().readInt32BE(0);
}

async function rowsOf(ex: Executor, query: SQL): Promise<Record<string, unknown>[]> {
  const res = (await ex.execute(query)) as unknown as { rows: Record<string, unknown>[] };
  return res.rows;
}

async function appliedTags(ex: Executor, schemaName: string): Promise<Set<string> | null> {
  const exists = await rowsOf(
    ex,
    sql`select 1 from information_schema.tables where table_schema = ${schemaName} and table_name = '__migrations'`,
  );
  if (exists.length === 0) return null;
  const res = await rowsOf(ex, sql.raw(`select tag from ${q(schemaName)}.__migrations`));
  return new Set(res.map((r) => String(r.tag)));
}

/** Applies the pending migrations of `set` to `schemaName` inside the caller's transaction. */
export async function migrateSchemaInTx(tx: Tx, set: MigrationSet, schemaName: string): Promise<string[]> {
  await tx.execute(sql`select pg_advisory_xact_lock(${lockKey(schemaName)})`);
  if (set === 'tenant') await tx.execute(sql.raw(`create schema if not exists ${q(schemaName)}`));
  let applied = await appliedTags(tx, schemaName);
  if (!applied) {
    await tx.execute(
      sql.raw(
        `create table ${q(schemaName)}.__migrations (tag text primary key, hash text not null, applied_at timestamptz not null default now())`,
      ),
    );
    applied = new Set();
  }
  const done: string[] = [];
  for (const m of migrations(set)) {
    if (applied.has(m.tag)) continue;
    for (const statement of m.statements) {
      const text = set === 'tenant' ? statement.replaceAll(q(TEMPLATE_SCHEMA), q(schemaName)) : statement;
      await tx.execute(sql.raw(text));
    }
    await tx.execute(sql.raw(`insert into ${q(schemaName)}.__migrations (tag, hash) values ('${m.tag}', '${m.hash}')`));
    done.push(m.tag);
  }
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

/**
 * Migrates every tenant schema, each in its own transaction, in slug order. Stops at the first
 * failure: that tenant's transaction rolls back, so it stays exactly as it was.
 */
export async function migrateAllTenants(
  database: Database,
  onProgress: (r: TenantMigrationReport) => void = () => undefined,
): Promise<TenantMigrationReport[]> {
  const tenants = await database.rows<{ slug: string; schema_name: string }>(
    'select slug, schema_name from public.tenants order by slug',
  );
  const reports: TenantMigrationReport[] = [];
  for (const { slug, schema_name: schemaName } of tenants) {
    let report: TenantMigrationReport;
    try {
      if (await isUpToDate(database.orm, 'tenant', schemaName)) {
        report = { slug, schemaName, status: 'up-to-date', applied: [] };
      } else {
        const applied = await database.orm.transaction((tx) => migrateSchemaInTx(tx, 'tenant', schemaName));
        report = { slug, schemaName, status: applied.length ? 'migrated' : 'up-to-date', applied };
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
