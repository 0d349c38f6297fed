// PostgreSQL's ceiling for the list: the same 25 rows as ONE prepared statement with two left joins,
// run by pgbench at the bench's concurrency. Latency percentiles come from pgbench's per-transaction
// log (-l), since its summary reports only the mean.
// Imports node built-ins only: a package import here would resolve into bench/peer/node_modules.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand } from './children.js';

export interface CeilingResult {
  transactions: number;
  seconds: number;
  tps: number;
  p50: number;
  p99: number;
  failed: number;
}

/** The statement: the columns both GraphQL lists return, in their order and page size. */
export function ceilingSql(schemaName: string, limit: string): string {
  const q = (t: string) => `"${schemaName}".${t}`;
  return [
    'select c.id, c.first_name, c.last_name, c.email, c.stage, c.created_at, b.id as branch_id, b.name as branch_name,',
    '       u.id as assignee_id, u.email as assignee_email',
    `  from ${q('clients')} c`,
    `  left join ${q('branches')} b on b.id = c.branch_id`,
    `  left join ${q('users')} u on u.id = c.assigned_to_id`,
    ' where c.deleted_at is null',
    ' order by c.created_at desc, c.id desc',
    ` limit ${limit}`,
  ].join('\n');
}

const pct = (sorted: Float64Array, p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : 0;

/**
 * One pgbench run. The page size is a pgbench variable, so under -M prepared the statement is
 * prepared once per connection with one parameter, like a driver's prepared statement.
 */
export async function runPgbench(a: {
  databaseUrl: string;
  schemaName: string;
  connections: number;
  threads: number;
  seconds: number;
  cwd: string;
}): Promise<CeilingResult> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-peer-pgbench-'));
  try {
    const script = join(dir, 'list.sql');
    // pgbench reads one SQL command per line unless it ends in a semicolon; keep it on one line.
    writeFileSync(script, `\\set n 25\n${ceilingSql(a.schemaName, ':n').replace(/\s*\n\s*/g, ' ')};\n`);
    const args = ['-n', '-M', 'prepared', '-c', String(a.connections), '-j', String(a.threads), '-T', String(a.seconds)];
    const { stdout } = await runCommand(
      'pgbench',
      [...args, '-f', script, '-l', '--log-prefix', join(dir, 'tx'), a.databaseUrl],
      { cwd: a.cwd, timeoutMs: (a.seconds + 60) * 1000, quiet: true },
    );
    const num = (re: RegExp) => Number(re.exec(stdout)?.[1] ?? NaN);
    const tps = num(/tps = ([\d.]+) \(without initial connection time\)/);
    const transactions = num(/number of transactions actually processed: (\d+)/);
    const failed = num(/number of failed transactions: (\d+)/) || 0;
    if (!Number.isFinite(tps)) throw new Error(`pgbench printed no tps:\n${stdout}`);
    // Log lines: client_id transaction_no latency_us script_no epoch_s epoch_us.
    const latencies: number[] = [];
    for (const f of readdirSync(dir).filter((n) => n.startsWith('tx'))) {
      for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) {
        const us = Number(line.split(' ')[2]);
        if (line && Number.isFinite(us)) latencies.push(us / 1000);
      }
    }
    const sorted = Float64Array.from(latencies).sort();
    return { transactions, seconds: a.seconds, tps, p50: pct(sorted, 50), p99: pct(sorted, 99), failed };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
