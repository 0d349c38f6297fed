// Load benchmark: throughput and latency of the hot GraphQL operations against one tenant of 50,000
// clients, with autocannon (32 connections) in a separate process and the server in this one
// (startServer, the production code path, events processor on). The client list is compared with
// its floor: the same SQL statements, with the same parameters, run straight through `pg` at the
// same concurrency. PostgreSQL only (DATABASE_URL): the embedded database is not what production runs.
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/leopard_bench npm run bench:load
//   env: BENCH_CONNECTIONS=32  BENCH_DURATION=10 (s per scenario)  BENCH_WARMUP=2 (s)
//        BENCH_CLIENTS=50000  BENCH_SCENARIOS=list-consultant,list-super-admin,search,global-search,detail,create,login
//        DB_POOL_MAX (the server's pool; default of the server's config)
import { fork } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { loadConfig } from '../src/config.js';
import { startServer, type RunningServer } from '../src/server.js';
import type { DriverJob, DriverResult } from './load-driver.js';
import { BENCH_PLATFORM, benchServerEnv, gqlFor, prepareTenant, USER_PASSWORD, type LoadTenant } from './load-data.js';

const here = dirname(fileURLToPath(import.meta.url));
const log = (m: string) => console.log(`[bench:load] ${m}`);

if (!process.env.DATABASE_URL) {
  console.error(
    'bench:load needs PostgreSQL: set DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/leopard_bench).\n' +
      'It does not run against the embedded PGlite database: its figures would say nothing about production.',
  );
  process.exit(1);
}
const DATABASE_URL = process.env.DATABASE_URL;
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 2);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 50_000);
const LOAD_AT_START = Math.round(loadavg()[0]! * 100) / 100;
const BUDGET = { p95Ms: 50, rps: 500 };

const NODES = 'nodes { id firstName lastName branch { id name } assignedTo { id email } }';
const LIST = `query List { clients(first: 25) { ${NODES} } }`;
const SEARCH = `query Search($s: String!) { clients(first: 25, filter: { search: $s }) { ${NODES} } }`;
const GLOBAL_SEARCH = `query GlobalSearch($s: String!) { search(text: $s, first: 20) { edges { score node { __typename
  ... on Client { id firstName lastName } ... on VisaApplication { id status } ... on CollegeApplication { id }
  ... on Task { id title } ... on Agent { id agentName } ... on Institute { id name } } } } }`;
const DETAIL = `query Detail($id: ID!) { client(id: $id) { id firstName lastName stage branch { id name } assignedTo { id email }
  passport { passportNo passportCountry dateOfExpiry expiresSoon }
  proficiencies { id overallScore testDate validUntil exam { id name } }
  qualifications { id course institute degree completionDate }
  employments { id employerName position startDate endDate }
  visaApplications { id status immigrationFee serviceFee visaType { id name } } } }`;
const CREATE = 'mutation Create($i: CreateClientInput!) { createClient(input: $i) { id } }';
const LOGIN = 'mutation Login($i: LoginInput!) { login(input: $i) { accessToken } }';
const SEARCH_TERMS = ['shres', 'gurung', 'patel', 'ann', 'priya tha', 'kim', 'joshi', 'mar'];

interface Scenario {
  key: string;
  title: string;
  viewer: string;
  budget: boolean;
  job: () => DriverJob;
}

const body = (query: string, variables: Record<string, unknown> = {}) => JSON.stringify({ query, variables });

function scenarios(server: RunningServer, t: LoadTenant): Scenario[] {
  const consultant = t.users.find((u) => u.key === 'CONSULTANT1@B11');
  if (!consultant) throw new Error('no CONSULTANT1@B11');
  const job = (token: string | null, bodies: string[]): DriverJob => ({
    url: server.url,
    connections: CONNECTIONS,
    durationSeconds: DURATION,
    warmupSeconds: WARMUP,
    headers: { 'content-type': 'application/json', 'x-tenant': t.slug, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    bodies,
  });
  const names = Array.from({ length: 500 }, (_, i) => ({ firstName: `Load${i}`, lastName: `Bench${i % 37}` }));
  return [
    {
      key: 'list-consultant',
      title: 'Client list (25), consultant',
      viewer: 'CONSULTANT (1 branch, ~12.5k clients in scope)',
      budget: true,
      job: () => job(consultant.token, [body(LIST)]),
    },
    {
      key: 'list-super-admin',
      title: 'Client list (25), super admin',
      viewer: `SUPER_ADMIN (whole tenant, ${t.clientCount.toLocaleString('en')} clients)`,
      budget: true,
      job: () => job(t.owner.token, [body(LIST)]),
    },
    {
      key: 'search',
      title: 'Client search (name fragment)',
      viewer: 'CONSULTANT',
      budget: false,
      job: () =>
        job(
          consultant.token,
          SEARCH_TERMS.map((s) => body(SEARCH, { s })),
        ),
    },
    {
      key: 'global-search',
      title: 'Global search (every kind, ranked)',
      viewer: 'CONSULTANT',
      budget: false,
      job: () =>
        job(
          consultant.token,
          SEARCH_TERMS.map((s) => body(GLOBAL_SEARCH, { s })),
        ),
    },
    {
      key: 'detail',
      title: 'Client detail + profile parts',
      viewer: 'CONSULTANT',
      budget: false,
      job: () => job(consultant.token, [body(DETAIL, { id: t.detailClientId })]),
    },
    {
      key: 'login',
      title: `login (argon2, ${t.users.length} users rotating)`,
      viewer: 'anonymous',
      budget: false,
      job: () =>
        job(
          null,
          t.users.map((u) => body(LOGIN, { i: { email: u.email, password: USER_PASSWORD } })),
        ),
    },
    {
      key: 'create',
      title: 'createClient',
      viewer: 'CONSULTANT',
      budget: false,
      job: () =>
        job(
          consultant.token,
          names.map((n) => body(CREATE, { i: { ...n, gender: 'OTHER', country: 'NP', phoneNumber: '+9779800000000' } })),
        ),
    },
  ];
}

function drive(job: DriverJob): Promise<DriverResult> {
  return new Promise((resolve, reject) => {
    const child = fork(join(here, 'load-driver.ts'), [], { execArgv: ['--import', 'tsx'] });
    let result: DriverResult | undefined;
    child.on('message', (m: DriverResult) => (result = m));
    child.on('error', reject);
    child.on('exit', (code) => (result ? resolve(result) : reject(new Error(`load driver exited with ${code}`))));
    child.send(job);
  });
}

// ---- the floor ---------------------------------------------------------------------------------

interface Statement {
  text: string;
  values: unknown[];
  observed: boolean;
}

/**
 * The SQL one request issues: `database.observe` gives the statement texts (drizzle's logger, no
 * parameters); a wrapper around pg's Client#query, for the duration of that one request, gives the
 * same statements with their parameters, and also those not issued through drizzle.
 */
async function captureSql(server: RunningServer, send: () => Promise<unknown>, schemaName: string): Promise<Statement[]> {
  const observed: string[] = [];
  const stop = server.runtime.database.observe((q) => observed.push(q));
  const seen: { text: string; values: unknown[] }[] = [];
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]) {
    const [a, b] = args;
    if (typeof a === 'string') seen.push({ text: a, values: Array.isArray(b) ? b : [] });
    else if (a && typeof a === 'object' && 'text' in a) {
      const cfg = a as { text: string; values?: unknown[] };
      seen.push({ text: cfg.text, values: Array.isArray(b) ? b : (cfg.values ?? []) });
    }
    return original.apply(this, args);
  };
  try {
    await send();
  } finally {
    proto.query = original;
    stop();
  }
  // Keep what the request issued: drizzle's statements (the event processor's own work, if any fell
  // in this window, does not go through the observed logger).
  void schemaName;
  return seen.filter((s) => observed.includes(s.text)).map((s) => ({ ...s, observed: true }));
}

/** SQL statements one request of the job sends (every statement, BEGIN and COMMIT included), once its session is cached. */
async function statementsPerRequest(server: RunningServer, job: DriverJob): Promise<number> {
  const send = () =>
    fetch(`${server.url}/graphql`, { method: 'POST', headers: job.headers, body: job.bodies.at(-1) }).then((r) => r.json());
  await send();
  let count = 0;
  const stop = server.runtime.database.observe(() => count++);
  try {
    await send();
  } finally {
    stop();
  }
  return count;
}

/** Deletes the clients the createClient scenario made, so the list's first page stays the bulk-loaded data. */
async function removeCreated(db: pg.Pool, t: LoadTenant, recount: boolean) {
  const { rowCount } = await db.query(
    `delete from "${t.schemaName}".clients where first_name like 'Load%' and last_name like 'Bench%' and phone_number = '+9779800000000'`,
  );
  if (rowCount) log(`removed ${rowCount} clients made by the createClient scenario`);
  if (recount) t.clientCount -= rowCount ?? 0;
}

/** Waits until the event processor has no backlog in the tenant (e.g. events of an earlier run's createClient). */
async function eventsIdle(db: pg.Pool, schemaName: string) {
  for (let i = 0; i < 120; i++) {
    const { rows } = await db.query<{ n: number }>(
      `select count(*)::int as n from "${schemaName}".events where status in ('PENDING', 'PROCESSING')`,
    );
    if (!rows[0]?.n) return;
    if (i === 0) log(`waiting for the event processor's backlog (${rows[0].n} events)…`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

async function runFloor(statements: Statement[], connections: number, seconds: number) {
  const pool = new pg.Pool({ connectionString: DATABASE_URL, max: connections, application_name: 'bench-load-floor' });
  const clients = await Promise.all(Array.from({ length: connections }, () => pool.connect()));
  const loop = async (until: number, lat: number[] | null) => {
    await Promise.all(
      clients.map(async (c) => {
        while (performance.now() < until) {
          const t0 = performance.now();
          // Named, as the server runs its compiled statements: parsed and planned once per connection.
          for (const [i, s] of statements.entries())
            await c.query({ name: `floor${i}`, text: s.text, values: s.values, rowMode: 'array' });
          lat?.push(performance.now() - t0);
        }
      }),
    );
  };
  await loop(performance.now() + WARMUP * 1000, null);
  const lat: number[] = [];
  const started = performance.now();
  await loop(started + seconds * 1000, lat);
  const elapsed = (performance.now() - started) / 1000;
  clients.forEach((c) => c.release());
  await pool.end();
  lat.sort((a, b) => a - b);
  const pct = (p: number) => lat[Math.min(lat.length - 1, Math.ceil((p / 100) * lat.length) - 1)] ?? 0;
  return { requests: lat.length, seconds: elapsed, rps: lat.length / elapsed, p50: pct(50), p95: pct(95), p99: pct(99) };
}

// ---- main --------------------------------------------------------------------------------------

async function machine(db: pg.Pool) {
  const { rows } = await db.query<{ v: string }>('select current_setting($1) as v', ['server_version']);
  const c = cpus();
  return {
    cpu: c[0]?.model ?? 'unknown',
    cores: c.length,
    ramGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    postgres: rows[0]?.v ?? 'unknown',
    platform: `${process.platform} ${process.arch}`,
    /** 1-minute load average at the start and the end of the measured runs (other work on the machine skews the figures). */
    loadAverage: { start: LOAD_AT_START, end: Math.round(loadavg()[0]! * 100) / 100 },
  };
}

async function main() {
  const config = loadConfig({ ...(await benchServerEnv()), DATABASE_URL, DB_POOL_MAX: process.env.DB_POOL_MAX });
  const server = await startServer(config);
  const db = new pg.Pool({ connectionString: DATABASE_URL, max: 4, application_name: 'bench-load-setup' });
  try {
    const gql = gqlFor(server);
    const tenant = await prepareTenant({ server, db, gql, platform: BENCH_PLATFORM, clients: CLIENTS, log });
    log(`tenant ${tenant.slug}: ${tenant.clientCount.toLocaleString('en')} live clients, ${tenant.users.length + 1} users`);
    const list = scenarios(server, tenant);
    const only = process.env.BENCH_SCENARIOS?.split(',').map((s) => s.trim());

    // The floor's statements, captured from one request of each list scenario.
    await removeCreated(db, tenant, true);
    await eventsIdle(db, tenant.schemaName);
    const floors: Record<string, { statements: Statement[]; plan: string[]; result: Awaited<ReturnType<typeof runFloor>> }> = {};
    for (const s of list.filter((x) => x.budget && (!only || only.includes(x.key)))) {
      const job = s.job();
      const send = () =>
        fetch(`${server.url}/graphql`, { method: 'POST', headers: job.headers, body: job.bodies[0] }).then((r) => r.json());
      await send(); // warm caches (schema, registry, prepared plans), then capture
      const statements = await captureSql(server, send, tenant.schemaName);
      log(`${s.key}: ${statements.length} SQL statements per request`);
      for (const st of statements) log(`  ${st.text.slice(0, 110)}… -- ${JSON.stringify(st.values).slice(0, 100)}`);
      const listSql = statements.find((st) => st.text.includes(`from "${tenant.schemaName}"."clients"`));
      const plan = listSql
        ? (
            await db.query<{ 'QUERY PLAN': string }>({ text: `explain (analyze) ${listSql.text}`, values: listSql.values })
          ).rows.map((row) => row['QUERY PLAN'])
        : [];
      floors[s.key] = { statements, plan, result: await runFloor(statements, CONNECTIONS, DURATION) };
      const f = floors[s.key]!.result;
      log(
        `  floor: ${f.rps.toFixed(0)} req/s, p50 ${f.p50.toFixed(1)} ms, p95 ${f.p95.toFixed(1)} ms, p99 ${f.p99.toFixed(1)} ms`,
      );
    }

    const results: (Omit<Scenario, 'job'> & { result: DriverResult; statements: number })[] = [];
    for (const s of list) {
      if (only && !only.includes(s.key)) continue;
      // Smoke-check the operation before loading it.
      const job = s.job();
      const probe = (await (
        await fetch(`${server.url}/graphql`, { method: 'POST', headers: job.headers, body: job.bodies[0] })
      ).json()) as {
        errors?: unknown[];
      };
      if (probe.errors?.length) throw new Error(`${s.key}: ${JSON.stringify(probe.errors)}`);
      const statements = await statementsPerRequest(server, job);
      log(`${s.key}: ${WARMUP} s warm-up + ${DURATION} s at ${CONNECTIONS} connections…`);
      const result = await drive(job);
      const { key, title, viewer, budget } = s;
      results.push({ key, title, viewer, budget, result, statements });
      log(`  ${statements} SQL statements per request (session known)`);
      log(
        `  ${result.rps.toFixed(0)} req/s, p50 ${result.p50.toFixed(1)} ms, p95 ${result.p95.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms` +
          (result.non2xx || result.gqlErrors || result.socketErrors
            ? ` (non-2xx ${result.non2xx}, GraphQL errors ${result.gqlErrors}, socket errors ${result.socketErrors}: ${result.firstError ?? ''})`
            : ''),
      );
    }

    const report = {
      date: new Date().toISOString(),
      machine: await machine(db),
      settings: {
        connections: CONNECTIONS,
        durationSeconds: DURATION,
        warmupSeconds: WARMUP,
        dbPoolMax: config.pool.max,
        argon2: config.argon2,
        nodeEnv: config.env,
        eventsProcessor: config.events.processor,
        driver: 'autocannon in a child process; server in the benchmark process',
      },
      tenant: {
        slug: tenant.slug,
        clients: tenant.clientCount,
        users: tenant.users.length + 1,
        reused: tenant.reused,
        buildSeconds: Math.round(tenant.buildSeconds * 10) / 10,
      },
      budget: BUDGET,
      scenarios: results.map((r) => {
        const floor = floors[r.key];
        const pass = r.budget ? r.result.p95 <= BUDGET.p95Ms && r.result.rps >= BUDGET.rps : null;
        return {
          key: r.key,
          title: r.title,
          viewer: r.viewer,
          statements: r.statements,
          ...r.result,
          rps: Math.round(r.result.rps * 10) / 10,
          p50: round2(r.result.p50),
          p95: round2(r.result.p95),
          p99: round2(r.result.p99),
          max: round2(r.result.max),
          budget: r.budget
            ? {
                pass,
                p95Pass: r.result.p95 <= BUDGET.p95Ms,
                rpsPass: r.result.rps >= BUDGET.rps,
                p95OverMs: round2(Math.max(0, r.result.p95 - BUDGET.p95Ms)),
                rpsShort: Math.max(0, Math.round(BUDGET.rps - r.result.rps)),
              }
            : null,
          floor: floor
            ? {
                statements: floor.statements.map((s) => s.text),
                listPlan: floor.plan,
                rps: Math.round(floor.result.rps * 10) / 10,
                p50: round2(floor.result.p50),
                p95: round2(floor.result.p95),
                p99: round2(floor.result.p99),
                throughputRatio: round2(r.result.rps / floor.result.rps),
                p95Ratio: round2(r.result.p95 / Math.max(floor.result.p95, 0.01)),
              }
            : null,
        };
      }),
    };
    await removeCreated(db, tenant, false);
    const dir = join(here, 'results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'load.json'), `${JSON.stringify(report, null, 2)}\n`);
    writeFileSync(join(dir, 'load.md'), markdown(report));
    console.log(`\n${markdown(report)}`);
    log(`report written to bench/results/load.md and load.json`);
  } finally {
    await db.end();
    await server.close();
  }
}

const round2 = (n: number) => Math.round(n * 100) / 100;

type Report = {
  date: string;
  machine: Awaited<ReturnType<typeof machine>>;
  settings: Record<string, unknown> & { connections: number; durationSeconds: number; dbPoolMax: number };
  tenant: { slug: string; clients: number; users: number; reused: boolean };
  budget: typeof BUDGET;
  scenarios: {
    key: string;
    title: string;
    viewer: string;
    statements: number;
    requests: number;
    rps: number;
    p50: number;
    p95: number;
    p99: number;
    non2xx: number;
    gqlErrors: number;
    socketErrors: number;
    budget: { pass: boolean | null; p95Pass: boolean; rpsPass: boolean; p95OverMs: number; rpsShort: number } | null;
    floor: {
      statements: string[];
      listPlan: string[];
      rps: number;
      p50: number;
      p95: number;
      p99: number;
      throughputRatio: number;
      p95Ratio: number;
    } | null;
  }[];
};

function markdown(r: Report): string {
  const m = r.machine;
  const lines = [
    '# Load benchmark (`npm run bench:load`)',
    '',
    `Run ${r.date} on ${m.cpu} (${m.cores} cores), ${m.ramGiB} GiB RAM, ${m.platform}, Node ${m.node}, PostgreSQL ${m.postgres}.`,
    `Server in-process (\`startServer\`, NODE_ENV=${String(r.settings.nodeEnv)}, events processor on, DB_POOL_MAX=${r.settings.dbPoolMax}); ` +
      `autocannon in a child process, ${r.settings.connections} connections, ${r.settings.durationSeconds} s per scenario after ` +
      `${String(r.settings.warmupSeconds)} s warm-up, all on the same machine as PostgreSQL.`,
    `Tenant \`${r.tenant.slug}\`: ${r.tenant.clients.toLocaleString('en')} live clients, ${r.tenant.users} users` +
      (r.tenant.reused ? ' (reused from an earlier run).' : ' (built by this run).'),
    `1-minute load average: ${m.loadAverage.start} at the start, ${m.loadAverage.end} at the end` +
      (Math.max(m.loadAverage.start, m.loadAverage.end) > m.cores
        ? ' — the machine was busy with other work; figures are pessimistic.'
        : '.'),
    '',
    '| Scenario | Viewer | SQL statements / request | Requests | req/s | p50 ms | p95 ms | p99 ms | Errors |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...r.scenarios.map(
      (s) =>
        `| ${s.title} | ${s.viewer} | ${s.statements} | ${s.requests} | ${s.rps.toFixed(0)} | ${s.p50} | ${s.p95} | ${s.p99} | ${s.non2xx + s.gqlErrors + s.socketErrors} |`,
    ),
    '',
    'Statements per request are counted on one request after a first one, so the session is in the process’s cache (a new session adds one).',
    '',
    `## Budgets (client list: p95 ≤ ${r.budget.p95Ms} ms and ≥ ${r.budget.rps} req/s at ${r.settings.connections} connections)`,
    '',
    ...r.scenarios
      .filter((s) => s.budget)
      .map((s) => {
        const b = s.budget!;
        const misses = [
          b.p95Pass ? null : `p95 over by ${b.p95OverMs} ms`,
          b.rpsPass ? null : `throughput short by ${b.rpsShort} req/s (${Math.round((s.rps / r.budget.rps) * 100)} % of budget)`,
        ].filter(Boolean);
        return `- ${s.title}: **${b.pass ? 'PASS' : 'FAIL'}** (p95 ${s.p95} ms, ${s.rps.toFixed(0)} req/s)${misses.length ? ` — ${misses.join('; ')}` : ''}`;
      }),
    '',
    '## Floor (the same SQL straight through `pg`, same concurrency and duration)',
    '',
    '| Scenario | Statements | Floor req/s | Floor p50 ms | Floor p95 ms | Server/floor throughput | Server/floor p95 |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...r.scenarios
      .filter((s) => s.floor)
      .map(
        (s) =>
          `| ${s.title} | ${s.floor!.statements.length} | ${s.floor!.rps.toFixed(0)} | ${s.floor!.p50} | ${s.floor!.p95} | ${s.floor!.throughputRatio} | ${s.floor!.p95Ratio} |`,
      ),
    '',
    'The statements of each list request are listed in `load.json`. The client-list statement’s plan (EXPLAIN ANALYZE, one run, idle server):',
    '',
    ...r.scenarios.filter((s) => s.floor).flatMap((s) => [`${s.title}:`, '', '```', ...s.floor!.listPlan, '```', '']),
  ];
  return lines.join('\n');
}

await main();
