// Tenant export and import: one tenant's platform record, every table of its schema in
// foreign-key order and its uploaded files, as JSON lines; restored as a NEW tenant (new slug,
// new schema) through the same provisioning as createTenant, on either database.
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { resultRows, type Executor, type Tx } from '../../../db/database.js';
import { migrateSchemaInTx, migrations } from '../../../db/migrator.js';
import { ident as q, literal as lit } from '../../../db/sql-text.js';
import { domains, SUBSCRIPTION_STATUSES, tenants } from '../../../db/tables/public.js';
import { AppError, notFound } from '../../../errors.js';
import type { Runtime } from '../../../runtime.js';
import type { TenantRecord } from '../../../tenancy/registry.js';
import { parseInput } from '../../shared-validation.js';
import { tenantProvision } from './tenants.js';
import { companyName, domain as domainRule, slug as slugRule } from '../validation.js';

export const DUMP_FORMAT = 'leopard-tenant-dump';
export const DUMP_VERSION = 1;

/**
 * Not carried: the migration record (the import writes its own) and the tables whose rows are
 * bearer credentials of one tenant's users (sessions, refresh tokens, invitation and reset
 * tokens). A dump travels further than the database does, and a copy must not accept the
 * original's tokens: users of an imported tenant sign in again.
 */
export const NOT_EXPORTED: ReadonlySet<string> = new Set(['__migrations', 'sessions', 'refresh_tokens', 'account_tokens']);

/** Rows per insert on import and per cursor fetch on export. */
const BATCH = 500;

const dumpHeader = z.object({
  type: z.literal('header'),
  format: z.literal(DUMP_FORMAT),
  version: z.literal(DUMP_VERSION),
  exportedAt: z.string(),
  source: z.object({ slug: z.string(), schemaName: z.string(), database: z.enum(['pg', 'pglite']) }),
  /** The tenant migrations applied to the exported schema, in order. */
  migrations: z.array(z.string()).min(1),
  tenant: z.object({
    name: companyName,
    isActive: z.boolean(),
    subscriptionStatus: z.enum(SUBSCRIPTION_STATUSES),
    maxUsers: z.number().int().min(1),
    settings: z.record(z.string(), z.unknown()),
    contactEmail: z.string().nullable(),
    contactPhone: z.string().nullable(),
    /** Primary first. */
    domains: z.array(domainRule),
  }),
});
export type DumpHeader = z.infer<typeof dumpHeader>;
const tableLine = z.object({
  type: z.literal('table'),
  name: z.string(),
  columns: z.array(z.string()).min(1),
  rows: z.number().int().min(0),
});
const blobLine = z.object({ type: z.literal('blob'), key: z.string(), data: z.string() });
const endLine = z.object({ type: z.literal('end'), tables: z.number(), rows: z.number(), blobs: z.number() });

export type TransferProgress =
  | { step: 'table'; table: string; rows: number; total: number }
  | { step: 'blobs'; count: number }
  | { step: 'migrated'; applied: string[] };

export interface TenantExportSummary {
  slug: string;
  file: string;
  level: string;
  tables: { name: string; rows: number }[];
  blobs: number;
  missingBlobs: number;
}

interface TableInfo {
  name: string;
  columns: string[];
  primaryKey: string[];
  /** Columns referencing the table itself: inserted as null, then set once every row is in. */
  selfReferences: string[];
}

async function rows<T>(ex: Executor, query: string): Promise<T[]> {
  return resultRows<T>(await ex.execute(sql.raw(query)));
}

/** The schema's tables, parents before children (self-references aside). */
async function tablesInOrder(ex: Executor, schemaName: string): Promise<TableInfo[]> {
  const s = lit(schemaName);
  const tables = await rows<{ name: string }>(
    ex,
    `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = ${s} and c.relkind in ('r', 'p') and not c.relispartition order by 1`,
  );
  const columns = await rows<{ tbl: string; col: string }>(
    ex,
    `select c.relname as tbl, a.attname as col from pg_attribute a
       join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = ${s} and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
      order by c.relname, a.attnum`,
  );
  const constraints = await rows<{ tbl: string; parent: string | null; type: string; cols: string[] }>(
    ex,
    `select c.relname as tbl, p.relname as parent, k.contype as type,
            array(select a.attname::text from unnest(k.conkey) with ordinality u(attnum, i)
                    join pg_attribute a on a.attrelid = k.conrelid and a.attnum = u.attnum order by u.i) as cols
       from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_namespace n on n.oid = c.relnamespace
       left join pg_class p on p.oid = k.confrelid
      where n.nspname = ${s} and k.contype in ('p', 'f')`,
  );
  const info = new Map<string, TableInfo>();
  for (const { name } of tables) {
    if (!NOT_EXPORTED.has(name)) info.set(name, { name, columns: [], primaryKey: [], selfReferences: [] });
  }
  for (const { tbl, col } of columns) info.get(tbl)?.columns.push(col);
  const parents = new Map<string, Set<string>>([...info.keys()].map((k) => [k, new Set()]));
  for (const k of constraints) {
    const t = info.get(k.tbl);
    if (!t) continue;
    if (k.type === 'p') t.primaryKey = k.cols;
    else if (k.parent === k.tbl) t.selfReferences.push(...k.cols);
    else if (k.parent && info.has(k.parent)) parents.get(k.tbl)!.add(k.parent);
  }
  const ordered: TableInfo[] = [];
  const placed = new Set<string>();
  while (placed.size < info.size) {
    const ready = [...info.keys()].filter((n) => !placed.has(n) && [...parents.get(n)!].every((p) => placed.has(p)));
    if (!ready.length) {
      const left = [...info.keys()].filter((n) => !placed.has(n));
      throw new Error(`foreign keys form a cycle between ${left.join(', ')}: cannot order the dump`);
    }
    for (const n of ready) {
      placed.add(n);
      ordered.push(info.get(n)!);
    }
  }
  return ordered;
}

/** Writes `line` and a newline, waiting when the stream's buffer is full. */
async function writeLine(out: NodeJS.WritableStream, line: string): Promise<void> {
  if (!out.write(`${line}\n`)) await once(out, 'drain');
}

export interface TenantExportArgs {
  runtime: Runtime;
  slug: string;
  file: string;
  onProgress?: (p: TransferProgress) => void;
}

/**
 * Writes the tenant to `file` from one consistent snapshot (a repeatable-read, read-only
 * transaction). The dump is written beside `file` and renamed at the end, so a failed export
 * never leaves a file that looks complete.
 */
export async function tenantExport(args: TenantExportArgs): Promise<TenantExportSummary> {
  const { runtime, file } = args;
  const progress = args.onProgress ?? (() => undefined);
  const record = await runtime.registry.bySlug(args.slug);
  if (!record) throw notFound(`Tenant "${args.slug}"`);
  const partial = `${file}.partial`;
  const out = createWriteStream(partial);
  const summary: TenantExportSummary = { slug: record.slug, file, level: '', tables: [], blobs: 0, missingBlobs: 0 };
  try {
    await runtime.database.orm.transaction(
      async (tx) => {
        const [t] = await tx.select().from(tenants).where(eq(tenants.id, record.id));
        if (!t) throw notFound(`Tenant "${args.slug}"`);
        const ds = await tx.select().from(domains).where(eq(domains.tenantId, record.id));
        const applied = new Set(
          (await rows<{ tag: string }>(tx, `select tag from ${q(t.schemaName)}.__migrations`)).map((r) => r.tag),
        );
        // In the code's order; a tag this code does not know goes last, and the importer refuses it.
        const known = migrations('tenant').map((m) => m.tag);
        const tags = [...known.filter((k) => applied.has(k)), ...[...applied].filter((a) => !known.includes(a)).sort()];
        summary.level = tags.at(-1) ?? '';
        const header: DumpHeader = {
          type: 'header',
          format: DUMP_FORMAT,
          version: DUMP_VERSION,
          exportedAt: new Date().toISOString(),
          source: { slug: t.slug, schemaName: t.schemaName, database: runtime.database.kind },
          migrations: tags,
          tenant: {
            name: t.name,
            isActive: t.isActive,
            subscriptionStatus: t.subscriptionStatus,
            maxUsers: t.maxUsers,
            settings: t.settings as Record<string, unknown>,
            contactEmail: t.contactEmail,
            contactPhone: t.contactPhone,
            domains: ds.sort((a, b) => Number(b.isPrimary) - Number(a.isPrimary)).map((d) => d.domain),
          },
        };
        await writeLine(out, JSON.stringify(header));
        let total = 0;
        for (const table of await tablesInOrder(tx, t.schemaName)) {
          const qualified = `${q(t.schemaName)}.${q(table.name)}`;
          const [{ n }] = (await rows<{ n: number }>(tx, `select count(*)::int as n from ${qualified}`)) as [{ n: number }];
          await writeLine(out, JSON.stringify({ type: 'table', name: table.name, columns: table.columns, rows: n }));
          // Each row as a JSON array in column order, rendered by PostgreSQL: numerics keep every
          // digit, timestamps their microseconds, and jsonb text never holds a raw newline.
          const cols = `array[${table.columns.map(lit).join(', ')}]::text[]`;
          const order = (table.primaryKey.length ? table.primaryKey : table.columns).map(q).join(', ');
          await tx.execute(
            sql.raw(`declare leopard_export no scroll cursor for
              select (select jsonb_agg(to_jsonb(t) -> u.c order by u.o) from unnest(${cols}) with ordinality u(c, o))::text as line
                from ${qualified} t order by ${order}`),
          );
          let done = 0;
          for (;;) {
            const batch = await rows<{ line: string }>(tx, `fetch ${BATCH} from leopard_export`);
            for (const r of batch) await writeLine(out, r.line);
            done += batch.length;
            if (batch.length < BATCH) break;
            progress({ step: 'table', table: table.name, rows: done, total: n });
          }
          await tx.execute(sql.raw('close leopard_export'));
          if (done !== n) throw new Error(`${table.name}: counted ${n} rows but read ${done}`);
          progress({ step: 'table', table: table.name, rows: done, total: n });
          summary.tables.push({ name: table.name, rows: n });
          total += n;
        }
        // Uploaded files (profile pictures) live in the blob store, keyed under the schema name.
        if (summary.tables.some((x) => x.name === 'profile_pictures')) {
          const keys = await rows<{ k: string }>(
            tx,
            `select storage_key as k from ${q(t.schemaName)}.profile_pictures order by storage_key`,
          );
          for (const { k } of keys) {
            const data = await runtime.blobs.get(k);
            if (!data) {
              summary.missingBlobs++;
              continue;
            }
            await writeLine(out, JSON.stringify({ type: 'blob', key: k, data: data.toString('base64') }));
            summary.blobs++;
          }
          progress({ step: 'blobs', count: summary.blobs });
        }
        await writeLine(out, JSON.stringify({ type: 'end', tables: summary.tables.length, rows: total, blobs: summary.blobs }));
      },
      { isolationLevel: 'repeatable read', accessMode: 'read only' },
    );
    out.end();
    await once(out, 'finish');
    await rename(partial, file);
    return summary;
  } catch (err) {
    out.destroy();
    await rm(partial, { force: true });
    throw err;
  }
}

export interface TenantImportSummary {
  tenant: TenantRecord;
  /** The dump's migration level, and the migrations applied on top of it after restoring. */
  level: string;
  migrated: string[];
  tables: { name: string; rows: number }[];
  blobs: number;
}

function badDump(file: string, message: string): AppError {
  return new AppError('BAD_USER_INPUT', `${file}: ${message}`, { fields: [{ path: 'file', message }] });
}

/** Lines of a dump, each parsed; the reader is pulled one line at a time. */
async function openDump(file: string) {
  try {
    if (!(await stat(file)).isFile()) throw badDump(file, 'is not a file');
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw badDump(file, (err as { code?: string }).code === 'ENOENT' ? 'no such file' : (err as Error).message);
  }
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity })[Symbol.asyncIterator]();
  let n = 0;
  return {
    async next(): Promise<unknown> {
      const r = await lines.next();
      if (r.done) return undefined;
      n++;
      try {
        return JSON.parse(r.value) as unknown;
      } catch {
        throw badDump(file, `line ${n} is not JSON`);
      }
    },
    close: () => void lines.return?.(),
  };
}

/** Why a dump cannot be restored by this code, or null: its migrations must be a prefix of ours. */
export function levelProblem(dumpTags: readonly string[], codeTags: readonly string[]): string | null {
  const newer = dumpTags.filter((t) => !codeTags.includes(t));
  if (newer.length) {
    return `the dump is at migration ${dumpTags.at(-1)}, newer than this code (latest ${codeTags.at(-1)}; unknown: ${newer.join(', ')}): import it with a newer release`;
  }
  const gap = dumpTags.findIndex((t, i) => codeTags[i] !== t);
  if (gap >= 0) return `the dump's migrations are not in this code's order (at ${dumpTags[gap]}, expected ${codeTags[gap]})`;
  return null;
}

export interface TenantImportArgs {
  runtime: Runtime;
  file: string;
  slug: string;
  /** Instead of the dump's name (tenant names are unique, so a copy beside the original needs one). */
  name?: string;
  /** Leave the dump's domains out (they are unique too). */
  withoutDomains?: boolean;
  onProgress?: (p: TransferProgress) => void;
}

/**
 * Restores a dump as a new tenant `slug`: the tenant row and domains as createTenant makes them,
 * the schema migrated to the dump's level, every row, the files, then the migrations since. One
 * transaction: an existing slug, a dump from newer code, a truncated or corrupt file leave nothing.
 */
export async function tenantImport(args: TenantImportArgs): Promise<TenantImportSummary> {
  const { runtime, file } = args;
  const progress = args.onProgress ?? (() => undefined);
  const slug = parseInput(slugRule, args.slug, 'slug');
  const name = args.name === undefined ? undefined : parseInput(companyName, args.name, 'name');
  const dump = await openDump(file);
  const written: string[] = [];
  try {
    const parsed = dumpHeader.safeParse(await dump.next());
    if (!parsed.success) throw badDump(file, `not a ${DUMP_FORMAT} version ${DUMP_VERSION} file`);
    const header = parsed.data;
    const problem = levelProblem(
      header.migrations,
      migrations('tenant').map((m) => m.tag),
    );
    if (problem) throw new AppError('CONFLICT', problem, { fields: [{ path: 'file', message: problem }] });
    const level = header.migrations.at(-1)!;
    const summary: Omit<TenantImportSummary, 'tenant'> = { level, migrated: [], tables: [], blobs: 0 };
    const t = header.tenant;
    const { tenantId } = await tenantProvision({
      runtime,
      row: {
        slug,
        name: name ?? t.name,
        domains: args.withoutDomains ? [] : t.domains,
        maxUsers: t.maxUsers,
        subscriptionStatus: t.subscriptionStatus,
        contactEmail: t.contactEmail,
        contactPhone: t.contactPhone,
        settings: t.settings,
        isActive: t.isActive,
      },
      fill: async (tx, schemaName) => {
        await migrateSchemaInTx(tx, 'tenant', schemaName, { until: level });
        const targets = new Map((await tablesInOrder(tx, schemaName)).map((x) => [x.name, x]));
        let line = await dump.next();
        let total = 0;
        while (tableLine.safeParse(line).success) {
          const section = tableLine.parse(line);
          const target = targets.get(section.name);
          if (!target) throw badDump(file, `table ${section.name} does not exist at migration ${level}`);
          const unknown = section.columns.filter((c) => !target.columns.includes(c));
          if (unknown.length) throw badDump(file, `${section.name} has no column ${unknown.join(', ')} at ${level}`);
          line = await dump.next();
          let batch: unknown[][] = [];
          let done = 0;
          const deferred: Record<string, unknown>[] = [];
          const flush = async () => {
            await insertBatch(tx, schemaName, section.columns, target, batch, deferred);
            done += batch.length;
            batch = [];
            progress({ step: 'table', table: section.name, rows: done, total: section.rows });
          };
          while (Array.isArray(line)) {
            batch.push(line);
            if (batch.length === BATCH) await flush();
            line = await dump.next();
          }
          if (batch.length || done === 0) await flush();
          await setDeferred(tx, schemaName, section.name, target, deferred);
          if (done !== section.rows) throw badDump(file, `${section.name} holds ${done} rows, its header says ${section.rows}`);
          summary.tables.push({ name: section.name, rows: done });
          total += done;
        }
        const from = `${header.source.schemaName}/`;
        while (blobLine.safeParse(line).success) {
          const b = blobLine.parse(line);
          // Keys begin with the schema name: the copy's files go under its own.
          const key = b.key.startsWith(from) ? `${schemaName}/${b.key.slice(from.length)}` : b.key;
          await runtime.blobs.put(key, Buffer.from(b.data, 'base64'));
          written.push(key);
          summary.blobs++;
          line = await dump.next();
        }
        if (summary.blobs) {
          await tx.execute(
            sql.raw(`update ${q(schemaName)}.profile_pictures
                        set storage_key = ${lit(`${schemaName}/`)} || substr(storage_key, ${from.length + 1})
                      where starts_with(storage_key, ${lit(from)})`),
          );
          progress({ step: 'blobs', count: summary.blobs });
        }
        const end = endLine.safeParse(line);
        if (!end.success) throw badDump(file, line === undefined ? 'is truncated (no end line)' : 'has an unexpected line');
        if (end.data.rows !== total || end.data.tables !== summary.tables.length || end.data.blobs !== summary.blobs) {
          throw badDump(file, 'its end line does not match its contents');
        }
        summary.migrated = await migrateSchemaInTx(tx, 'tenant', schemaName);
        progress({ step: 'migrated', applied: summary.migrated });
      },
    });
    await runtime.registry.changed(tenantId);
    const tenant = await runtime.registry.byId(tenantId);
    if (!tenant) throw notFound('Tenant');
    return { tenant, ...summary };
  } catch (err) {
    for (const key of written) await runtime.blobs.delete(key);
    throw err;
  } finally {
    dump.close();
  }
}

/** Inserts rows (arrays in `columns` order); self-references go in as null and are kept for later. */
async function insertBatch(
  tx: Tx,
  schemaName: string,
  columns: string[],
  target: { name: string; primaryKey: string[]; selfReferences: string[] },
  batch: unknown[][],
  deferred: Record<string, unknown>[],
): Promise<void> {
  if (!batch.length) return;
  const objects = batch.map((values) => Object.fromEntries(columns.map((c, i) => [c, values[i] ?? null])));
  for (const o of objects) {
    const later = target.selfReferences.filter((c) => o[c] != null);
    if (!later.length) continue;
    deferred.push(Object.fromEntries([...target.primaryKey, ...later].map((c) => [c, o[c]])));
    for (const c of later) o[c] = null;
  }
  const qualified = `${q(schemaName)}.${q(target.name)}`;
  const cols = columns.map(q).join(', ');
  await tx.execute(
    sql`insert into ${sql.raw(qualified)} (${sql.raw(cols)}) overriding system value
        select ${sql.raw(cols)} from jsonb_populate_recordset(null::${sql.raw(qualified)}, ${JSON.stringify(objects)}::jsonb)`,
  );
}

/** Sets the self-references held back by insertBatch, now that every row they point at exists. */
async function setDeferred(
  tx: Tx,
  schemaName: string,
  table: string,
  target: { primaryKey: string[]; selfReferences: string[] },
  deferred: Record<string, unknown>[],
): Promise<void> {
  if (!deferred.length) return;
  if (!target.primaryKey.length) throw new Error(`${table} refers to itself but has no primary key`);
  const qualified = `${q(schemaName)}.${q(table)}`;
  const match = target.primaryKey.map((c) => `t.${q(c)} = s.${q(c)}`).join(' and ');
  for (const col of target.selfReferences) {
    const rowsFor = deferred.filter((d) => col in d);
    for (let i = 0; i < rowsFor.length; i += BATCH) {
      await tx.execute(
        sql`update ${sql.raw(qualified)} t set ${sql.raw(q(col))} = s.${sql.raw(q(col))}
              from jsonb_populate_recordset(null::${sql.raw(qualified)}, ${JSON.stringify(rowsFor.slice(i, i + BATCH))}::jsonb) s
             where ${sql.raw(match)}`,
      );
    }
  }
}
