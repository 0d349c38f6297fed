// Subscriptions over SSE (/graphql/stream): delivery keyed by (tenant, user), the handshake's
// tenant and token checks, streams ending on logout / deactivation / loss of scope, keep-alives,
// compatibility with graphql-sse's own client, the per-user and per-process stream caps, and
// streams outliving the HTTP server's request and idle deadlines.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from 'graphql-sse';
import { openSse, streamPath, type SseStream } from '../bench/sse-client.js';
import { inTransaction, tenantDb } from '../src/db/tenant-db.js';
import { notificationCreate } from '../src/modules/notifications/services/create.js';
import { CREATE_CLIENT, CREATE_USER } from './kit/org-fixture.js';
import { createTenant, gql, login, loginPlatform, must, startTestServer, type TestTenant } from './kit/server.js';
import { eventually } from './kit/waits.js';
import { useOrgServer } from './kit/use-server.js';

const RECEIVED = 'subscription { notificationReceived { id type title message isRead readAt createdAt client { id } } }';
const CLIENT_UPDATED = 'subscription($id: ID!) { clientUpdated(id: $id) { id firstName branch { id } } }';
const SSE_ENV = {
  SSE_KEEPALIVE_SECONDS: '1',
  SSE_SESSION_CHECK_SECONDS: '1',
  // Deadlines far shorter than a stream lives: a stream must outlive them.
  HTTP_HEADERS_TIMEOUT_SECONDS: '1',
  HTTP_REQUEST_TIMEOUT_SECONDS: '1',
  HTTP_IDLE_TIMEOUT_SECONDS: '2',
};

const { server, fx, platform: admin } = useOrgServer(SSE_ENV);
let other: TestTenant;
const streams: SseStream[] = [];

beforeAll(async () => {
  other = await createTenant(server, admin.token);
});
// Before the server closes (after hooks run last-registered first).
afterAll(() => streams.forEach((s) => s.close()));

/** Opens a GET stream as an EventSource would: ?token= and ?tenant=. */
async function subscribe(token: string, query = RECEIVED, variables?: Record<string, unknown>, tenant = fx.tenant.slug) {
  const s = await openSse(server.url, streamPath(query, variables, { token, tenant }));
  streams.push(s);
  return s;
}

async function notify(recipientId: string, title: string, opts: { rollback?: boolean; schema?: string } = {}) {
  const db = tenantDb(server.runtime.database, opts.schema ?? fx.tenant.schemaName);
  return inTransaction(db.orm, async (tx) => {
    const row = await notificationCreate({ tx, db, bus: server.runtime.bus, recipientId, type: 'SYSTEM_ALERT', title });
    if (opts.rollback) throw Object.assign(new Error('rollback'), { row });
    return row!;
  }).catch((err: { row?: unknown; message: string }) => {
    if (opts.rollback) return err.row as { id: string };
    throw err;
  });
}

const nextData = (s: SseStream, timeoutMs?: number) => s.next((e) => e.event === 'next', timeoutMs);
const quiet = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('notificationReceived', () => {
  it('delivers a user its own notifications and never another user’s', async () => {
    const mine = await subscribe(fx.users['CONSULTANT@B11']!.token);
    const peer = await subscribe(fx.users['CONSULTANT@B12']!.token);
    expect(mine.status).toBe(200);
    expect(mine.headers['content-type']).toMatch(/text\/event-stream/);
    expect(mine.headers['x-accel-buffering']).toBe('no');
    await Promise.all([mine.opened(), peer.opened()]);
    const row = await notify(fx.users['CONSULTANT@B11']!.id, 'For B11 only');
    const got = await nextData(mine);
    expect(got.data.data.notificationReceived).toMatchObject({
      id: row.id,
      title: 'For B11 only',
      type: 'SYSTEM_ALERT',
      isRead: false,
    });
    // The peer's own notification, committed after the other: the first thing on its stream.
    const marker = await notify(fx.users['CONSULTANT@B12']!.id, 'For B12');
    expect((await nextData(peer)).data.data.notificationReceived.id).toBe(marker.id);
    expect(peer.events.filter((e) => e.event === 'next')).toHaveLength(1);
  });

  it('delivers nothing for a rolled-back transaction', async () => {
    const s = await subscribe(fx.users['BRANCH_ADMIN@B11']!.token);
    await s.opened();
    await notify(fx.users['BRANCH_ADMIN@B11']!.id, 'never committed', { rollback: true });
    const committed = await notify(fx.users['BRANCH_ADMIN@B11']!.id, 'committed');
    expect((await nextData(s)).data.data.notificationReceived.id).toBe(committed.id);
  });

  it('is keyed by tenant: the same user id in another schema does not reach the stream', async () => {
    const user = fx.users['CONSULTANT@B21']!;
    // A real notification of this user in this tenant, made before the stream opens: only the
    // forged message below could bring it to the stream.
    const real = await notify(user.id, 'made before the stream');
    const s = await subscribe(user.token);
    await s.opened();
    // The same user and notification ids under another tenant's schema (as if forged on the bus):
    // a topic blind to the tenant would deliver `real`.
    await server.runtime.bus.publish({
      kind: 'notification',
      schema: other.schemaName,
      userId: user.id,
      notificationId: real.id,
    });
    // Published after the forged message, so it comes first only if the forged one was dropped.
    const after = await notify(user.id, 'after the forged message');
    expect((await nextData(s)).data.data.notificationReceived.id).toBe(after.id);
  });

  it('works over POST with Authorization and X-Tenant headers, and sends keep-alives', async () => {
    const user = fx.users['REGION_MANAGER@B11']!;
    const s = await openSse(server.url, '/graphql/stream', {
      body: { query: RECEIVED },
      headers: { authorization: `Bearer ${user.token}`, 'x-tenant': fx.tenant.slug },
    });
    streams.push(s);
    expect(s.status).toBe(200);
    await eventually(
      async () => s.comments,
      (comments) => comments.includes(': keep-alive'),
      3000,
    );
    const row = await notify(user.id, 'over POST');
    expect((await nextData(s)).data.data.notificationReceived.id).toBe(row.id);
  });

  it('works with graphql-sse’s own client (distinct connections mode)', async () => {
    const user = fx.users['COUNTRY_MANAGER@B11']!;
    // The response's headers come once the subscription is registered: 'connected' follows them.
    let connected = () => undefined as void;
    const isConnected = new Promise<void>((resolve) => (connected = resolve));
    const client = createClient({
      url: `${server.url}/graphql/stream`,
      headers: { authorization: `Bearer ${user.token}`, 'x-tenant': fx.tenant.slug },
      retryAttempts: 0,
      on: { connected: () => connected() },
    });
    const iterator = client.iterate<{ notificationReceived: { id: string } }>({ query: RECEIVED });
    const first = iterator.next();
    await isConnected;
    const row = await notify(user.id, 'via graphql-sse client');
    const got = await first;
    expect(got.value?.data?.notificationReceived.id).toBe(row.id);
    await iterator.return?.();
    client.dispose();
  });
});

describe('unreadNotificationCount', () => {
  const COUNT = 'subscription { unreadNotificationCount }';
  const MARK = {
    one: 'mutation($id: ID!) { markNotificationRead(id: $id) { id } }',
    unread: 'mutation($id: ID!) { markNotificationUnread(id: $id) { id } }',
    several: 'mutation($ids: [ID!]!) { markNotificationsRead(ids: $ids) { id } }',
    all: 'mutation { markAllNotificationsRead }',
  };
  // Up to 15 s: on a loaded CI machine (two cores, every test file at once) a recount took longer than 5 s once.
  const count = async (s: SseStream) => (await nextData(s, 15_000)).data.data.unreadNotificationCount as number;
  const counts = (s: SseStream) => s.events.filter((e) => e.event === 'next').map((e) => e.data.data.unreadNotificationCount);
  let reader: { id: string; token: string };
  let bystander: { id: string; token: string };

  beforeAll(async () => {
    const user = async (key: string) => {
      const email = `${key}-${Date.now()}@${fx.tenant.slug}.test`;
      const i = {
        email,
        password: 'count-pass-1',
        firstName: 'C',
        lastName: key,
        role: 'CONSULTANT',
        branchIds: [fx.branches.B12],
      };
      const { id } = (await must(gql(server, CREATE_USER, { i }, fx.as('SUPER_ADMIN')))).createUser;
      return { id: id as string, token: (await login(server, email, i.password, fx.tenant.slug)).accessToken };
    };
    reader = await user('reader');
    bystander = await user('bystander');
  });

  it('emits the count when the stream opens, after a new notification, and after marking one, several or all read and unread', async () => {
    const as = { tenant: fx.tenant.slug, token: reader.token };
    const mark = async (query: string, variables: Record<string, unknown> = {}) => must(gql(server, query, variables, as));
    const s = await subscribe(reader.token, COUNT);
    // The first value is sent once the stream listens: nothing committed after it can be missed.
    expect(await count(s)).toBe(0);
    // One change at a time: a burst waiting is read once (the burst test below), so each value is
    // awaited before the next change.
    const a = await notify(reader.id, 'a');
    expect(await count(s)).toBe(1);
    const b = await notify(reader.id, 'b');
    expect(await count(s)).toBe(2);
    const c = await notify(reader.id, 'c');
    expect(await count(s)).toBe(3);
    await mark(MARK.one, { id: a.id });
    expect(await count(s)).toBe(2);
    await mark(MARK.unread, { id: a.id });
    expect(await count(s)).toBe(3);
    await mark(MARK.several, { ids: [a.id, b.id] });
    expect(await count(s)).toBe(1);
    await mark(MARK.unread, { id: b.id });
    expect(await count(s)).toBe(2);
    await mark(MARK.all);
    expect(await count(s)).toBe(0);
    await mark(MARK.unread, { id: c.id });
    expect(await count(s)).toBe(1);
    expect(counts(s)).toEqual([0, 1, 2, 3, 2, 3, 1, 2, 0, 1]);
  });

  it('ends a burst of changes on the last count, each value sent once and in order', async () => {
    const s = await subscribe(reader.token, COUNT);
    const start = await count(s);
    const burst = await Promise.all([1, 2, 3, 4, 5].map((i) => notify(reader.id, `burst ${i}`)));
    // However the messages were coalesced, the stream reaches start + 5 and never repeats a value.
    await s.next((e) => e.event === 'next' && e.data.data.unreadNotificationCount === start + 5, 15_000);
    const seen = counts(s);
    expect(seen[0]).toBe(start);
    expect(seen.at(-1)).toBe(start + 5);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThan(seen[i - 1]);
    await must(gql(server, MARK.several, { ids: burst.map((n) => n.id) }, { tenant: fx.tenant.slug, token: reader.token }));
    expect(await count(s)).toBe(start);
  });

  it('updates every open stream of the user, and no other user’s stream', async () => {
    await notify(bystander.id, 'bystander one');
    await notify(bystander.id, 'bystander two');
    const first = await subscribe(reader.token, COUNT);
    const second = await subscribe(reader.token, COUNT);
    const other = await subscribe(bystander.token, COUNT);
    const start = await count(first);
    expect(await count(second)).toBe(start);
    expect(await count(other)).toBe(2);
    const n = await notify(reader.id, 'for both streams');
    expect([await count(first), await count(second)]).toEqual([start + 1, start + 1]);
    await must(gql(server, MARK.several, { ids: [n.id] }, { tenant: fx.tenant.slug, token: reader.token }));
    expect([await count(first), await count(second)]).toEqual([start, start]);
    // The bystander's own change comes next on its stream: nothing of the reader's came before it.
    await notify(bystander.id, 'bystander three');
    expect(await count(other)).toBe(3);
    expect(counts(other)).toEqual([2, 3]);
  });

  it('is not moved by a refused markNotificationsRead that names another user’s notification', async () => {
    const s = await subscribe(reader.token, COUNT);
    const start = await count(s);
    const mine = await notify(reader.id, 'still unread');
    expect(await count(s)).toBe(start + 1);
    const theirs = await notify(bystander.id, 'not the reader’s');
    const refused = await gql(
      server,
      MARK.several,
      { ids: [mine.id, theirs.id] },
      { tenant: fx.tenant.slug, token: reader.token },
    );
    expect(refused.codes).toEqual(['NOT_FOUND']);
    await notify(reader.id, 'after the refusal');
    expect(await count(s)).toBe(start + 2);
    expect(counts(s)).toEqual([start, start + 1, start + 2]);
  });
});

describe('onlineUsers', () => {
  const ONLINE = '{ onlineUsers { id } }';
  const onlineAs = async (who: { tenant: string; token: string }) => {
    const r = await must(gql(server, ONLINE, {}, who));
    return (r.onlineUsers as { id: string }[]).map((u) => u.id);
  };
  /** Polls the query (presence follows a socket's close on the server, not the client's call). */
  async function eventually(who: { tenant: string; token: string }, ok: (ids: string[]) => boolean): Promise<string[]> {
    const end = Date.now() + 5000;
    for (;;) {
      const ids = await onlineAs(who);
      if (ok(ids) || Date.now() > end) return ids;
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  it('lists the users of the viewer’s scope with an open stream, until their last stream closes', async () => {
    const user = async (key: string, branch: 'B11' | 'B21') => {
      const email = `${key}-${Date.now()}@${fx.tenant.slug}.test`;
      const i = {
        email,
        password: 'online-pass-1',
        firstName: 'On',
        lastName: key,
        role: 'CONSULTANT',
        branchIds: [fx.branches[branch]],
      };
      const { id } = (await must(gql(server, CREATE_USER, { i }, fx.as('SUPER_ADMIN')))).createUser;
      return { id: id as string, token: (await login(server, email, i.password, fx.tenant.slug)).accessToken };
    };
    const [x, y] = [await user('online-x', 'B21'), await user('online-y', 'B11')];
    const scoped = fx.as('BRANCH_ADMIN@B21');
    expect(await onlineAs(scoped)).not.toContain(x.id);
    const x1 = await subscribe(x.token);
    const x2 = await subscribe(x.token, 'subscription { unreadNotificationCount }');
    const y1 = await subscribe(y.token);
    // The count stream's first value: both streams of x are served.
    await nextData(x2);
    const seen = await onlineAs(scoped);
    expect(seen).toContain(x.id);
    // y is online, but not in the B21 branch admin's scope; the owner sees everyone.
    expect(seen).not.toContain(y.id);
    expect(await onlineAs(fx.as('SUPER_ADMIN'))).toEqual(expect.arrayContaining([x.id, y.id]));

    x1.close();
    y1.close();
    expect(await eventually(fx.as('SUPER_ADMIN'), (ids) => !ids.includes(y.id))).not.toContain(y.id);
    // One of x's streams is still open.
    expect(await onlineAs(scoped)).toContain(x.id);
    x2.close();
    expect(await eventually(scoped, (ids) => !ids.includes(x.id))).not.toContain(x.id);
  });
});

describe('the stream handshake', () => {
  it('refuses a missing token, a token of another tenant and a platform token with 401', async () => {
    const none = await openSse(server.url, streamPath(RECEIVED, undefined, { tenant: fx.tenant.slug }));
    expect(none.status).toBe(401);
    const otherTenant = await subscribe(other.ownerTokens.accessToken);
    expect(otherTenant.status).toBe(401);
    expect(JSON.parse(otherTenant.body).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const platform = await subscribe(admin.token);
    expect(platform.status).toBe(401);
    const garbage = await subscribe('not-a-jwt');
    expect(garbage.status).toBe(401);
  });

  it('answers a platform token in the platform context with FORBIDDEN and ends', async () => {
    const s = await openSse(server.url, streamPath(RECEIVED, undefined, { token: admin.token }));
    expect(s.status).toBe(200);
    const e = await nextData(s);
    expect(e.data.errors[0].extensions.code).toBe('FORBIDDEN');
    await s.ended;
  });

  it('refuses an unknown tenant with TENANT_NOT_FOUND', async () => {
    const s = await subscribe(fx.users['CONSULTANT@B11']!.token, RECEIVED, undefined, 'no-such-tenant');
    expect(s.status).toBe(404);
    expect(JSON.parse(s.body).errors[0].extensions.code).toBe('TENANT_NOT_FOUND');
  });

  it('serves only subscriptions, and reports invalid documents as events', async () => {
    const q = await subscribe(fx.users['CONSULTANT@B11']!.token, '{ unreadNotificationCount }');
    expect((await nextData(q)).data.errors[0].extensions.code).toBe('BAD_REQUEST');
    const bad = await subscribe(fx.users['CONSULTANT@B11']!.token, 'subscription { nope }');
    expect((await nextData(bad)).data.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});

describe('streams end when access ends', () => {
  async function freshUser(key: string) {
    const email = `${key}-${Date.now()}@${fx.tenant.slug}.test`;
    const input = {
      email,
      password: 'fresh-pass-1',
      firstName: 'F',
      lastName: key,
      role: 'CONSULTANT',
      branchIds: [fx.branches.B11],
    };
    const { id } = (await must(gql(server, CREATE_USER, { i: input }, fx.as('SUPER_ADMIN')))).createUser;
    return { id, tokens: await login(server, email, 'fresh-pass-1', fx.tenant.slug) };
  }

  it('logout ends the stream with UNAUTHENTICATED', async () => {
    const u = await freshUser('logout');
    const s = await subscribe(u.tokens.accessToken);
    await s.opened();
    await must(
      gql(
        server,
        'mutation($i: LogoutInput!) { logout(input: $i) }',
        { i: { refreshToken: u.tokens.refreshToken } },
        { tenant: fx.tenant.slug },
      ),
    );
    const e = await nextData(s, 4000);
    expect(e.data.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    await s.ended;
    expect(s.events.at(-1)?.event).toBe('complete');
  });

  it('deactivating the user ends the stream, also at the next message', async () => {
    const u = await freshUser('deact');
    const s = await subscribe(u.tokens.accessToken);
    await s.opened();
    await must(gql(server, 'mutation($id: ID!) { deactivateUser(id: $id) { id } }', { id: u.id }, fx.as('SUPER_ADMIN')));
    // The message is not delivered: the session is re-checked before every message.
    await notify(u.id, 'after deactivation');
    const e = await nextData(s, 4000);
    expect(e.data.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
    await s.ended;
  });
});

describe('clientUpdated', () => {
  let inScope: string;
  let outOfScope: string;
  beforeAll(async () => {
    const mk = async (b: 'B11' | 'B21') =>
      (
        await must(
          gql(
            server,
            CREATE_CLIENT,
            { i: { firstName: `C-${b}`, gender: 'FEMALE', country: 'NP', branchId: fx.branches[b] } },
            fx.as('SUPER_ADMIN'),
          ),
        )
      ).createClient.id as string;
    inScope = await mk('B11');
    outOfScope = await mk('B21');
  });

  it('refuses a client out of the viewer’s scope with NOT_FOUND', async () => {
    const s = await subscribe(fx.users['CONSULTANT@B11']!.token, CLIENT_UPDATED, { id: outOfScope });
    expect((await nextData(s)).data.errors[0].extensions.code).toBe('NOT_FOUND');
    await s.ended;
  });

  it('delivers changes of a visible client and ends with NOT_FOUND when it leaves the scope', async () => {
    const s = await subscribe(fx.users['CONSULTANT@B11']!.token, CLIENT_UPDATED, { id: inScope });
    await s.opened();
    const schema = fx.tenant.schemaName;
    await server.runtime.bus.publish({ kind: 'client', schema, clientId: inScope });
    expect((await nextData(s)).data.data.clientUpdated).toMatchObject({ id: inScope, branch: { id: fx.branches.B11 } });
    await must(
      gql(
        server,
        'mutation($id: ID!, $i: UpdateClientInput!) { updateClient(id: $id, input: $i) { id } }',
        { id: inScope, i: { branchId: fx.branches.B21 } },
        fx.as('SUPER_ADMIN'),
      ),
    );
    await server.runtime.bus.publish({ kind: 'client', schema, clientId: inScope });
    const next = await s.next((e) => e.event === 'next' && Boolean(e.data.errors), 4000);
    expect(next.data.errors[0].extensions.code).toBe('NOT_FOUND');
    await s.ended;
  });
});

// Last in the file: it changes a role's permissions for the rest of the run.
describe('shield on subscription fields', () => {
  it('clientUpdated needs client:read; notificationReceived only a tenant user', async () => {
    const token = fx.users['REGION_MANAGER@B11']!.token;
    const client = await must(
      gql(
        server,
        CREATE_CLIENT,
        { i: { firstName: 'Watched', gender: 'MALE', country: 'NP', branchId: fx.branches.B11 } },
        fx.as('SUPER_ADMIN'),
      ),
    );
    const watching = await subscribe(token, CLIENT_UPDATED, { id: client.createClient.id });
    await watching.opened();
    const perms = await must(gql(server, '{ rolePermissions { role actions } }', {}, fx.as('SUPER_ADMIN')));
    const rm = (perms.rolePermissions as { role: string; actions: string[] }[]).find((p) => p.role === 'REGION_MANAGER')!;
    await must(
      gql(
        server,
        'mutation($i: SetRolePermissionsInput!) { setRolePermissions(input: $i) { role } }',
        { i: { role: 'REGION_MANAGER', actions: rm.actions.filter((a) => a !== 'client:read') } },
        fx.as('SUPER_ADMIN'),
      ),
    );
    // An open stream ends at its next message once the role has lost the permission.
    await server.runtime.bus.publish({ kind: 'client', schema: fx.tenant.schemaName, clientId: client.createClient.id });
    // (With the event processor running, the client's creation may deliver a normal update first.)
    const ended = await watching.next((e) => e.event === 'next' && Boolean(e.data.errors), 4000);
    expect(ended.data.errors[0].extensions.code).toBe('FORBIDDEN');
    await watching.ended;
    const denied = await subscribe(token, CLIENT_UPDATED, { id: '00000000-0000-4000-8000-000000000000' });
    expect((await nextData(denied)).data.errors[0].extensions.code).toBe('FORBIDDEN');
    const allowed = await subscribe(token);
    await allowed.opened();
    const row = await notify(fx.users['REGION_MANAGER@B11']!.id, 'still allowed');
    expect((await nextData(allowed)).data.data.notificationReceived.id).toBe(row.id);
  });
});

describe('stream limits', () => {
  it('a stream outlives the request deadline and the idle timeout, and still delivers', async () => {
    const s = await subscribe(fx.users['BRANCH_ADMIN@B22']!.token);
    // Not a wait for something to happen: the time passing is what is tested.
    await quiet(3500);
    expect(s.isEnded()).toBe(false);
    const row = await notify(fx.users['BRANCH_ADMIN@B22']!.id, 'Still here');
    expect((await nextData(s)).data.data.notificationReceived.id).toBe(row.id);
  });

  it('a user past SSE_MAX_STREAMS_PER_USER is refused with 429 RATE_LIMITED; closing a stream frees its slot', async () => {
    const email = `streams-${Date.now()}@${fx.tenant.slug}.test`;
    const input = { email, password: 'streams-pass-1', firstName: 'S', lastName: 'Tream', role: 'CONSULTANT' };
    await must(gql(server, CREATE_USER, { i: { ...input, branchIds: [fx.branches.B11] } }, fx.as('SUPER_ADMIN')));
    const { accessToken } = await login(server, email, input.password, fx.tenant.slug);
    const max = server.runtime.config.sse.maxStreamsPerUser;
    const mine = await Promise.all(Array.from({ length: max }, () => subscribe(accessToken)));
    expect(mine.map((s) => s.status)).toEqual(Array(max).fill(200));

    const refused = await subscribe(accessToken);
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBeDefined();
    expect(JSON.parse(refused.body).errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 'streamsPerUser', max });
    // A count stream is a stream like any other: it takes a slot too.
    expect((await subscribe(accessToken, 'subscription { unreadNotificationCount }')).status).toBe(429);
    expect((await subscribe(fx.users['CONSULTANT@B12']!.token)).status).toBe(200);

    // The slot is freed when the server sees the connection close.
    mine[0]!.close();
    expect(
      await eventually(
        async () => (await subscribe(accessToken)).status,
        (status) => status === 200,
        5000,
      ),
    ).toBe(200);
  });

  it('a process past SSE_MAX_STREAMS refuses the next stream with 429, whoever asks', async () => {
    const small = await startTestServer({ SSE_MAX_STREAMS: '2' });
    try {
      const t = await createTenant(small, (await loginPlatform(small)).accessToken);
      const open = (token: string) =>
        openSse(small.url, streamPath(RECEIVED, undefined, { token, tenant: t.slug })).then((s) => (streams.push(s), s));
      expect((await open(t.ownerTokens.accessToken)).status).toBe(200);
      expect((await open(t.ownerTokens.accessToken)).status).toBe(200);
      const refused = await open(t.ownerTokens.accessToken);
      expect(refused.status).toBe(429);
      expect(JSON.parse(refused.body).errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 'streams', max: 2 });
    } finally {
      await small.close();
    }
  }, 120_000);
});
