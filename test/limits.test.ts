// Abuse limits: each hostile request gets a clear error naming the limit, and the server keeps
// serving everyone else.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/server.js';
import { CREATE_USER, userInput } from './kit/org-fixture.js';
import { createTenant, gql, httpRequest, login, loginPlatform, must, startTestServer, type TestTenant } from './kit/server.js';

let server: RunningServer;
let tenant: TestTenant;
let auth: { tenant: string; token: string };

beforeAll(async () => {
  // The production defaults, except the rate limits (their own tests below).
  server = await startTestServer({ MAX_QUERY_DEPTH: '12', MAX_ALIASES: '30', MAX_BATCH_SIZE: '10', BODY_LIMIT: '1mb' });
  tenant = await createTenant(server, (await loginPlatform(server)).accessToken);
  auth = { tenant: tenant.slug, token: tenant.ownerTokens.accessToken };
});
afterAll(() => server.close());

const post = (body: string | Buffer, contentType = 'application/json') =>
  httpRequest(server, 'POST', '/graphql', body, { 'content-type': contentType });

async function stillServing() {
  expect((await gql(server, '{ ping }')).data).toEqual({ ping: true });
  expect((await gql(server, '{ me { email } }', {}, auth)).data?.me.email).toBe(tenant.owner.email);
}

describe('document limits', () => {
  it('a depth bomb is refused as BAD_USER_INPUT naming the depth limit', async () => {
    let inner = 'id';
    for (let i = 0; i < 200; i++) inner = `visaApplications { client { ${inner} } }`;
    const r = await gql(server, `{ clients { nodes { ${inner} } } }`, {}, auth);
    expect(r.status).toBe(400);
    expect(r.codes).toEqual(['BAD_USER_INPUT']);
    expect(r.errors?.[0]?.message).toMatch(/nested more than 12 levels deep; the limit is 12/);
    expect(r.errors?.[0]?.extensions).toMatchObject({ limit: 'depth', max: 12 });
    await stillServing();
  });

  it('an alias flood is refused naming the alias limit', async () => {
    const flood = Array.from({ length: 1000 }, (_, i) => `a${i}: ping`).join(' ');
    const r = await gql(server, `{ ${flood} }`);
    expect(r.status).toBe(400);
    expect(r.codes).toEqual(['BAD_USER_INPUT']);
    expect(r.errors?.[0]?.extensions).toMatchObject({ limit: 'aliases', max: 30, actual: 1000 });
    expect((await gql(server, `{ ${Array.from({ length: 30 }, (_, i) => `a${i}: ping`).join(' ')} }`)).errors).toBeUndefined();
    await stillServing();
  });

  it('a document past the token limit is refused before it is parsed in full', async () => {
    const huge = `{ ${Array.from({ length: 6000 }, () => 'ping').join(' ')} }`;
    const r = await gql(server, huge);
    expect(r.status).toBe(400);
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'tokens', max: 5000 });
    await stillServing();
  });

  it('cost multiplies page sizes: 100 clients × 100 notes is refused, 10 × 100 is served', async () => {
    const query = `query($n: Int!) { clients(first: $n) { nodes { id notes(first: 100) { nodes { id content author { id email } } } } } }`;
    const big = await gql(server, query, { n: 100 }, auth);
    expect(big.status).toBe(400);
    expect(big.codes).toEqual(['BAD_USER_INPUT']);
    expect(big.errors?.[0]?.extensions).toMatchObject({ limit: 'cost', max: 50_000 });
    expect(Number(big.errors?.[0]?.extensions?.actual)).toBeGreaterThan(50_000);
    expect(big.errors?.[0]?.message).toMatch(/smaller pages/);
    const small = await gql(server, query, { n: 10 }, auth);
    expect(small.errors).toBeUndefined();
    // A page size hidden in a variable's default counts like one sent in the variables.
    const byDefault = query.replace('$n: Int!', '$n: Int = 100');
    expect((await gql(server, byDefault, {}, auth)).errors?.[0]?.extensions).toMatchObject({ limit: 'cost', actual: 60_301 });
    await stillServing();
  });
});

describe('the same document limits on /graphql/stream', () => {
  const post = (body: string) =>
    fetch(`${server.url}/graphql/stream`, {
      method: 'POST',
      headers: {
        accept: 'text/event-stream',
        'content-type': 'application/json',
        'x-tenant': auth.tenant,
        authorization: `Bearer ${auth.token}`,
      },
      body,
    });
  const open = (query: string) => post(JSON.stringify({ query })).then((r) => r.text());

  it('refuses a depth bomb, an alias flood and an over-long document as BAD_USER_INPUT events', async () => {
    let inner = 'id';
    for (let i = 0; i < 50; i++) inner = `visaApplications { client { ${inner} } }`;
    const deep = await open(`subscription { clientUpdated(id: "00000000-0000-4000-8000-000000000000") { ${inner} } }`);
    expect(deep).toMatch(/"code":"BAD_USER_INPUT","limit":"depth"/);
    const flood = Array.from({ length: 100 }, (_, i) => `a${i}: id`).join(' ');
    expect(await open(`subscription { notificationReceived { ${flood} } }`)).toMatch(/"limit":"aliases"/);
    const long = `subscription { notificationReceived { ${Array.from({ length: 6000 }, () => 'id').join(' ')} } }`;
    expect(await open(long)).toMatch(/"limit":"tokens"/);
    const huge = await post(
      JSON.stringify({ query: 'subscription { notificationReceived { id } }', variables: { pad: 'x'.repeat(2 * 1024 * 1024) } }),
    );
    expect(huge.status).toBe(413);
    expect(((await huge.json()) as { errors: { extensions: unknown }[] }).errors[0]!.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      limit: 'body',
    });
    await stillServing();
  });
});

describe('request limits', () => {
  it('a batch of 1,000 operations is refused naming the batch limit; a batch of 3 is served', async () => {
    const ops = (n: number) => JSON.stringify(Array.from({ length: n }, () => ({ query: '{ ping }' })));
    const r = await post(ops(1000));
    expect(r.status).toBe(400);
    const body = JSON.parse(r.body);
    expect(body.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', limit: 'batch', max: 10, actual: 1000 });
    expect(body.errors[0].message).toMatch(/at most 10 operations/);
    const ok = await post(ops(3));
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toEqual([{ data: { ping: true } }, { data: { ping: true } }, { data: { ping: true } }]);
    expect(JSON.parse((await post('[]')).body).errors[0].extensions).toMatchObject({ limit: 'batch', actual: 0 });
    await stillServing();
  });

  it('a 10 MB body is refused with 413 naming the body limit', async () => {
    const body = JSON.stringify({ query: '{ ping }', variables: { pad: 'x'.repeat(10 * 1024 * 1024) } });
    const r = await post(body);
    expect(r.status).toBe(413);
    const error = JSON.parse(r.body).errors[0];
    expect(error.message).toBe('Request body is larger than 1mb');
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'body', max: 1024 * 1024 });
    await stillServing();
  });

  it('malformed JSON is refused with 400 BAD_REQUEST', async () => {
    const r = await post('{"query": "{ ping }",');
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body).errors[0]).toEqual({
      message: 'Request body is not valid JSON',
      extensions: { code: 'BAD_REQUEST' },
    });
    await stillServing();
  });

  it('a wrong content type is refused with 415 naming the type expected', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const r = await post(JSON.stringify({ query: '{ ping }' }), type);
      expect(r.status).toBe(415);
      expect(JSON.parse(r.body).errors[0].message).toBe(`Content-Type must be application/json (got ${type})`);
    }
    await stillServing();
  });
});

describe('rate limits', () => {
  let limited: RunningServer;
  let t: TestTenant;
  beforeAll(async () => {
    limited = await startTestServer({
      RATE_LIMIT_USER_PER_MINUTE: '5',
      RATE_LIMIT_TENANT_PER_MINUTE: '8',
      RATE_LIMIT_ANONYMOUS_PER_MINUTE: '4',
    });
    // The platform admin's bucket: one login, one createTenant; the owner's own login is anonymous.
    t = await createTenant(limited, (await loginPlatform(limited)).accessToken);
  });
  afterAll(() => limited.close());

  it('a user past its allowance gets RATE_LIMITED with Retry-After, while another user of the tenant is served', async () => {
    const owner = { tenant: t.slug, token: t.ownerTokens.accessToken };
    const input = userInput(t.slug, 'second', 'COUNTRY_MANAGER');
    await must(gql(limited, CREATE_USER, { i: input }, owner)); // 1 of the owner's 5
    for (let i = 0; i < 4; i++) expect((await gql(limited, '{ me { id } }', {}, owner)).errors).toBeUndefined();
    const refused = await httpRequest(limited, 'POST', '/graphql', JSON.stringify({ query: '{ me { id } }' }), {
      'content-type': 'application/json',
      'x-tenant': t.slug,
      authorization: `Bearer ${owner.token}`,
    });
    expect(refused.status).toBe(429);
    const error = JSON.parse(refused.body).errors[0];
    expect(error.extensions.code).toBe('RATE_LIMITED');
    expect(error.extensions.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(refused.headers['retry-after']).toBe(String(error.extensions.retryAfterSeconds));
    expect(error.message).toMatch(/this user/);

    const second = { tenant: t.slug, token: (await login(limited, input.email, input.password, t.slug)).accessToken };
    expect((await gql(limited, '{ me { id } }', {}, second)).errors).toBeUndefined();
  });

  it('the tenant as a whole has its own allowance', async () => {
    // The tenant has spent 6 of its 8 (the owner's 5 and the second user's 1); two more, then refused.
    const second = {
      tenant: t.slug,
      token: (await login(limited, `second@${t.slug}.test`, 'second-pass-1', t.slug)).accessToken,
    };
    const codes: string[] = [];
    for (let i = 0; i < 3; i++) codes.push((await gql(limited, '{ me { id } }', {}, second)).codes[0] ?? 'ok');
    expect(codes).toEqual(['ok', 'ok', 'RATE_LIMITED']);
    const r = await gql(limited, '{ me { id } }', {}, second);
    expect(r.errors?.[0]?.message).toMatch(/this tenant/);
  });

  it('anonymous requests are limited per address, and a batch spends one per operation', async () => {
    const fresh = await startTestServer({ RATE_LIMIT_ANONYMOUS_PER_MINUTE: '4' });
    // An address of this test's own (the loopback proxy is trusted), so that whatever else spends
    // 127.0.0.1's allowance (on PostgreSQL servers of one database share spending) cannot count here.
    const address = { 'x-forwarded-for': `198.51.100.${Math.floor(Math.random() * 250) + 1}` };
    const headers = { 'content-type': 'application/json', ...address };
    try {
      const batch = JSON.stringify([{ query: '{ ping }' }, { query: '{ ping }' }, { query: '{ ping }' }]);
      const first = await httpRequest(fresh, 'POST', '/graphql', batch, headers);
      expect(first.status).toBe(200);
      const second = await httpRequest(fresh, 'POST', '/graphql', batch, headers);
      expect(second.status).toBe(429);
      expect(JSON.parse(second.body).errors[0].message).toMatch(/this address/);
      expect((await gql(fresh, '{ ping }', {}, { headers: address })).data).toEqual({ ping: true });
      expect((await gql(fresh, '{ ping }', {}, { headers: address })).codes).toEqual(['RATE_LIMITED']);
    } finally {
      await fresh.close();
    }
  });
});

describe('introspection, CORS and security headers', () => {
  it('introspection and the printed SDL are off when INTROSPECTION=false', async () => {
    const closed = await startTestServer({ INTROSPECTION: 'false' });
    try {
      const r = await gql(closed, '{ __schema { queryType { name } } }');
      expect(r.status).toBe(400);
      expect(r.errors?.[0]?.message).toMatch(/introspection/i);
      expect((await httpRequest(closed, 'GET', '/graphql/schema.graphql')).status).toBe(404);
      expect((await gql(closed, '{ ping }')).data).toEqual({ ping: true });
    } finally {
      await closed.close();
    }
    expect((await gql(server, '{ __schema { queryType { name } } }')).data).toEqual({
      __schema: { queryType: { name: 'Query' } },
    });
  });

  it("allows a tenant's own origins and CORS_ORIGINS, and nobody else", async () => {
    const strict = await startTestServer({ CORS_ORIGINS: 'https://admin.example.com', BASE_DOMAIN: 'crm.test' });
    try {
      const t = await createTenant(strict, (await loginPlatform(strict)).accessToken);
      const preflight = (origin: string) =>
        httpRequest(strict, 'OPTIONS', '/graphql', undefined, {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization, content-type, x-tenant',
        });
      for (const origin of [`https://${t.slug}.crm.test`, `http://${t.slug}.crm.test:5173`, 'https://admin.example.com']) {
        const r = await preflight(origin);
        expect(r.status, origin).toBe(204);
        expect(r.headers['access-control-allow-origin']).toBe(origin);
        expect(String(r.headers['access-control-allow-headers'])).toMatch(/x-tenant/);
      }
      for (const origin of ['https://evil.example', 'https://unknown-tenant.crm.test', 'https://crm.test.evil.example']) {
        const r = await preflight(origin);
        expect(r.status, origin).toBe(403);
        expect(r.headers['access-control-allow-origin']).toBeUndefined();
      }
      const simple = await httpRequest(strict, 'POST', '/graphql', JSON.stringify({ query: '{ ping }' }), {
        'content-type': 'application/json',
        origin: 'https://evil.example',
      });
      expect(simple.headers['access-control-allow-origin']).toBeUndefined();
      expect(simple.headers.vary).toMatch(/Origin/);
    } finally {
      await strict.close();
    }
  });

  it('sets security headers and a request id on every response', async () => {
    const r = await httpRequest(server, 'POST', '/graphql', JSON.stringify({ query: '{ ping }' }), {
      'content-type': 'application/json',
      'x-request-id': 'trace-123',
    });
    expect(r.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
      'x-request-id': 'trace-123',
    });
    expect(r.headers['content-security-policy']).toMatch(/default-src 'none'/);
    const junk = await httpRequest(server, 'GET', '/healthz', undefined, { 'x-request-id': 'x'.repeat(101) });
    expect(junk.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
