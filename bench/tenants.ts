// npm run bench:tenants: provisions many tenants on PostgreSQL (in a fresh database of its own),
// reports provisioning median and p95, then times the no-op `npm run migrate` over all of them.
// Settings: DATABASE_URL (required), BENCH_TENANTS (1000), BENCH_CONCURRENCY (4), BENCH_KEEP_DB=1.
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { loadConfig } from '../src/config.js';
import { latestTag, migrateAllTenants } from '../src/db/migrator.js';
import { tenantCreate } from '../src/modules/platform/index.js';
import { closeRuntime, openRuntime } from '../src/server.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
const round = (n: number) => Math.round(n * 10) / 10;

async function main(): Promise<void> {
  const baseUrl = process.env.DATABASE_URL;
  if (!baseUrl) throw new Error('DATABASE_URL is required (PostgreSQL); the bench creates a database of its own there');
  const count = Number(process.env.BENCH_TENANTS ?? 1000);
  const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 4);
  const dbName = `leopard_bench_tenants_${Date.now()}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`create database ${dbName}`);
  const url = new URL(baseUrl);
  url.pathname = `/${dbName}`;
  const env = { ...process.env, DATABASE_URL: url.toString(), NODE_ENV: 'test', LOG_LEVEL: 'silent' } as Record<string, string>;
  const config = loadConfig(env);

  try {
    const runtime = await openRuntime(config);
    const durations: number[] = [];
    let next = 0;
    const started = Date.now();
    try {
      const worker = async () => {
        for (let i = next++; i < count; i = next++) {
          const slug = `bench-${String(i).padStart(5, '0')}`;
          const t0 = performance.now();
          await tenantCreate({
            runtime,
            viewer: null,
            input: {
              slug,
              name: `Bench ${i}`,
              domains: [],
              owner: { email: `owner@${slug}.test`, password: 'owner-pass-1', firstName: 'Owner', lastName: 'Bench' },
            },
          });
          durations.push(performance.now() - t0);
          if ((i + 1) % 100 === 0) process.stderr.write(`  ${i + 1}/${count} tenants\n`);
        }
      };
      await Promise.all(Array.from({ length: concurrency }, worker));
    } finally {
      await closeRuntime(runtime);
    }
    const provisionSeconds = (Date.now() - started) / 1000;
    const sorted = [...durations].sort((a, b) => a - b);

    // The no-op migrate, as an operator runs it (a fresh process), and the tenant pass alone.
    // Output goes to a file: the CLI exits with process.exit, which can drop a pipe's unflushed tail.
    const outFile = join(tmpdir(), `leopard-bench-migrate-${process.pid}.log`);
    const out = openSync(outFile, 'w');
    const t1 = performance.now();
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/cli/migrate.ts')], {
        env,
        cwd: root,
        stdio: ['ignore', out, out],
      });
      child.on('error', reject);
      child.on('exit', resolve);
    });
    const migrateCliSeconds = (performance.now() - t1) / 1000;
    closeSync(out);
    const cliOut = readFileSync(outFile, 'utf8');
    rmSync(outFile, { force: true });
    if (code !== 0) throw new Error(`migrate exited with ${code}: ${cliOut.slice(-2000)}`);
    const summary = cliOut.trim().split('\n').at(-1) ?? '';
    if (!new RegExp(`tenants: ${count} checked, 0 migrated, ${count} up to date, 0 failed`).test(summary)) {
      throw new Error(`migrate was not a no-op: ${summary}`);
    }
    const { openDatabase } = await import('../src/db/database.js');
    const database = await openDatabase({
      databaseUrl: env.DATABASE_URL,
      dataDir: '.data',
      poolMax: 2,
      poolMaxLifetimeSeconds: 0,
    });
    const t2 = performance.now();
    const reports = await migrateAllTenants(database);
    const migrateInProcessSeconds = (performance.now() - t2) / 1000;
    await database.close();
    if (reports.some((r) => r.status !== 'up-to-date')) throw new Error('a tenant was not up to date');

    const report = {
      at: new Date().toISOString(),
      machine: `${cpus().length} CPU (${cpus()[0]?.model ?? '?'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
      postgres: (await admin.query<{ v: string }>('select version() as v')).rows[0]!.v.split(' on ')[0]!,
      settings: { tenants: count, concurrency, argon2: config.argon2, migrationTarget: latestTag('tenant') },
      provisioning: {
        medianMs: round(percentile(sorted, 50)),
        p95Ms: round(percentile(sorted, 95)),
        maxMs: round(sorted.at(-1) ?? 0),
        totalSeconds: round(provisionSeconds),
        tenantsPerSecond: round(count / provisionSeconds),
      },
      noopMigrate: { cliSeconds: round(migrateCliSeconds), tenantPassSeconds: round(migrateInProcessSeconds), summary },
    };
    const dir = join(root, 'bench', 'results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'tenants.json'), `${JSON.stringify(report, null, 2)}\n`);
    const ok = (v: boolean) => (v ? 'met' : 'NOT met');
    const md = [
      '# Tenant scale benchmark',
      '',
      `${report.at} · ${report.machine} · ${report.postgres}`,
      '',
      `Settings: tenants=${count}, concurrency=${concurrency}, argon2 memory=${config.argon2.memoryCost} KiB time=${config.argon2.timeCost}, migrations up to ${report.settings.migrationTarget}`,
      '',
      'Provisioning is `tenantCreate` end to end: checks, owner password hash, one transaction (tenant row, schema, all tenant migrations, owner), registry refresh.',
      '',
      '| measure | value |',
      '| ------- | ----: |',
      `| provisioning median | ${report.provisioning.medianMs} ms |`,
      `| provisioning p95 | ${report.provisioning.p95Ms} ms |`,
      `| provisioning max | ${report.provisioning.maxMs} ms |`,
      `| ${count} tenants provisioned in | ${report.provisioning.totalSeconds} s (${report.provisioning.tenantsPerSecond}/s) |`,
      `| no-op \`npm run migrate\` (fresh process) | ${report.noopMigrate.cliSeconds} s |`,
      `| no-op tenant pass alone (\`migrateAllTenants\`) | ${report.noopMigrate.tenantPassSeconds} s |`,
      '',
      `Targets: provisioning median < 1 s: ${ok(report.provisioning.medianMs < 1000)}; no-op migrate over all < 30 s: ${ok(report.noopMigrate.cliSeconds < 30)}.`,
      '',
    ].join('\n');
    writeFileSync(join(dir, 'tenants.md'), md);
    console.log(md);
  } finally {
    if (!process.env.BENCH_KEEP_DB) await admin.query(`drop database if exists ${dbName} with (force)`);
    else console.log(`kept database ${dbName}`);
    await admin.end();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
