// Side by side with PostGraphile v5 on the bench:load tenant: our production build and PostGraphile
// (Amber preset, bench/peer/) each in a child process, autocannon in a third, rounds alternating
// ours/peer; plus PostgreSQL's own ceiling for the same rows (pgbench). Writes bench/results/peer.*.
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/leopard_bench npm run bench:peer
//   env: BENCH_CONNECTIONS=32  BENCH_SECONDS=10 (per run)  BENCH_WARMUP=2  BENCH_PAIRS=3
//        BENCH_CLIENTS=50000  BENCH_SCENARIOS=plain,jwt,consultant,ceiling  DB_POOL_MAX=20 (both servers)
//        BENCH_SKIP_BUILD=1 (reuse dist/ as it is)
import { fork } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { format, resolveConfig } from 'prettier';
import type { RunningServer } from '../src/server.js';
import type { DriverJob, DriverResult } from './load-driver.js';
import { BENCH_PLATFORM, benchServerEnv, gqlFor, prepareTenant, type LoadTenant } from './load-data.js';
import { ceilingSql, runPgbench } from './peer/ceiling.js';
import { runCommand, startChild, type Child } from './peer/children.js';
import {
  markdown,
  median,
  medianOf,
  pairOf,
  round2,
  type Pair,
  type PeerReport,
  type ScenarioReport,
  type Side,
} from './peer/report.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const log = (m: string) => console.log(`[bench:peer] ${m}`);

const DATABASE_URL = process.env.DATABASE_URL ?? '';
if (!DATABASE_URL) {
  console.error('bench:peer needs PostgreSQL: set DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/leopard_bench).');
  process.exit(1);
}
// Three processes and a database on one machine, compared with each other: a remote database would
// measure the network instead.
if (!['127.0.0.1', 'localhost', '[::1]'].includes(new URL(DATABASE_URL).hostname)) {
  console.error(`bench:peer runs on loopback only; DATABASE_URL points at ${new URL(DATABASE_URL).hostname}.`);
  process.exit(1);
}
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 2);
const PAIRS = Number(process.env.BENCH_PAIRS ?? 3);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 50_000);
const POOL_MAX = Number(process.env.DB_POOL_MAX ?? 20);
const ONLY = (process.env.BENCH_SCENARIOS ?? 'plain,jwt,consultant,ceiling').split(',').map((s) => s.trim());
// The same platform admin as bench:load, so either bench can build the tenant the other reuses.
const JWT = { issuer: 'leopard-graphql', audience: 'leopard-api' };
const LOAD_AT_START = round2(loadavg()[0]!);

const OURS_LIST =
  'query List { clients(first: 25) { nodes { id firstName lastName email stage createdAt branch { id name } assignedTo { id email } } } }';
const peerList = (condition: string) =>
  `query List { allClients(first: 25, orderBy: [CREATED_AT_DESC, ROW_ID_DESC], condition: ${condition}) ` +
  '{ nodes { rowId firstName lastName email stage createdAt branchByBranchId { rowId name } userByAssignedToId { rowId email } } } }';

// ---- processes ---------------------------------------------------------------------------------

async function ensurePeerInstalled() {
  if (existsSync(join(here, 'peer', 'node_modules', 'postgraphile'))) return;
  // PostGraphile declares node >= 22; bench/peer/server.mjs polyfills the one API it needs on 20.
  log('installing PostGraphile into bench/peer (first run only)…');
  await runCommand('npm', ['install', '--prefix', 'bench/peer', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: root,
    timeoutMs: 600_000,
  });
}

async function startOurs(): Promise<Child> {
  return startChild({
    name: 'our server',
    cwd: root,
    args: ['dist/src/main.js'],
    env: {
      PATH: process.env.PATH,
      ...(await benchServerEnv()),
      DATABASE_URL,
      DB_POOL_MAX: String(POOL_MAX),
      JWT_ISSUER: JWT.issuer,
      JWT_AUDIENCE: JWT.audience,
    },
  });
}

function startPeer(mode: 'plain' | 'jwt', t: LoadTenant, ours: Child): Promise<Child> {
  return startChild({
    name: `PostGraphile (${mode})`,
    cwd: root,
    args: ['bench/peer/server.mjs'],
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      DATABASE_URL,
      PEER_SCHEMA: t.schemaName,
      PEER_MODE: mode,
      PEER_POOL_MAX: String(POOL_MAX),
      PEER_JWKS_URL: `${ours.url}/.well-known/jwks.json`,
      PEER_TENANT: t.slug,
      PEER_ISSUER: JWT.issuer,
      PEER_AUDIENCE: JWT.audience,
    },
  });
}

function drive(job: DriverJob): Promise<DriverResult> {
  return new Promise((resolve, reject) => {
    const child = fork(join(here, 'load-driver.ts'), [], { execArgv: ['--import', 'tsx'] });
    let result: DriverResult | undefined;
    const timer = setTimeout(() => child.kill('SIGKILL'), (job.warmupSeconds + job.durationSeconds + 60) * 1000);
    child.on('message', (m: DriverResult) => (result = m));
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (result) resolve(result);
      else reject(new Error(`load driver exited with ${code}`));
    });
    child.send(job);
  });
}

// ---- the same rows on both sides -----------------------------------------------------------------

interface ListRow {
  id: string;
  firstName: string;
  lastName: string;
  email: string;
  stage: string;
  createdAt: number;
  branch: [string, string];
  assignee: [string, string] | null;
}

type Json = Record<string, unknown>;

async function post(url: string, headers: Record<string, string>, body: string): Promise<Json> {
  const res = await fetch(`${url}/graphql`, { method: 'POST', headers, body });
  const json = (await res.json()) as { data?: Json; errors?: unknown[] };
  if (!res.ok || json.errors?.length) throw new Error(`${url}: HTTP ${res.status} ${JSON.stringify(json.errors ?? json)}`);
  return json.data!;
}

const time = (v: unknown) => new Date(String(v)).getTime();
const pairOfRef = (o: unknown, id: string, name: string): [string, string] | null =>
  o ? [String((o as Json)[id]), String((o as Json)[name])] : null;

function oursRows(data: Json): ListRow[] {
  return ((data.clients as Json).nodes as Json[]).map((n) => ({
    id: String(n.id),
    firstName: String(n.firstName),
    lastName: String(n.lastName),
    email: String(n.email),
    stage: String(n.stage),
    createdAt: time(n.createdAt),
    branch: pairOfRef(n.branch, 'id', 'name')!,
    assignee: pairOfRef(n.assignedTo, 'id', 'email'),
  }));
}

function peerRows(data: Json): ListRow[] {
  return ((data.allClients as Json).nodes as Json[]).map((n) => ({
    id: String(n.rowId),
    firstName: String(n.firstName),
    lastName: String(n.lastName),
    email: String(n.email),
    stage: String(n.stage),
    createdAt: time(n.createdAt),
    branch: pairOfRef(n.branchByBranchId, 'rowId', 'name')!,
    assignee: pairOfRef(n.userByAssignedToId, 'rowId', 'email'),
  }));
}

function assertSameRows(what: string, a: ListRow[], b: ListRow[]) {
  if (a.length !== 25) throw new Error(`${what}: ours returned ${a.length} rows, not 25`);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (JSON.stringify(a[i]) !== JSON.stringify(b[i])) {
      throw new Error(`${what}: the sides differ at row ${i}:\n  ours ${JSON.stringify(a[i])}\n  peer ${JSON.stringify(b[i])}`);
    }
  }
  log(`${what}: same 25 rows on both sides (first ${a[0]!.id}, last ${a[24]!.id})`);
}

// ---- scenarios -----------------------------------------------------------------------------------

interface Scenario {
  key: string;
  title: string;
  peerMode: 'plain' | 'jwt';
  oursViewer: string;
  oursToken: string;
  peerSetup: string;
  peerQuery: string;
  peerToken: string | null;
  note: string;
}

function scenarios(t: LoadTenant): Scenario[] {
  const consultant = t.users.find((u) => u.key === 'CONSULTANT1@B11');
  if (!consultant) throw new Error('the bench tenant has no CONSULTANT1@B11');
  const branchId = t.branches[consultant.branchKey];
  const all = peerList('{deletedAt: null}');
  return [
    {
      key: 'plain',
      title: 'SUPER_ADMIN list vs plain PostGraphile',
      peerMode: 'plain',
      oursViewer: 'SUPER_ADMIN, whole tenant',
      oursToken: t.owner.token,
      peerSetup: 'no authentication, no pgSettings',
      peerQuery: all,
      peerToken: null,
      note: '',
    },
    {
      key: 'jwt',
      title: 'SUPER_ADMIN list vs PostGraphile with JWT + pgSettings',
      peerMode: 'jwt',
      oursViewer: 'SUPER_ADMIN, whole tenant',
      oursToken: t.owner.token,
      peerSetup: 'our token verified against our JWKS with jose on every request, its claims as pgSettings',
      peerQuery: all,
      peerToken: t.owner.token,
      note:
        'PostGraphile sets pgSettings with set_config inside a transaction of its own per request (begin, ' +
        'set_config, the query, commit), as JWT + row-level-security deployments run.',
    },
    {
      key: 'consultant',
      title: 'Consultant list vs PostGraphile with JWT + pgSettings',
      peerMode: 'jwt',
      oursViewer: `CONSULTANT of branch ${consultant.branchKey}, scoped by the server`,
      oursToken: consultant.token,
      peerSetup: "the consultant's token verified with jose, its claims as pgSettings",
      peerQuery: peerList(`{deletedAt: null, branchId: "${branchId}"}`),
      peerToken: consultant.token,
      note:
        'PostGraphile applies no branch scope: nothing in it turns the token into a filter (that would take ' +
        'row-level-security policies on every table). To return the same rows, and so do the same work in SQL, its ' +
        "query names the consultant's branch in `condition` — a filter the caller chose, not a permission.",
    },
  ];
}

const headers = (slug: string | null, token: string | null): Record<string, string> => ({
  'content-type': 'application/json',
  ...(slug ? { 'x-tenant': slug } : {}),
  ...(token ? { authorization: `Bearer ${token}` } : {}),
});

const sideOf = (r: DriverResult): Side => ({
  requests: r.requests,
  rps: round2(r.rps),
  p50: round2(r.p50),
  p95: round2(r.p95),
  p99: round2(r.p99),
  max: round2(r.max),
  errors: r.non2xx + r.gqlErrors + r.socketErrors + r.timeouts,
});

async function measure(name: string, url: string, hdrs: Record<string, string>, body: string): Promise<Side> {
  const r = await drive({
    url,
    connections: CONNECTIONS,
    durationSeconds: SECONDS,
    warmupSeconds: WARMUP,
    headers: hdrs,
    bodies: [body],
  });
  const side = sideOf(r);
  log(`  ${name}: ${side.rps.toFixed(0)} req/s, p50 ${side.p50} ms, p99 ${side.p99} ms`);
  // A fast error is not a fast answer: a run with any failed response measures nothing.
  if (side.errors) throw new Error(`${name}: ${side.errors} failed responses (${r.firstError ?? 'non-2xx or socket errors'})`);
  return side;
}

async function runScenario(s: Scenario, t: LoadTenant, ours: Child, peer: Child): Promise<ScenarioReport> {
  const oursHeaders = headers(t.slug, s.oursToken);
  const peerHeaders = headers(null, s.peerToken);
  const oursBody = JSON.stringify({ query: OURS_LIST });
  const peerBody = JSON.stringify({ query: s.peerQuery });
  assertSameRows(
    s.key,
    oursRows(await post(ours.url, oursHeaders, oursBody)),
    peerRows(await post(peer.url, peerHeaders, peerBody)),
  );
  const pairs: Pair[] = [];
  for (let i = 1; i <= PAIRS; i++) {
    log(`${s.key}, pair ${i}/${PAIRS}: ${WARMUP} s warm-up + ${SECONDS} s each at ${CONNECTIONS} connections`);
    const o = await measure('ours', ours.url, oursHeaders, oursBody);
    const p = await measure('peer', peer.url, peerHeaders, peerBody);
    pairs.push(pairOf(i, o, p));
    log(`  ratio ours/peer: req/s ${pairs.at(-1)!.rpsRatio}, p99 ${pairs.at(-1)!.p99Ratio}`);
  }
  return {
    key: s.key,
    title: s.title,
    ours: { viewer: s.oursViewer, query: OURS_LIST },
    peer: { setup: s.peerSetup, query: s.peerQuery },
    note: s.note,
    pairs,
    median: medianOf(pairs),
  };
}

async function runCeiling(db: pg.Pool, t: LoadTenant, ours: Child): Promise<NonNullable<PeerReport['ceiling']>> {
  const sql = ceilingSql(t.schemaName, '$1');
  const { rows } = await db.query({ text: sql, values: [25] });
  const ceilingRows: ListRow[] = rows.map((r: Json) => ({
    id: String(r.id),
    firstName: String(r.first_name),
    lastName: String(r.last_name),
    email: String(r.email),
    stage: String(r.stage),
    createdAt: (r.created_at as Date).getTime(),
    branch: [String(r.branch_id), String(r.branch_name)],
    assignee: r.assignee_id ? [String(r.assignee_id), String(r.assignee_email)] : null,
  }));
  assertSameRows(
    'ceiling',
    oursRows(await post(ours.url, headers(t.slug, t.owner.token), JSON.stringify({ query: OURS_LIST }))),
    ceilingRows,
  );
  const threads = Math.min(CONNECTIONS, cpus().length);
  const run = (seconds: number) =>
    runPgbench({ databaseUrl: DATABASE_URL, schemaName: t.schemaName, connections: CONNECTIONS, threads, seconds, cwd: root });
  // The warm-up only fills caches: under load, opening 32 connections can outlast a 1 s run, which
  // then reports no transactions at all. A real failure shows again in the measured rounds.
  if (WARMUP > 0) await run(Math.max(WARMUP, 2)).catch(() => undefined);
  const rounds = [];
  for (let i = 1; i <= PAIRS; i++) {
    const r = await run(SECONDS);
    if (r.failed) throw new Error(`pgbench: ${r.failed} failed transactions`);
    log(`ceiling, round ${i}/${PAIRS}: ${r.tps.toFixed(0)} tps, p50 ${round2(r.p50)} ms, p99 ${round2(r.p99)} ms`);
    rounds.push(r);
  }
  return {
    sql: ceilingSql(t.schemaName, '25'),
    threads,
    rounds: rounds.map((r) => ({ ...r, tps: round2(r.tps), p50: round2(r.p50), p99: round2(r.p99) })),
    median: {
      tps: round2(median(rounds.map((r) => r.tps))),
      p50: round2(median(rounds.map((r) => r.p50))),
      p99: round2(median(rounds.map((r) => r.p99))),
    },
    ratios: [],
  };
}

// ---- main --------------------------------------------------------------------------------------

async function machine(db: pg.Pool): Promise<PeerReport['machine']> {
  const { rows } = await db.query<{ v: string }>('select current_setting($1) as v', ['server_version']);
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const pkg = JSON.parse(readFileSync(join(here, 'peer', 'node_modules', 'postgraphile', 'package.json'), 'utf8')) as {
    version: string;
  };
  return {
    cpu: /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? cpus()[0]?.model ?? 'unknown',
    cores: cpuinfo.match(/^processor\s*:/gm)?.length ?? cpus().length,
    ramGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    postgres: rows[0]?.v ?? 'unknown',
    postgraphile: pkg.version,
    platform: `${process.platform} ${process.arch}`,
    loadAverage: { start: LOAD_AT_START, end: round2(loadavg()[0]!) },
  };
}

async function writePretty(path: string, text: string) {
  // Formatted as the repository's prettier would, so `prettier --check` passes on the committed report.
  writeFileSync(path, await format(text, { ...(await resolveConfig(path)), filepath: path }));
}

async function main() {
  await ensurePeerInstalled();
  if (process.env.BENCH_SKIP_BUILD !== '1') {
    log('building the production bundle (npm run build)…');
    await runCommand('npm', ['run', 'build', '--silent'], { cwd: root, timeoutMs: 300_000 });
  }
  const ours = await startOurs();
  log(`our server on ${ours.url}`);
  const db = new pg.Pool({ connectionString: DATABASE_URL, max: 2, application_name: 'bench-peer-setup' });
  let peer: Child | null = null;
  try {
    const server = { url: ours.url } as RunningServer; // prepareTenant only talks to it over HTTP
    const tenant = await prepareTenant({ server, db, gql: gqlFor(server), platform: BENCH_PLATFORM, clients: CLIENTS, log });
    log(`tenant ${tenant.slug}: ${tenant.clientCount.toLocaleString('en')} live clients`);

    const results: ScenarioReport[] = [];
    for (const mode of ['plain', 'jwt'] as const) {
      const list = scenarios(tenant).filter((s) => s.peerMode === mode && ONLY.includes(s.key));
      if (!list.length) continue;
      peer = await startPeer(mode, tenant, ours);
      log(`PostGraphile (${mode}) on ${peer.url}`);
      for (const s of list) results.push(await runScenario(s, tenant, ours, peer));
      await peer.stop();
      peer = null;
    }
    const ceiling = ONLY.includes('ceiling') ? await runCeiling(db, tenant, ours) : null;
    if (ceiling) {
      ceiling.ratios = results.flatMap((s) =>
        (['ours', 'peer'] as const).map((side) => ({
          key: s.key,
          side,
          rps: s.median[side].rps,
          ratio: Math.round((s.median[side].rps / ceiling.median.tps) * 1000) / 1000,
        })),
      );
    }

    const report: PeerReport = {
      date: new Date().toISOString(),
      machine: await machine(db),
      settings: {
        connections: CONNECTIONS,
        durationSeconds: SECONDS,
        warmupSeconds: WARMUP,
        pairs: PAIRS,
        poolMax: POOL_MAX,
        ours: 'node dist/src/main.js, NODE_ENV=production, rate limits off, events processor on',
        peer: 'PostGraphile v5 Amber preset, PgIndexBehaviorsPlugin disabled, grafserv on node:http, NODE_ENV=production',
        driver: 'autocannon in a child process (bench/load-driver.ts)',
      },
      tenant: { slug: tenant.slug, schemaName: tenant.schemaName, clients: tenant.clientCount, reused: tenant.reused },
      scenarios: results,
      ceiling,
    };
    const dir = join(here, 'results');
    mkdirSync(dir, { recursive: true });
    await writePretty(join(dir, 'peer.json'), JSON.stringify(report, null, 2));
    await writePretty(join(dir, 'peer.md'), markdown(report));
    console.log(`\n${readFileSync(join(dir, 'peer.md'), 'utf8')}`);
    log('report written to bench/results/peer.md and peer.json');
  } finally {
    await peer?.stop();
    await ours.stop();
    await db.end();
  }
}

await main();
