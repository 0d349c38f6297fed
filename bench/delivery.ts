// Delivery benchmark: N subscribers (default 100 and 1,000) hold notificationReceived streams on
// one server process; notifications are produced one after another and the time from the producing
// call's response to the SSE receipt is measured (p50/p95/p99), with the server's memory per open
// stream. PostgreSQL only (DATABASE_URL): the embedded database is not what production runs.
//
// Producer modes: `api` assigns clients through the GraphQL API (the event processor turns each
// assignment into a CLIENT_ASSIGNED notification); `service` creates notifications through
// notificationCreate in a transaction (the path every handler ends in). `auto` (default) probes
// whether the processor delivers CLIENT_ASSIGNED and falls back to `service` otherwise.
//
//   DATABASE_URL=postgres://… npm run bench:delivery
//   env: BENCH_SUBSCRIBERS=100,1000  BENCH_OPS=300  BENCH_CONCURRENCY=4  BENCH_RATE=20
//        BENCH_MODE=both|auto|api|service (both: the API, when the processor delivers, then the service)
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../src/config.js';
import { inTransaction, tenantDb } from '../src/db/tenant-db.js';
import { notificationCreate } from '../src/modules/notifications/services/create.js';
import { realtimeHub } from '../src/realtime/hub.js';
import { startServer, type RunningServer } from '../src/server.js';

const here = dirname(fileURLToPath(import.meta.url));
const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const gc = () => (globalThis as { gc?: () => void }).gc?.();

if (!process.env.DATABASE_URL) {
  console.error('bench:delivery needs PostgreSQL: set DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/leopard_bench).');
  process.exit(1);
}
const SIZES = (process.env.BENCH_SUBSCRIBERS ?? '100,1000').split(',').map(Number);
const OPS = Number(process.env.BENCH_OPS ?? 300);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const MODE = (process.env.BENCH_MODE ?? 'both') as 'both' | 'auto' | 'api' | 'service';
// Open-loop pacing (operations per second, 0 = as fast as the producers go): latency is measured at
// a steady rate, not while a backlog builds up behind a saturated event processor.
const RATE = Number(process.env.BENCH_RATE ?? 20);
const PLATFORM = { email: 'bench-platform@bench.local', password: 'bench-platform-1' };

interface Receipt {
  index: number;
  entityId: string | null;
  at: number;
}

async function gql(
  server: RunningServer,
  query: string,
  variables: Record<string, unknown>,
  auth: { tenant?: string; token?: string } = {},
) {
  const res = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(auth.tenant ? { 'x-tenant': auth.tenant } : {}),
      ...(auth.token ? { authorization: `Bearer ${auth.token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- loosely typed JSON
  const body = (await res.json()) as { data?: any; errors?: unknown[] };
  if (body.errors?.length) throw new Error(`${query.slice(0, 60)}…: ${JSON.stringify(body.errors)}`);
  return body.data;
}

async function pool<T>(items: T[], concurrency: number, fn: (item: T, i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i]!, i);
      }
    }),
  );
}

/** A tenant with one branch, `max` consultants (signed in) and a few clients per producer. */
async function setUp(server: RunningServer, max: number) {
  const platform = await gql(server, 'mutation($i: LoginInput!) { login(input: $i) { accessToken } }', { i: PLATFORM });
  const slug = `bench-${randomUUID().slice(0, 8)}`;
  const owner = { email: `owner@${slug}.bench`, password: 'bench-owner-1', firstName: 'Bench', lastName: 'Owner' };
  const t = await gql(
    server,
    'mutation($i: CreateTenantInput!) { createTenant(input: $i) { slug schemaName } }',
    { i: { name: `Bench ${slug}`, slug, owner, maxUsers: max + 10 } },
    { token: platform.login.accessToken },
  );
  const login = async (email: string, password: string) =>
    (
      await gql(
        server,
        'mutation($i: LoginInput!) { login(input: $i) { accessToken } }',
        { i: { email, password } },
        { tenant: slug },
      )
    ).login.accessToken as string;
  const auth = { tenant: slug, token: await login(owner.email, owner.password) };
  const region = (await gql(server, 'mutation { createRegion(input: { name: "R" }) { id } }', {}, auth)).createRegion.id;
  const branch = (
    await gql(server, 'mutation($r: ID!) { createBranch(input: { name: "B", regionId: $r }) { id } }', { r: region }, auth)
  ).createBranch.id as string;
  const users: { id: string; token: string }[] = Array(max);
  await pool(
    Array.from({ length: max }, (_, i) => i),
    8,
    async (i) => {
      const email = `c${i}@${slug}.bench`;
      const input = {
        email,
        password: 'bench-user-1',
        firstName: 'C',
        lastName: `${i}`,
        role: 'CONSULTANT',
        branchIds: [branch],
      };
      const { id } = (await gql(server, 'mutation($i: CreateUserInput!) { createUser(input: $i) { id } }', { i: input }, auth))
        .createUser;
      users[i] = { id, token: await login(email, 'bench-user-1') };
    },
  );
  const clients: string[] = [];
  for (let i = 0; i < CONCURRENCY * 4; i++) {
    const i_ = { firstName: `Client ${i}`, gender: 'OTHER', country: 'NP', branchId: branch };
    clients.push(
      (await gql(server, 'mutation($i: CreateClientInput!) { createClient(input: $i) { id } }', { i: i_ }, auth)).createClient.id,
    );
  }
  return { slug, schemaName: t.createTenant.schemaName as string, auth, users, clients };
}

type Fixture = Awaited<ReturnType<typeof setUp>>;

function startSubscribers(server: RunningServer, fx: Fixture, n: number, receipts: Receipt[]) {
  const child: ChildProcess = fork(join(here, 'delivery-subscribers.ts'), [], { execArgv: ['--import', 'tsx'] });
  const ready = new Promise<{ open: number; failed: number }>((resolve) => {
    child.on('message', (m: { receipt?: Receipt; ready?: { open: number; failed: number } }) => {
      if (m.receipt) receipts.push(m.receipt);
      if (m.ready) resolve(m.ready);
    });
  });
  child.send({ start: { url: server.url, tenant: fx.slug, tokens: fx.users.slice(0, n).map((u) => u.token), concurrency: 50 } });
  return { child, ready };
}

/** Produces one notification for subscriber `index`; returns the key the receipt carries and the response time. */
type Producer = (index: number, worker: number) => Promise<{ entityId: string; at: number }>;

function apiProducer(server: RunningServer, fx: Fixture): Producer {
  const assignee = new Map<string, number>();
  let turn = 0;
  return async (index, worker) => {
    // Each worker owns its clients, so no two assignments of one client race.
    const mine = fx.clients.filter((_, i) => i % CONCURRENCY === worker);
    let client = mine[turn++ % mine.length]!;
    if (assignee.get(client) === index) client = mine[turn++ % mine.length]!;
    assignee.set(client, index);
    await gql(
      server,
      'mutation($id: ID!, $u: ID) { assignClient(id: $id, userId: $u) { id } }',
      { id: client, u: fx.users[index]!.id },
      fx.auth,
    );
    return { entityId: client, at: now() };
  };
}

function serviceProducer(server: RunningServer, fx: Fixture): Producer {
  const db = tenantDb(server.runtime.database, fx.schemaName);
  return async (index) => {
    const entityId = randomUUID();
    await inTransaction(db.orm, (tx) =>
      notificationCreate({
        tx,
        db,
        bus: server.runtime.bus,
        recipientId: fx.users[index]!.id,
        type: 'SYSTEM_ALERT',
        title: 'Bench',
        entityId,
      }),
    );
    return { entityId, at: now() };
  };
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

async function scenario(server: RunningServer, fx: Fixture, n: number, mode: 'api' | 'service' | 'auto') {
  console.error(`scenario: ${n} subscribers, producer ${mode}`);
  const receipts: Receipt[] = [];
  // Warm-up: open and close a few streams first, so lazily built code paths and pools are not
  // counted as per-stream memory.
  const warm = startSubscribers(server, fx, Math.min(10, n), []);
  await warm.ready;
  warm.child.send({ stop: true });
  await new Promise((r) => warm.child.once('exit', r));
  await sleep(500);
  gc();
  await sleep(200);
  const before = process.memoryUsage();
  const listenersBefore = realtimeHub(server.runtime.bus).listenerCount();
  const { child, ready } = startSubscribers(server, fx, n, receipts);
  const opened = await ready;
  await sleep(1000);
  gc();
  await sleep(200);
  const after = process.memoryUsage();
  const listeners = realtimeHub(server.runtime.bus).listenerCount() - listenersBefore;

  let chosen = mode;
  if (chosen === 'auto') {
    // Probe: does an assignment through the API come back as a CLIENT_ASSIGNED notification?
    const probe = await apiProducer(server, fx)(0, 0);
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline && !receipts.some((r) => r.index === 0 && r.entityId === probe.entityId)) await sleep(50);
    chosen = receipts.some((r) => r.index === 0 && r.entityId === probe.entityId) ? 'api' : 'service';
    await sleep(500);
    receipts.length = 0;
  }
  const produce = chosen === 'api' ? apiProducer(server, fx) : serviceProducer(server, fx);
  const sent: { index: number; entityId: string; at: number }[] = [];
  const started = now();
  await pool(
    Array.from({ length: OPS }, (_, i) => i),
    CONCURRENCY,
    async (i) => {
      if (RATE > 0) await sleep(started + (i * 1000) / RATE - now());
      const index = Math.floor(Math.random() * n);
      const worker = i % CONCURRENCY;
      sent.push({ index, ...(await produce(index, worker)) });
    },
  );
  const producedIn = now() - started;
  const deadline = Date.now() + 10_000;
  const matched = () => sent.filter((s) => receipts.some((r) => r.index === s.index && r.entityId === s.entityId)).length;
  while (Date.now() < deadline && matched() < sent.length) await sleep(100);

  // Match each production to the first unused receipt of the same (subscriber, entity).
  const used = new Set<Receipt>();
  const latencies: number[] = [];
  for (const s of sent) {
    const r = receipts.find((x) => !used.has(x) && x.index === s.index && x.entityId === s.entityId);
    if (!r) continue;
    used.add(r);
    latencies.push(r.at - s.at);
  }
  const wrongRecipient = receipts.filter((r) => !used.has(r)).length;
  child.send({ stop: true });
  await new Promise((r) => child.once('exit', r));
  await sleep(500);
  latencies.sort((a, b) => a - b);
  return {
    subscribers: n,
    streamsOpen: opened.open,
    streamsRefused: opened.failed,
    hubListeners: listeners,
    mode: chosen,
    operations: sent.length,
    delivered: latencies.length,
    unmatchedReceipts: wrongRecipient,
    throughputPerSecond: round((sent.length / producedIn) * 1000),
    latencyMs: {
      p50: round(pct(latencies, 50)),
      p95: round(pct(latencies, 95)),
      p99: round(pct(latencies, 99)),
      max: round(latencies.at(-1) ?? NaN),
      mean: round(latencies.reduce((a, b) => a + b, 0) / (latencies.length || 1)),
    },
    memoryPerStream: {
      rssKiB: round((after.rss - before.rss) / n / 1024),
      heapKiB: round((after.heapUsed - before.heapUsed) / n / 1024),
    },
    budgetMet: n < 1000 || pct(latencies, 99) < 100,
  };
}

function markdown(report: {
  at: string;
  machine: string;
  settings: Record<string, unknown>;
  results: Awaited<ReturnType<typeof scenario>>[];
}) {
  const rows = report.results.map(
    (r) =>
      `| ${r.subscribers} | ${r.mode} | ${r.delivered}/${r.operations} | ${r.latencyMs.p50} | ${r.latencyMs.p95} | ${r.latencyMs.p99} | ${r.latencyMs.max} | ${r.throughputPerSecond} | ${r.memoryPerStream.rssKiB} | ${r.memoryPerStream.heapKiB} |`,
  );
  return [
    '# Notification delivery benchmark',
    '',
    `${report.at} · ${report.machine}`,
    '',
    `Settings: ${Object.entries(report.settings)
      .map(([k, v]) => `${k}=${String(v)}`)
      .join(', ')}`,
    '',
    'Latency: from the producing call’s response (API mutation, or the committed service transaction) to the',
    'SSE frame parsed by a subscriber in a separate process. Memory: server process delta after opening the streams, after GC, per stream.',
    '',
    '| subscribers | producer | delivered | p50 ms | p95 ms | p99 ms | max ms | ops/s | RSS KiB/stream | heap KiB/stream |',
    '|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows,
    '',
    `Budget (p99 < 100 ms at 1,000 subscribers): ${report.results.every((r) => r.budgetMet) ? 'met' : 'NOT met'}.`,
    '',
  ].join('\n');
}

async function main() {
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: process.env.DATABASE_URL,
    DB_POOL_MAX: '20',
    ARGON2_MEMORY_KIB: '64',
    ARGON2_TIME_COST: '1',
    LOGIN_MAX_ATTEMPTS: '100000',
    IP_MAX_ATTEMPTS: '100000',
    PLATFORM_ADMIN_EMAIL: PLATFORM.email,
    PLATFORM_ADMIN_PASSWORD: PLATFORM.password,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    // One user at hundreds of operations a second: the per-process rate limits would refuse most.
    RATE_LIMIT_USER_PER_MINUTE: '0',
    RATE_LIMIT_TENANT_PER_MINUTE: '0',
    RATE_LIMIT_ANONYMOUS_PER_MINUTE: '0',
  });
  const server = await startServer(config);
  try {
    console.error(`setting up ${Math.max(...SIZES)} users…`);
    const fx = await setUp(server, Math.max(...SIZES));
    const results = [];
    for (const n of SIZES) {
      if (MODE !== 'both') results.push(await scenario(server, fx, n, MODE));
      else {
        const first = await scenario(server, fx, n, 'auto');
        results.push(first);
        if (first.mode === 'api') results.push(await scenario(server, fx, n, 'service'));
      }
    }
    const report = {
      at: new Date().toISOString(),
      machine: `${cpus().length} CPU (${cpus()[0]?.model ?? '?'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
      settings: {
        operations: OPS,
        concurrency: CONCURRENCY,
        ratePerSecond: RATE,
        mode: MODE,
        gcExposed: Boolean((globalThis as { gc?: unknown }).gc),
      },
      results,
    };
    const dir = join(here, 'results');
    mkdirSync(dir, { recursive: true });
    const md = markdown(report);
    writeFileSync(join(dir, 'delivery.json'), JSON.stringify(report, null, 2) + '\n');
    writeFileSync(join(dir, 'delivery.md'), md);
    console.log(md);
  } finally {
    await server.close();
  }
}

await main();
