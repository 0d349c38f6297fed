// Logs and metrics: one structured line per operation with who, what, how long and how it ended,
// never a secret; Prometheus series at /metrics.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/log.js';
import type { RunningServer } from '../src/server.js';
import { createTenant, gql, httpRequest, LOGIN, loginPlatform, startTestServer, type TestTenant } from './kit/server.js';

const METRICS_TOKEN = 'metrics-token-0123456789';
const lines: string[] = [];
let server: RunningServer;
let tenant: TestTenant;

beforeAll(async () => {
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const logger = createLogger(loadConfig({ LOG_LEVEL: 'info' }), sink);
  server = await startTestServer({ SLOW_OPERATION_MS: '1', METRICS_TOKEN, MAX_QUERY_DEPTH: '5' }, { logger });
  tenant = await createTenant(server, (await loginPlatform(server)).accessToken);
});
afterAll(() => server.close());

const logged = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);

async function metrics(): Promise<string> {
  const r = await httpRequest(server, 'GET', '/metrics', undefined, { authorization: `Bearer ${METRICS_TOKEN}` });
  expect(r.status).toBe(200);
  expect(r.headers['content-type']).toMatch(/text\/plain/);
  return r.body;
}

/** The value of one sample, by its exact name and label set as printed. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('logs', () => {
  it('one line per operation with request id, tenant, user, operation, duration and outcome', async () => {
    const auth = { tenant: tenant.slug, token: tenant.ownerTokens.accessToken, headers: { 'x-request-id': 'req-obs-1' } };
    await gql(server, 'query WhoAmI { me { id email } }', {}, auth);
    const line = logged().find((l) => l.msg === 'graphql operation' && l.requestId === 'req-obs-1');
    expect(line).toMatchObject({ tenant: tenant.slug, operation: 'WhoAmI', type: 'query', outcome: 'ok', level: 30 });
    expect(typeof line?.userId).toBe('string');
    expect(typeof line?.durationMs).toBe('number');
  });

  it('records the error code as the outcome', async () => {
    await gql(server, 'query Nope { me { id } }', {}, { tenant: tenant.slug, headers: { 'x-request-id': 'req-obs-2' } });
    const line = logged().find((l) => l.msg === 'graphql operation' && l.requestId === 'req-obs-2');
    expect(line).toMatchObject({ operation: 'Nope', outcome: 'UNAUTHENTICATED' });
  });

  it('logs slow operations with their document but never variables, passwords or tokens', async () => {
    const password = tenant.owner.password;
    const r = await gql(server, LOGIN, { i: { email: tenant.owner.email, password } }, { tenant: tenant.slug });
    const { accessToken, refreshToken } = r.data?.login ?? {};
    expect(accessToken).toBeTruthy();
    // Inline literals are as secret as variables: the logged document has them replaced.
    const inline = `mutation { login(input: { email: "${tenant.owner.email}", password: "${password}" }) { accessToken } }`;
    expect((await gql(server, inline, {}, { tenant: tenant.slug })).errors).toBeUndefined();
    const slow = logged().filter((l) => l.msg === 'slow operation');
    expect(slow.some((l) => String(l.document).includes('password: "…"'))).toBe(true);
    expect(slow.length).toBeGreaterThan(0);
    expect(slow.some((l) => String(l.document).includes('login(input: $i)'))).toBe(true);
    const all = lines.join('\n');
    for (const secret of [password, accessToken, refreshToken, tenant.ownerTokens.accessToken]) expect(all).not.toContain(secret);
    expect(all).not.toContain('"variables"');
  });
});

describe('/metrics', () => {
  it('needs the metrics token when one is set', async () => {
    expect((await httpRequest(server, 'GET', '/metrics')).status).toBe(401);
    expect((await httpRequest(server, 'GET', '/metrics', undefined, { authorization: 'Bearer wrong' })).status).toBe(401);
  });

  it('exposes operations by outcome, latency, limit refusals, open streams, event backlog and pool usage', async () => {
    const auth = { tenant: tenant.slug, token: tenant.ownerTokens.accessToken };
    for (let i = 0; i < 3; i++) await gql(server, 'query Counted { me { id } }', {}, auth);
    await gql(server, 'query Refused { me { id } }', {}, { tenant: tenant.slug });
    await gql(server, '{ clients { nodes { branch { region { id } } } } }', {}, auth); // 5 levels deep with the root
    await gql(server, '{ clients { edges { node { branch { region { id } } } } } }', {}, auth); // 6: refused
    // A FAILED event stays as it is (no processor retries it), so the backlog must count at least it.
    await server.runtime.database.exec(
      `insert into "${tenant.schemaName}".events (event_type, entity_type, entity_id, action, status)
       values ('Client.CREATE', 'Client', gen_random_uuid(), 'CREATE', 'FAILED')`,
    );
    const stream = await fetch(`${server.url}/graphql/stream`, {
      method: 'POST',
      headers: {
        accept: 'text/event-stream',
        'content-type': 'application/json',
        'x-tenant': tenant.slug,
        authorization: `Bearer ${auth.token}`,
      },
      body: JSON.stringify({ query: 'subscription { notificationReceived { id } }' }),
    });
    expect(stream.status).toBe(200);
    const reader = stream.body!.getReader();
    await reader.read();

    const text = await metrics();
    expect(sample(text, 'leopard_graphql_operations_total{operation="Counted",type="query",outcome="ok"}')).toBe(3);
    expect(sample(text, 'leopard_graphql_operations_total{operation="Refused",type="query",outcome="UNAUTHENTICATED"}')).toBe(1);
    expect(sample(text, 'leopard_graphql_operation_duration_seconds_count{operation="Counted",type="query"}')).toBe(3);
    expect(sample(text, 'leopard_graphql_operation_duration_seconds_bucket{le="+Inf",operation="Counted",type="query"}')).toBe(3);
    expect(sample(text, 'leopard_limit_rejections_total{limit="depth"}')).toBe(1);
    expect(sample(text, 'leopard_sse_streams_open')).toBe(1);
    expect(sample(text, 'leopard_events_backlog{status="FAILED"}')).toBeGreaterThanOrEqual(1);
    for (const status of ['PENDING', 'PROCESSING']) {
      expect(sample(text, `leopard_events_backlog{status="${status}"}`), status).toBeGreaterThanOrEqual(0);
    }
    expect(sample(text, 'leopard_db_pool_connections{pool="requests",state="total"}')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'leopard_db_pool_connections{pool="requests",state="waiting"}')).toBe(0);
    expect(text).toMatch(/^leopard_process_cpu_user_seconds_total /m);
    expect(text).toMatch(/^# TYPE leopard_graphql_operation_duration_seconds histogram$/m);

    await reader.cancel();
    await expect.poll(async () => sample(await metrics(), 'leopard_sse_streams_open')).toBe(0);
  });

  it('bounds the operation label: names that are not GraphQL names count as "other"', () => {
    const m = server.runtime.metrics;
    expect(m.operationLabel('ListClients')).toBe('ListClients');
    expect(m.operationLabel(undefined)).toBe('anonymous');
    expect(m.operationLabel('x'.repeat(65))).toBe('other');
    expect(m.operationLabel('bad name')).toBe('other');
  });
});
