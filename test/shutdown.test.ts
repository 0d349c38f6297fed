// Graceful shutdown: SIGTERM to a real server process answers the request in flight (and one sent
// behind it on the same connection), refuses new connections, ends event streams cleanly, leaves no
// event claimed, logs each phase and exits 0; a shutdown that outlasts its timeout exits 1.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { installShutdown, type ShutdownTarget } from '../src/shutdown.js';
import { childEnv, CREATE_TENANT, LOGIN, PLATFORM_ADMIN, sharedKeyEnv, uniqueSlug } from './kit/server.js';
import { spawnLineChild } from './kit/child.js';
import { ownDatabase } from './kit/own-database.js';

/** test/kit/shutdown-child.ts holds a request carrying this header mid-transaction (1.5 s). */
const HOLD_HEADER = 'x-test-hold';
const SHUTDOWN_TIMEOUT_SECONDS = 20;

type Line = Record<string, unknown>;

interface EventRow {
  status: string;
  claimed_by: string | null;
  claimed_until: unknown;
}

interface Stored {
  clients: number;
  events: EventRow[];
}

/** A fresh database for the child alone: a new PostgreSQL database, or a new embedded data dir. */
interface ChildDatabase {
  env: Record<string, string>;
  /** Reads the client row and its outbox events, once the child has exited. */
  inspect(schema: string, clientId: string): Promise<Stored>;
  drop(): Promise<void>;
}

async function childDatabase(): Promise<ChildDatabase> {
  const clientsSql = (schema: string) => `select count(*)::int as n from "${schema}".clients where id = $1`;
  const eventsSql = (schema: string) => `select status, claimed_by, claimed_until from "${schema}".events where entity_id = $1`;
  const own = await ownDatabase('shutdown');
  // Both drivers answer query(text, params) with { rows }; only opening and closing differ.
  type Reader = { query<T>(text: string, params: unknown[]): Promise<{ rows: T[] }>; close(): Promise<void> };
  const open = async (): Promise<Reader> => {
    if (!own.url) return new PGlite(join(own.dataDir!, 'pgdata'));
    const c = new pg.Client({ connectionString: own.url });
    await c.connect();
    return {
      query: <T>(text: string, params: unknown[]) => c.query(text, params) as unknown as Promise<{ rows: T[] }>,
      close: () => c.end(),
    };
  };
  return {
    env: own.env,
    async inspect(schema, clientId) {
      const db = await open();
      try {
        const clients = await db.query<{ n: number }>(clientsSql(schema), [clientId]);
        const events = await db.query<EventRow>(eventsSql(schema), [clientId]);
        return { clients: clients.rows[0]!.n, events: events.rows };
      } finally {
        await db.close();
      }
    },
    drop: () => own.drop(),
  };
}

interface Child {
  proc: ChildProcessWithoutNullStreams;
  /** stdout, one parsed JSON line each (non-JSON lines as { text }). */
  lines: Line[];
  output(): string;
  waitFor(match: (line: Line) => boolean, ms: number): Promise<Line>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function spawnChild(env: Record<string, string>): Child {
  const { proc, lines, stderr } = spawnLineChild<Line>('test/kit/shutdown-child.ts', env);
  let exitedAt: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.once('exit', (code, signal) => resolve((exitedAt = { code, signal }))),
  );
  const output = () => `stdout:\n${lines.map((l) => JSON.stringify(l)).join('\n')}\nstderr:\n${stderr()}`;
  return {
    proc,
    lines,
    output,
    exited,
    async waitFor(match, ms) {
      const end = Date.now() + ms;
      for (;;) {
        const line = lines.find(match);
        if (line) return line;
        if (exitedAt || Date.now() > end)
          throw new Error(`${exitedAt ? `child exited (${JSON.stringify(exitedAt)})` : 'timed out'} waiting\n${output()}`);
        await sleep(20);
      }
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read loosely typed JSON
type Json = Record<string, any>;

/** The data of a GraphQL call that must succeed (setup steps). */
async function gqlAt(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<Json> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: unknown; errors?: unknown };
  if (res.status !== 200 || !body.data || body.errors)
    throw new Error(`setup step failed: ${res.status} ${JSON.stringify(body)}`);
  return body.data;
}

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Reads HTTP/1.1 responses off one socket in order (content-length bodies: all this test expects). */
function responsesOf(socket: Socket): () => Promise<RawResponse> {
  let buffer = Buffer.alloc(0);
  let ended = false;
  let failure: Error | undefined;
  let wake = () => undefined as void;
  socket.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    wake();
  });
  socket.on('end', () => {
    ended = true;
    wake();
  });
  socket.on('error', (err) => {
    failure = err;
    wake();
  });
  return async () => {
    for (;;) {
      const head = buffer.indexOf('\r\n\r\n');
      if (head >= 0) {
        const [statusLine, ...headerLines] = buffer.subarray(0, head).toString('latin1').split('\r\n');
        const headers = Object.fromEntries(
          headerLines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
        );
        if (headers['content-length'] === undefined) throw new Error(`expected a content-length response: ${statusLine}`);
        const end = head + 4 + Number(headers['content-length']);
        if (buffer.length >= end) {
          const body = buffer.subarray(head + 4, end).toString('utf8');
          buffer = buffer.subarray(end);
          return { status: Number(statusLine!.split(' ')[1]), headers, body };
        }
      }
      if (failure) throw failure;
      if (ended) throw new Error('the connection ended before a complete response');
      await new Promise<void>((resolve) => (wake = resolve));
    }
  };
}

function rawRequest(method: string, path: string, headers: Record<string, string>, body = ''): string {
  const all = {
    host: '127.0.0.1',
    connection: 'keep-alive',
    ...(body ? { 'content-length': String(Buffer.byteLength(body)) } : {}),
    ...headers,
  };
  return `${method} ${path} HTTP/1.1\r\n${Object.entries(all)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\r\n')}\r\n\r\n${body}`;
}

/** Opens a connection to the port; resolves with the error code when it is refused. */
function connectOutcome(port: number): Promise<string> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve('connected');
    });
    s.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });
}

describe('SIGTERM to a server process', () => {
  let database: ChildDatabase;
  let child: Child | undefined;

  beforeAll(async () => {
    database = await childDatabase();
  });
  afterAll(async () => {
    if (child && child.proc.exitCode === null && child.proc.signalCode === null) {
      child.proc.kill('SIGKILL');
      await child.exited;
    }
    await database?.drop();
  });

  it('answers the write in flight, refuses new connections, ends streams, loses nothing and exits 0', async () => {
    // NODE_ENV=production (keys required there): Apollo Server installs its own signal handlers
    // outside NODE_ENV=test, and installShutdown must stay in charge of them.
    child = spawnChild(
      childEnv(
        { ...(await sharedKeyEnv()), ...database.env },
        { NODE_ENV: 'production', LOG_LEVEL: 'info', SHUTDOWN_TIMEOUT_SECONDS: String(SHUTDOWN_TIMEOUT_SECONDS) },
        ['DATABASE_URL', 'DATABASE_LISTEN_URL', 'DATA_DIR', 'UPLOADS_DIR'],
      ),
    );
    const { url } = (await child.waitFor((l) => typeof l.url === 'string', 90_000)) as { url: string };
    const port = Number(new URL(url).port);

    // A tenant, its owner and a branch, through the API.
    const platform = (await gqlAt(url, LOGIN, { i: PLATFORM_ADMIN })).login.accessToken as string;
    const slug = uniqueSlug();
    const owner = { email: `owner@${slug}.test`, password: 'owner-pass-1', firstName: 'Olive', lastName: 'Owner' };
    const tenant = (
      await gqlAt(url, CREATE_TENANT, { i: { name: `Agency ${slug}`, slug, owner } }, { authorization: `Bearer ${platform}` })
    ).createTenant as { schemaName: string };
    const token = (await gqlAt(url, LOGIN, { i: { email: owner.email, password: owner.password } }, { 'x-tenant': slug })).login
      .accessToken as string;
    const as = { 'x-tenant': slug, authorization: `Bearer ${token}` };
    const region = (
      await gqlAt(url, 'mutation($i: CreateRegionInput!) { createRegion(input: $i) { id } }', { i: { name: 'North' } }, as)
    ).createRegion.id as string;
    const branch = (
      await gqlAt(
        url,
        'mutation($i: CreateBranchInput!) { createBranch(input: $i) { id } }',
        { i: { name: 'Main', regionId: region } },
        as,
      )
    ).createBranch.id as string;

    // An open subscription stream, read until it ends.
    const stream = await fetch(`${url}/graphql/stream`, {
      method: 'POST',
      headers: { accept: 'text/event-stream', 'content-type': 'application/json', ...as },
      body: JSON.stringify({ query: 'subscription { notificationReceived { id } }' }),
    });
    expect(stream.status).toBe(200);
    const reader = stream.body!.getReader();
    const streamEnd = (async () => {
      try {
        for (;;) if ((await reader.read()).done) return 'done';
      } catch (err) {
        return `failed: ${String((err as Error).cause ?? err)}`;
      }
    })();

    // The write, held mid-transaction, on a keep-alive connection of its own.
    const socket = connect(port, '127.0.0.1');
    await once(socket, 'connect');
    const nextResponse = responsesOf(socket);
    const closed = once(socket, 'close') as Promise<[boolean]>;
    const create = JSON.stringify({
      query: 'mutation($i: CreateClientInput!) { createClient(input: $i) { id } }',
      variables: { i: { firstName: 'Mid', lastName: 'Flight', gender: 'FEMALE', country: 'NZ', branchId: branch } },
    });
    socket.write(rawRequest('POST', '/graphql', { 'content-type': 'application/json', [HOLD_HEADER]: '1', ...as }, create));
    await child.waitFor((l) => l.inFlight === true, 10_000);

    const signalledAt = Date.now();
    child.proc.kill('SIGTERM');
    await child.waitFor((l) => l.msg === 'shutting down', 5_000);
    // The drain closes the listening socket (the child's line says when).
    await child.waitFor((l) => l.listening === false, 5_000);
    // New connections are refused (the listening socket is closed), not answered with 503.
    expect(await connectOutcome(port)).toBe('ECONNREFUSED');
    // A request sent now on the open connection (behind the held one) is still answered.
    socket.write(rawRequest('GET', '/readyz', {}));

    const written = await nextResponse();
    expect(written.status).toBe(200);
    const result = JSON.parse(written.body) as { data?: { createClient: { id: string } }; errors?: unknown };
    expect(result.errors).toBeUndefined();
    const clientId = result.data!.createClient.id;
    const ready = await nextResponse();
    expect([ready.status, JSON.parse(ready.body)]).toEqual([503, { status: 'draining' }]);
    // Then the server closes that connection, without a reset.
    expect((await closed)[0]).toBe(false);

    expect(await streamEnd).toBe('done');
    const exit = await child.exited;
    expect(exit, child.output()).toEqual({ code: 0, signal: null });
    expect(Date.now() - signalledAt).toBeLessThan(SHUTDOWN_TIMEOUT_SECONDS * 1000);

    const logs = child.lines;
    expect(logs.find((l) => l.msg === 'shutting down')).toMatchObject({
      signal: 'SIGTERM',
      timeoutSeconds: SHUTDOWN_TIMEOUT_SECONDS,
    });
    expect(logs.filter((l) => typeof l.phase === 'string').map((l) => [l.phase, typeof l.ms])).toEqual([
      ['http drained', 'number'],
      ['background work stopped', 'number'],
      ['realtime bus, registry and database closed', 'number'],
    ]);
    expect(logs.find((l) => l.msg === 'shutdown: complete')).toBeDefined();
    // One signal, one shutdown: Apollo's own handler (which re-raises the signal) was taken off.
    expect(logs.filter((l) => l.signal !== undefined).map((l) => l.msg)).toEqual(['shutting down']);
    // No error (warnings allowed: the held write is a "slow operation").
    expect(
      logs.filter((l) => Number(l.level) >= 50),
      child.output(),
    ).toEqual([]);

    // Nothing lost: the client committed, and its event is done or waiting unclaimed for the next process.
    const stored = await database.inspect(tenant.schemaName, clientId);
    expect(stored.clients).toBe(1);
    expect(stored.events.length).toBeGreaterThan(0);
    for (const e of stored.events) {
      const state =
        e.status === 'PENDING' && e.claimed_by === null && e.claimed_until === null
          ? 'PENDING, unclaimed'
          : `${e.status} (${e.claimed_by})`;
      expect(['COMPLETED (null)', 'PENDING, unclaimed']).toContain(state);
    }
  }, 180_000);
});

describe('installShutdown', () => {
  function fakeServer(close: () => Promise<void>, shutdownTimeoutSeconds = 10, shutdownDelaySeconds = 0) {
    const logs: Line[] = [];
    const log = pino({ level: 'info' }, { write: (s: string) => void logs.push(JSON.parse(s) as Line) });
    const server: ShutdownTarget = {
      runtime: { config: { shutdownTimeoutSeconds, shutdownDelaySeconds }, log, lifecycle: { draining: false } },
      close,
    };
    const exits: number[] = [];
    const shutdown = installShutdown(server, { exit: (code) => void exits.push(code), signals: [] });
    return { server, logs, exits, shutdown };
  }
  afterEach(() => {
    vi.useRealTimers();
  });

  it('exits 1 and logs an error when the close outlasts the timeout', async () => {
    const { server, logs, exits, shutdown } = fakeServer(() => new Promise(() => undefined), 0.05);
    expect(await shutdown('SIGTERM')).toBe(1);
    expect(exits).toEqual([1]);
    expect(server.runtime.lifecycle.draining).toBe(true);
    expect(logs.find((l) => l.level === 50)?.msg).toBe('shutdown: did not finish in time, exiting anyway');
  });

  it('exits 0 after a close in time, and a repeated signal waits for the same close', async () => {
    let closes = 0;
    const { exits, shutdown } = fakeServer(async () => {
      closes++;
      await sleep(50);
    });
    const first = shutdown('SIGTERM');
    const again = shutdown('SIGTERM');
    expect(await Promise.all([first, again])).toEqual([0, 0]);
    expect([closes, exits]).toEqual([1, [0]]);
  });

  it('with SHUTDOWN_DELAY_SECONDS, readiness turns 503 at once but the close waits for the delay', async () => {
    // The clock is the test's: the close is not due a millisecond before the delay, and due at it.
    vi.useFakeTimers();
    let closes = 0;
    const { server, exits, shutdown } = fakeServer(
      async () => {
        closes++;
      },
      10,
      0.3,
    );
    const done = shutdown('SIGTERM');
    expect(server.runtime.lifecycle.draining).toBe(true);
    await vi.advanceTimersByTimeAsync(299);
    expect([closes, exits]).toEqual([0, []]);
    await vi.advanceTimersByTimeAsync(1);
    expect(await done).toBe(0);
    expect([closes, exits]).toEqual([1, [0]]);
  });

  it('exits 1 when the close fails', async () => {
    const { exits, logs, shutdown } = fakeServer(() => Promise.reject(new Error('pool would not close')));
    expect(await shutdown('SIGTERM')).toBe(1);
    expect(exits).toEqual([1]);
    expect(logs.find((l) => l.msg === 'shutdown: failed')).toBeDefined();
  });

  it('a second Ctrl-C exits at once, but the same Ctrl-C delivered twice does not', async () => {
    vi.useFakeTimers();
    const { exits, shutdown } = fakeServer(() => new Promise(() => undefined));
    void shutdown('SIGINT');
    void shutdown('SIGINT');
    void shutdown('SIGTERM');
    expect(exits).toEqual([]);
    vi.advanceTimersByTime(1500);
    void shutdown('SIGTERM');
    expect(exits).toEqual([]);
    void shutdown('SIGINT');
    expect(exits).toEqual([1]);
  });
});
