// OpenTelemetry tracing: with an OTLP endpoint set, `src/main.ts` (the real start-up order, in a
// child process) sends a collector the request's HTTP server span, carrying the tenant, the
// operation and the request id, with its GraphQL spans (and, on PostgreSQL, its pg spans) under
// it, and never a statement's values, a password or a token. Without an endpoint, no SDK module
// loads and nothing is sent.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import type { RunningServer } from '../src/server.js';
import { startTracing } from '../src/tracing.js';
import { mainOn, ownDatabase, type OwnDatabase } from './kit/own-database.js';
import { createTenant, gql, LOGIN, loginPlatform, PLATFORM_ADMIN, startTestServer, type TestTenant } from './kit/server.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const onPostgres = Boolean(process.env.DATABASE_URL);

interface ReceivedSpan {
  scope: string;
  name: string;
  kind: number;
  traceId: string;
  spanId: string;
  parentSpanId: string | undefined;
  service: string | undefined;
  attributes: Record<string, unknown>;
}

type AnyValue = {
  stringValue?: string;
  intValue?: number | string;
  boolValue?: boolean;
  doubleValue?: number;
  arrayValue?: { values?: AnyValue[] };
};
const valueOf = (v: AnyValue): unknown =>
  v.arrayValue ? (v.arrayValue.values ?? []).map(valueOf) : (v.stringValue ?? v.intValue ?? v.boolValue ?? v.doubleValue);

/** A collector in miniature: OTLP/HTTP with JSON bodies at POST /v1/traces. */
class Receiver {
  readonly spans: ReceivedSpan[] = [];
  requests = 0;
  private server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      this.requests += 1;
      if (req.method !== 'POST' || req.url !== '/v1/traces') {
        res.writeHead(404).end();
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        resourceSpans: {
          resource: { attributes: { key: string; value: AnyValue }[] };
          scopeSpans: {
            scope: { name: string };
            spans: {
              name: string;
              kind: number;
              traceId: string;
              spanId: string;
              parentSpanId?: string;
              attributes?: { key: string; value: AnyValue }[];
            }[];
          }[];
        }[];
      };
      for (const rs of body.resourceSpans) {
        const service = rs.resource.attributes.find((a) => a.key === 'service.name');
        for (const ss of rs.scopeSpans) {
          for (const s of ss.spans) {
            this.spans.push({
              scope: ss.scope.name,
              name: s.name,
              kind: s.kind,
              traceId: s.traceId,
              spanId: s.spanId,
              parentSpanId: s.parentSpanId || undefined,
              service: service ? String(valueOf(service.value)) : undefined,
              attributes: Object.fromEntries((s.attributes ?? []).map((a) => [a.key, valueOf(a.value)])),
            });
          }
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** The span's ancestors, nearest first, as far as they were received. */
  ancestors(span: ReceivedSpan): ReceivedSpan[] {
    const out: ReceivedSpan[] = [];
    let parent = span.parentSpanId;
    while (parent) {
      const next = this.spans.find((s) => s.spanId === parent && s.traceId === span.traceId);
      if (!next) break;
      out.push(next);
      parent = next.parentSpanId;
    }
    return out;
  }
}

const SERVER_KIND = 2;
/** OpenTelemetry modules loaded, but the API: a no-op facade that other packages load too. */
const otelModules = () =>
  Object.keys(createRequire(import.meta.url).cache).filter((file) => /[\\/]@opentelemetry[\\/](?!api[\\/])/.test(file));
/** The tracer provider registered with the API, if any. */
const registeredTracer = () =>
  (globalThis as Record<symbol, { trace?: unknown } | undefined>)[Symbol.for('opentelemetry.js.api.1')]?.trace;

describe('configuration', () => {
  const base = { NODE_ENV: 'test' };
  it('turns tracing on with an OTLP endpoint only, and off with the standard switches', () => {
    expect(loadConfig(base).tracing.enabled).toBe(false);
    expect(loadConfig({ ...base, OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }).tracing.enabled).toBe(true);
    expect(loadConfig({ ...base, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://c:4318/v1/traces' }).tracing.enabled).toBe(true);
    const on = { ...base, OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' };
    expect(loadConfig({ ...on, OTEL_SDK_DISABLED: 'true' }).tracing.enabled).toBe(false);
    expect(loadConfig({ ...on, OTEL_TRACES_EXPORTER: 'none' }).tracing.enabled).toBe(false);
    expect(() => loadConfig({ ...base, OTEL_EXPORTER_OTLP_ENDPOINT: 'collector' })).toThrow(ConfigError);
  });
});

describe('with OTEL_EXPORTER_OTLP_ENDPOINT set, src/main.ts', () => {
  const receiver = new Receiver();
  let own: OwnDatabase;
  let keysDir: string;
  let child: ChildProcess | undefined;
  let exited: Promise<number | null>;
  let server: RunningServer;
  let tenant: TestTenant;
  let stdout = '';
  let stderr = '';

  beforeAll(async () => {
    const endpoint = await receiver.start();
    own = await ownDatabase('tracing');
    keysDir = own.dataDir ?? mkdtempSync(join(tmpdir(), 'leopard-tracing-keys-'));
    const env: Record<string, string | undefined> = {
      ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('OTEL_'))),
      NODE_ENV: 'test',
      ...mainOn(own, keysDir),
      ARGON2_MEMORY_KIB: '64',
      ARGON2_TIME_COST: '1',
      PLATFORM_ADMIN_EMAIL: PLATFORM_ADMIN.email,
      PLATFORM_ADMIN_PASSWORD: PLATFORM_ADMIN.password,
      OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
      OTEL_SERVICE_NAME: 'leopard-tracing-test',
      // Read by the SDK itself: export within 100 ms instead of 5 s.
      OTEL_BSP_SCHEDULE_DELAY: '100',
    };
    const proc = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: ROOT, env: env as NodeJS.ProcessEnv });
    child = proc;
    exited = new Promise((resolve) => proc.once('exit', (code) => resolve(code)));
    proc.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    proc.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const end = Date.now() + 100_000;
    let port: number | undefined;
    while (port === undefined) {
      const m = /Leopard GraphQL on http:\/\/[\d.]+:(\d+)/.exec(stdout);
      if (m) port = Number(m[1]);
      else if (proc.exitCode !== null || Date.now() > end) throw new Error(`src/main.ts did not come up\n${stdout}\n${stderr}`);
      else await new Promise((r) => setTimeout(r, 50));
    }
    // The kit's clients only need the port.
    server = { port, url: `http://127.0.0.1:${port}` } as RunningServer;
    tenant = await createTenant(server, (await loginPlatform(server)).accessToken);
  });

  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await receiver.close();
    await own?.drop();
    if (keysDir && keysDir !== own?.dataDir) rmSync(keysDir, { recursive: true, force: true });
  });

  it('exports the server span with tenant, operation and request id, and the GraphQL and pg spans under it', async () => {
    const requestId = `trace-${randomBytes(4).toString('hex')}`;
    const r = await gql(
      server,
      'query TracedMe { me { id email } }',
      {},
      { tenant: tenant.slug, token: tenant.ownerTokens.accessToken, headers: { 'x-request-id': requestId } },
    );
    expect(r.errors).toBeUndefined();

    let root: ReceivedSpan | undefined;
    await expect
      .poll(
        () => {
          root = receiver.spans.find((s) => s.kind === SERVER_KIND && s.attributes['leopard.request.id'] === requestId);
          return root;
        },
        { timeout: 15_000 },
      )
      .toBeDefined();
    expect(root!.service).toBe('leopard-tracing-test');
    expect(root!.scope).toBe('@opentelemetry/instrumentation-http');
    expect(root!.attributes).toMatchObject({
      'leopard.tenant.slug': tenant.slug,
      'graphql.operation.name': 'TracedMe',
      'graphql.operation.type': 'query',
      'http.route': '/graphql',
      'http.response.status_code': 200,
    });

    const under = () => receiver.spans.filter((s) => s.traceId === root!.traceId && receiver.ancestors(s).includes(root!));
    await expect
      .poll(() => under().some((s) => s.scope === '@opentelemetry/instrumentation-graphql' && s.name === 'query TracedMe'))
      .toBe(true);
    const execute = under().find((s) => s.name === 'query TracedMe')!;
    expect(execute.attributes['graphql.operation.name']).toBe('TracedMe');
    if (onPostgres) {
      // PGlite is not the pg driver: only on PostgreSQL are statements seen.
      await expect.poll(() => under().filter((s) => s.scope === '@opentelemetry/instrumentation-pg').length).toBeGreaterThan(0);
      const statements = under()
        .filter((s) => s.scope === '@opentelemetry/instrumentation-pg')
        .map((s) => String(s.attributes['db.query.text'] ?? s.attributes['db.statement'] ?? ''));
      expect(statements.some((sql) => /select/i.test(sql))).toBe(true);
    }
  });

  it('never exports statement values, variables, literals, passwords or tokens', async () => {
    const { email, password } = tenant.owner;
    const requestId = `trace-secret-${randomBytes(4).toString('hex')}`;
    const auth = { tenant: tenant.slug, headers: { 'x-request-id': requestId } };
    // The email is a statement parameter; the password goes in as a variable, then inline.
    const login = await gql(server, LOGIN, { i: { email, password } }, auth);
    const tokens = login.data?.login as { accessToken: string; refreshToken: string };
    expect(tokens.accessToken).toBeTruthy();
    const inline = `mutation InlineLogin { login(input: { email: "${email}", password: "${password}" }) { accessToken } }`;
    const second = await gql(server, inline, {}, auth);
    expect(second.errors).toBeUndefined();

    await expect
      .poll(
        () => receiver.spans.filter((s) => s.kind === SERVER_KIND && s.attributes['leopard.request.id'] === requestId).length,
        {
          timeout: 15_000,
        },
      )
      .toBe(2);
    const traces = new Set(receiver.spans.filter((s) => s.attributes['leopard.request.id'] === requestId).map((s) => s.traceId));
    const exported = JSON.stringify(receiver.spans.filter((s) => traces.has(s.traceId)));
    expect(exported).toContain('InlineLogin');
    if (onPostgres) expect(receiver.spans.some((s) => traces.has(s.traceId) && s.scope.endsWith('-pg'))).toBe(true);
    for (const secret of [email, password, tokens.accessToken, tokens.refreshToken, tenant.ownerTokens.accessToken]) {
      expect(exported).not.toContain(secret);
    }
  });

  it('stops cleanly, exporting what it still held', async () => {
    child!.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).not.toMatch(/not instrumented/);
    expect(stdout).not.toMatch(/not instrumented/);
  });
});

describe('without an endpoint', () => {
  const receiver = new Receiver();
  let endpoint: string;
  let server: RunningServer | undefined;

  beforeAll(async () => {
    endpoint = await receiver.start();
  });
  afterAll(async () => {
    await server?.close();
    await receiver.close();
  });

  it('loads no OpenTelemetry module and sends nothing', async () => {
    expect(await startTracing(loadConfig({ NODE_ENV: 'test' }))).toBeUndefined();
    // Switched off by the standard variable, even with an endpoint: still nothing.
    const disabled = loadConfig({ NODE_ENV: 'test', OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_SDK_DISABLED: 'true' });
    expect(await startTracing(disabled)).toBeUndefined();
    server = await startTestServer();
    const platform = await loginPlatform(server);
    const r = await gql(server, 'query Untraced { me { __typename } }', {}, { token: platform.accessToken });
    expect(r.errors).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(receiver.requests).toBe(0);
    expect(otelModules()).toEqual([]);
    expect(registeredTracer()).toBeUndefined();
  });

  it('(the check above can fail: an endpoint loads the SDK in this process)', async () => {
    const tracing = await startTracing(loadConfig({ NODE_ENV: 'test', OTEL_EXPORTER_OTLP_ENDPOINT: endpoint }));
    try {
      expect(tracing).toBeDefined();
      expect(otelModules().some((file) => file.includes('sdk-trace-node'))).toBe(true);
      expect(registeredTracer()).toBeDefined();
    } finally {
      await tracing?.shutdown();
    }
  });
});
