// npm run tenant -- <command>: provision and inspect tenants from a shell, through the same
// services as the GraphQL API.
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { schemaLevel } from '../db/migrator.js';
import { AppError } from '../errors.js';
import { tenantCreate, tenantDrop, tenantSetActive } from '../modules/platform/index.js';
import { tenantExport, tenantImport, type TransferProgress } from '../modules/platform/index.js';
import type { Runtime } from '../runtime.js';
import { withRuntime } from './common.js';

const USAGE = `usage: npm run tenant -- <command> [options]

  create --slug <slug> --name <name> --owner-email <email> --owner-password <pw>
         [--owner-first-name <n>] [--owner-last-name <n>] [--domain <host>]... [--max-users <n>]
  list
  inspect <slug>          tables, row counts and migration level of the tenant's schema
  deactivate <slug>
  activate <slug>
  drop <slug> --confirm <slug>   deletes the tenant and ALL its data
  export --slug <slug> --out <file>
                          the tenant record, every table's rows and its files as JSON lines
  import --file <file> --slug <new-slug> [--name <name>] [--without-domains]
                          restores a dump as a NEW tenant (refuses an existing slug and a dump
                          from a newer migration level; migrates an older one up)
`;

/** Progress on stderr: one line per table (rewritten in place on a terminal while it runs). */
function progressPrinter(): (p: TransferProgress) => void {
  const tty = process.stderr.isTTY;
  return (p) => {
    if (p.step === 'table') {
      const line = `  ${p.table.padEnd(28)} ${String(p.rows).padStart(9)} / ${p.total} rows`;
      if (p.rows < p.total) {
        if (tty) process.stderr.write(`\r${line}`);
      } else process.stderr.write(`${tty ? '\r' : ''}${line}\n`);
    } else if (p.step === 'blobs') process.stderr.write(`  ${'files'.padEnd(28)} ${String(p.count).padStart(9)}\n`);
    else process.stderr.write(`  migrations applied after restoring: ${p.applied.join(', ') || 'none'}\n`);
  };
}

/** "3 tables, 120 rows, 2 file(s)": what an export or an import moved. */
function moved(r: { tables: readonly { rows: number }[]; blobs: number }): string {
  const rows = r.tables.reduce((n, t) => n + t.rows, 0);
  return `${r.tables.length} tables, ${rows} rows, ${r.blobs} file(s)`;
}

const secondsSince = (started: number): string => `${((Date.now() - started) / 1000).toFixed(2)}s`;

/** A command refused before it touched anything (exit code 2), with the reason on stderr. */
function refuse(reason: string): number {
  console.error(reason);
  return 2;
}

async function record(runtime: Runtime, slug: string | undefined) {
  const t = slug ? await runtime.registry.bySlug(slug) : undefined;
  if (!t) throw new AppError('NOT_FOUND', `no tenant "${slug ?? ''}"`);
  return t;
}

async function run(runtime: Runtime, argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      slug: { type: 'string' },
      name: { type: 'string' },
      'owner-email': { type: 'string' },
      'owner-password': { type: 'string' },
      'owner-first-name': { type: 'string', default: 'Owner' },
      'owner-last-name': { type: 'string', default: 'Admin' },
      domain: { type: 'string', multiple: true },
      'max-users': { type: 'string' },
      confirm: { type: 'string' },
      out: { type: 'string' },
      file: { type: 'string' },
      'without-domains': { type: 'boolean', default: false },
    },
  });
  const [command, arg] = positionals;
  switch (command) {
    case 'create': {
      const t = await tenantCreate({
        runtime,
        viewer: null,
        input: {
          slug: values.slug,
          name: values.name,
          domains: values.domain ?? [],
          maxUsers: values['max-users'] ? Number(values['max-users']) : undefined,
          owner: {
            email: values['owner-email'],
            password: values['owner-password'],
            firstName: values['owner-first-name'],
            lastName: values['owner-last-name'],
          },
        },
      });
      console.log(`created tenant ${t.slug} (${t.schemaName}), id ${t.id}; owner ${values['owner-email']}`);
      return 0;
    }
    case 'list': {
      const all = await runtime.registry.list();
      for (const t of all) {
        console.log(
          `${t.slug.padEnd(24)} ${t.isActive ? 'active  ' : 'inactive'} ${t.subscriptionStatus.padEnd(9)} ${t.name}${t.domains.length ? `  [${t.domains.join(', ')}]` : ''}`,
        );
      }
      console.log(`${all.length} tenant(s)`);
      return 0;
    }
    case 'inspect': {
      const t = await record(runtime, arg);
      const level = await schemaLevel(runtime.database.orm, t.schemaName);
      console.log(`${t.slug}: ${t.name}\n  id ${t.id}\n  schema ${t.schemaName}, migration level ${level ?? 'none'}`);
      console.log(
        `  active ${t.isActive}, ${t.subscriptionStatus}, max users ${t.maxUsers}, domains ${t.domains.join(', ') || '-'}`,
      );
      const tables = await runtime.database.rows<{ table_name: string }>(
        "select table_name from information_schema.tables where table_schema = $1 and table_type = 'BASE TABLE' order by 1",
        [t.schemaName],
      );
      for (const { table_name } of tables) {
        const res = (await runtime.database.orm.execute(
          sql.raw(`select count(*)::int as n from "${t.schemaName}"."${table_name}"`),
        )) as unknown as {
          rows: { n: number }[];
        };
        console.log(`  ${table_name.padEnd(28)} ${res.rows[0]?.n ?? 0}`);
      }
      return 0;
    }
    case 'deactivate':
    case 'activate': {
      const t = await record(runtime, arg);
      await tenantSetActive({ runtime, viewer: null, id: t.id, isActive: command === 'activate' });
      console.log(`${t.slug}: ${command}d`);
      return 0;
    }
    case 'drop': {
      const t = await record(runtime, arg);
      if (values.confirm !== t.slug) return refuse(`refusing to drop ${t.slug}: repeat the slug with --confirm ${t.slug}`);
      await tenantDrop({ runtime, slug: t.slug });
      console.log(`dropped tenant ${t.slug} and schema ${t.schemaName}`);
      return 0;
    }
    case 'export': {
      if (!values.slug || !values.out) return refuse('usage: npm run tenant -- export --slug <slug> --out <file>');
      const started = Date.now();
      const r = await tenantExport({ runtime, slug: values.slug, file: values.out, onProgress: progressPrinter() });
      console.log(`exported ${r.slug} at migration ${r.level}: ${moved(r)} to ${r.file} in ${secondsSince(started)}`);
      if (r.missingBlobs) console.error(`warning: ${r.missingBlobs} profile picture(s) were missing from the file store`);
      return 0;
    }
    case 'import': {
      if (!values.file || !values.slug)
        return refuse('usage: npm run tenant -- import --file <file> --slug <new-slug> [--name <name>] [--without-domains]');
      const started = Date.now();
      const r = await tenantImport({
        runtime,
        file: values.file,
        slug: values.slug,
        name: values.name,
        withoutDomains: values['without-domains'],
        onProgress: progressPrinter(),
      });
      console.log(
        `imported ${r.tenant.slug} (${r.tenant.schemaName}), id ${r.tenant.id}, from migration ${r.level}: ${moved(r)} in ${secondsSince(started)}`,
      );
      return 0;
    }
    default:
      console.error(USAGE);
      return command ? 2 : 0;
  }
}

await withRuntime(async (runtime) => {
  try {
    return await run(runtime, process.argv.slice(2));
  } catch (err) {
    if (err instanceof AppError) {
      const fields = (err.extensions.fields as { path: string; message: string }[] | undefined) ?? [];
      console.error(`${err.code}: ${err.message}`);
      for (const f of fields) console.error(`  ${f.path.replace(/^input\./, '')}: ${f.message}`);
      return 1;
    }
    throw err;
  }
});
