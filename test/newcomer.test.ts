// The answers a newcomer meets first, each saying what to do instead: a subscription POSTed to
// /graphql, /graphql/stream opened without Accept: text/event-stream, a tenant user signing in
// without X-Tenant, introspection on a server that has it off, and /readyz while the first-run
// demo is still being made. And compression: /graphql answers gzip or br as asked, the event
// stream never.
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSse, streamPath, type SseStream } from '../bench/sse-client.js';
import type { RunningServer } from '../src/server.js';
import {
  createTenant,
  gql,
  httpRequest,
  LOGIN,
  loginPlatform,
  PLATFORM_ADMIN,
  startTestServer,
  type TestTenant,
} from './kit/server.js';

const PENDING = 'first-run demo data';
const COUNT = 'subscription { unreadNotificationCount }';
/** 150 aliases of `ping`: a response of about 1.7 KiB, over compression's 1 KiB threshold. */
const BIG = `{ ${Array.from({ length: 150 }, (_, i) => `p${i}: ping`).join(' ')} }`;
const SCHEMA = '{ __schema { types { name } } }';

/** The defaults of a test run: introspection and compression on. */
let server: RunningServer;
/** As `npm start` runs in development (stack traces in errors, readiness pending the demo), with INTROSPECTION and COMPRESSION off. */
let dev: RunningServer;
let devDataDir: string;
let tenant: TestTenant;
const streams: SseStream[] = [];

beforeAll(async () => {
  const many = { MAX_ALIASES: '200' };
  server = await startTestServer(many);
  devDataDir = await mkdtemp(join(tmpdir(), 'leopard-newcomer-'));
  dev = await startTestServer(
    {
      ...many,
      NODE_ENV: 'development',
      DATA_DIR: devDataDir,
      DEMO_ON_FIRST_RUN: 'false',
      INTROSPECTION: 'false',
      COMPRESSION: 'false',
    },
    { pending: PENDING },
  );
  tenant = await createTenant(server, (await loginPlatform(server)).accessToken);
});
afterAll(async () => {
  streams.forEach((s) => s.close());
  await server?.close();
  await dev?.close();
  if (devDataDir) await rm(devDataDir, { recursive: true, force: true });
});

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** As sent: still compressed when the server compressed it. */
  body: Buffer;
}

/**
 * A request whose body is kept as bytes. Gives up after 5 s (an event stream opened by mistake
 * never ends), so a wrong answer fails the test at once instead of at its timeout.
 */
function raw(target: RunningServer, method: string, path: string, payload?: string, headers: Record<string, string> = {}) {
  return new Promise<RawResponse>((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: target.port,
        method,
        path,
        headers: payload
          ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)), ...headers }
          : headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.setTimeout(5000, () => req.destroy(new Error(`${method} ${path.split('?')[0]}: no complete answer within 5 s`)));
    req.on('error', reject);
    req.end(payload);
  });
}

const rawPost = (target: RunningServer, query: string, headers: Record<string, string> = {}) =>
  raw(target, 'POST', '/graphql', JSON.stringify({ query }), headers);

const pings = (data: Record<string, unknown>) => Object.keys(data).filter((k) => data[k] === true).length;

describe('a subscription sent to /graphql', () => {
  it('is refused with 400 BAD_REQUEST naming /graphql/stream, with no stack trace even in development', async () => {
    // Anonymous too: the refusal comes before any permission check. The tenant lives on `server` (on
    // PGlite each server has a database of its own), so `dev` is asked anonymously.
    const asOwner = { tenant: tenant.slug, token: tenant.ownerTokens.accessToken };
    for (const [target, auth] of [
      [server, asOwner],
      [server, {}],
      [dev, {}],
    ] as const) {
      const r = await gql(target, COUNT, {}, auth);
      expect(r.status).toBe(400);
      expect(r.data).toBeNull();
      expect(r.codes).toEqual(['BAD_REQUEST']);
      expect(r.errors![0]!.message).toContain('/graphql/stream');
      expect(r.errors![0]!.message).toContain('Accept: text/event-stream');
      expect(r.errors![0]!.extensions).not.toHaveProperty('stacktrace');
      expect(r.errors![0]!.extensions).not.toHaveProperty('http');
    }
    // A development server does send stack traces elsewhere, so the absence above is the formatter's doing.
    expect(dev.runtime.config.isDevelopment).toBe(true);
  });
});

describe('/graphql/stream without Accept: text/event-stream', () => {
  it('answers 406 with how to open a stream; with the header the same stream opens', async () => {
    const path = streamPath(COUNT, undefined, { token: tenant.ownerTokens.accessToken, tenant: tenant.slug });
    for (const accept of [undefined, 'text/html,application/xhtml+xml,*/*;q=0.8', 'application/json']) {
      const res = await raw(server, 'GET', path, undefined, accept ? { accept } : {});
      expect(res.status).toBe(406);
      const error = JSON.parse(res.body.toString('utf8')).errors[0];
      expect(error.extensions.code).toBe('BAD_REQUEST');
      expect(error.message).toContain('send Accept: text/event-stream');
      expect(error.message).toContain('/graphql');
    }
    const s = await openSse(server.url, path);
    streams.push(s);
    expect(s.status).toBe(200);
    expect(s.headers['content-type']).toMatch(/^text\/event-stream/);
    const first = await s.next((e) => e.event === 'next');
    expect(first.data).toEqual({ data: { unreadNotificationCount: 0 } });
    s.close();
  });
});

describe('a failed login', () => {
  const platformLogin = (email: string, password: string) => gql(server, LOGIN, { i: { email, password } });

  it('in the platform context (no X-Tenant) tells tenant users to send X-Tenant, the same words whatever was wrong', async () => {
    const unknown = await platformLogin(`nobody-${Date.now()}@nowhere.test`, 'whatever-pass-1');
    const wrongPassword = await platformLogin(PLATFORM_ADMIN.email, 'not-the-password-1');
    // The newcomer's case: a tenant user's right email and password, sent without X-Tenant.
    const tenantUser = await platformLogin(tenant.owner.email, tenant.owner.password);
    for (const r of [unknown, wrongPassword, tenantUser]) {
      expect(r.data).toBeNull();
      expect(r.codes).toEqual(['UNAUTHENTICATED']);
      expect(r.errors![0]!.message).toMatch(/^Invalid email or password\b/);
      expect(r.errors![0]!.message).toContain('X-Tenant');
    }
    // No oracle: whether the email is a platform admin's, a tenant user's or nobody's is not told.
    expect(wrongPassword.errors![0]!.message).toBe(unknown.errors![0]!.message);
    expect(tenantUser.errors![0]!.message).toBe(unknown.errors![0]!.message);
  });

  it('in a tenant says only "Invalid email or password"', async () => {
    const wrong = await gql(
      server,
      LOGIN,
      { i: { email: tenant.owner.email, password: 'not-the-password-1' } },
      { tenant: tenant.slug },
    );
    const unknown = await gql(
      server,
      LOGIN,
      { i: { email: `nobody@${tenant.slug}.test`, password: 'whatever-pass-1' } },
      { tenant: tenant.slug },
    );
    for (const r of [wrong, unknown]) {
      expect(r.codes).toEqual(['UNAUTHENTICATED']);
      expect(r.errors![0]!.message).toBe('Invalid email or password');
    }
  });
});

describe('introspection', () => {
  it('with INTROSPECTION=false is refused with a message naming the setting, not Apollo’s option', async () => {
    for (const query of [SCHEMA, '{ __type(name: "Query") { name } }']) {
      const r = await gql(dev, query);
      expect(r.status).toBe(400);
      expect(r.data).toBeNull();
      expect(r.codes).toEqual(['GRAPHQL_VALIDATION_FAILED']);
      expect(r.errors![0]!.message).toContain('INTROSPECTION');
      expect(r.errors![0]!.message).not.toMatch(/ApolloServer|constructor/);
      expect(r.errors![0]!.extensions).not.toHaveProperty('stacktrace');
    }
    // __typename is not introspection: clients add it everywhere.
    expect((await gql(dev, '{ __typename ping }')).data).toEqual({ __typename: 'Query', ping: true });
    expect((await httpRequest(dev, 'GET', '/graphql/schema.graphql')).status).toBe(404);
  });

  it('with introspection on answers __schema', async () => {
    const r = await gql<{ __schema: { types: { name: string }[] } }>(server, SCHEMA);
    expect(r.errors).toBeUndefined();
    expect(r.data!.__schema.types.map((t) => t.name)).toEqual(expect.arrayContaining(['Query', 'Mutation', 'Subscription']));
  });
});

describe('compression', () => {
  it('answers gzip to Accept-Encoding: gzip for a body over 1 KiB, and it decompresses to the JSON', async () => {
    const res = await rawPost(server, BIG, { 'accept-encoding': 'gzip' });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers.vary).toMatch(/accept-encoding/i);
    const body = JSON.parse(gunzipSync(res.body).toString('utf8'));
    expect(pings(body.data)).toBe(150);
    expect(res.body.length).toBeLessThan(Buffer.byteLength(JSON.stringify(body)));
  });

  it('answers br to Accept-Encoding: br', async () => {
    const res = await rawPost(server, BIG, { 'accept-encoding': 'br' });
    expect(res.headers['content-encoding']).toBe('br');
    expect(pings(JSON.parse(brotliDecompressSync(res.body).toString('utf8')).data)).toBe(150);
  });

  it('sends plain JSON without Accept-Encoding, for a small body, and with COMPRESSION=false', async () => {
    const plain = await rawPost(server, BIG);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(pings(JSON.parse(plain.body.toString('utf8')).data)).toBe(150);
    const small = await rawPost(server, '{ ping }', { 'accept-encoding': 'gzip' });
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(small.body.toString('utf8'))).toEqual({ data: { ping: true } });
    expect(dev.runtime.config.compression).toBe(false);
    const off = await rawPost(dev, BIG, { 'accept-encoding': 'gzip, br' });
    expect(off.status).toBe(200);
    expect(off.headers['content-encoding']).toBeUndefined();
    expect(pings(JSON.parse(off.body.toString('utf8')).data)).toBe(150);
  });

  it('never compresses the event stream, even asked to: its events arrive as they happen', async () => {
    const path = streamPath(COUNT, undefined, { token: tenant.ownerTokens.accessToken, tenant: tenant.slug });
    const s = await openSse(server.url, path, { headers: { 'accept-encoding': 'gzip, br' } });
    streams.push(s);
    expect(s.status).toBe(200);
    expect(s.headers['content-type']).toMatch(/^text\/event-stream/);
    // graphql-sse itself sends `content-encoding: none` (to keep proxies from compressing); never gzip or br.
    expect(s.headers['content-encoding'] ?? 'none').toBe('none');
    // The first value, sent once the stream listens: a compressor would hold it back in its buffer.
    expect((await s.next((e) => e.event === 'next', 3000)).data).toEqual({ data: { unreadNotificationCount: 0 } });
    s.close();
  });
});

describe('/readyz', () => {
  it('answers 503 starting, naming what is pending, until the first-run work is done; then 200 ready', async () => {
    expect(dev.runtime.lifecycle.pending).toBe(PENDING);
    const starting = await httpRequest(dev, 'GET', '/readyz');
    expect(starting.status).toBe(503);
    expect(JSON.parse(starting.body)).toEqual({ status: 'starting', pending: PENDING });
    // Liveness is not readiness: the process is alive and already serves.
    expect((await httpRequest(dev, 'GET', '/healthz')).status).toBe(200);
    // What main.ts does once the demo is made.
    dev.runtime.lifecycle.pending = undefined;
    const ready = await httpRequest(dev, 'GET', '/readyz');
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.body)).toMatchObject({ status: 'ready', database: 'ok' });
    // A server started without `pending` is ready at once.
    expect((await httpRequest(server, 'GET', '/readyz')).status).toBe(200);
  });
});
