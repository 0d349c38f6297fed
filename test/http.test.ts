import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setFaultHook } from '../src/db/fault-points.js';
import type { RunningServer } from '../src/server.js';
import { createTenant, gql, httpRequest, loginPlatform, must, startTestServer, type TestTenant } from './kit/server.js';

let server: RunningServer;
let tenant: TestTenant;
/** The server's log lines, parsed. */
const logs: Record<string, unknown>[] = [];

beforeAll(async () => {
  const logger = pino(
    { level: 'info' },
    { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) },
  );
  server = await startTestServer({ BODY_LIMIT: '100kb', MAX_QUERY_DEPTH: '4' }, { logger });
  tenant = await createTenant(server, (await loginPlatform(server)).accessToken);
});
afterAll(() => server.close());
afterEach(() => setFaultHook(undefined));

describe('HTTP surface', () => {
  it('answers health and readiness', async () => {
    expect(await httpRequest(server, 'GET', '/healthz')).toMatchObject({ status: 200 });
    const ready = await httpRequest(server, 'GET', '/readyz');
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.body)).toMatchObject({ status: 'ready' });
  });

  it('serves the printed SDL, identical to the committed schema.generated.graphql', async () => {
    const res = await httpRequest(server, 'GET', '/graphql/schema.graphql');
    expect(res.status).toBe(200);
    const { readFileSync } = await import('node:fs');
    expect(res.body.trim()).toBe(readFileSync('schema.generated.graphql', 'utf8').trim());
  });

  it('refuses malformed JSON with a clear error and keeps serving', async () => {
    const res = await httpRequest(server, 'POST', '/graphql', '{"query": ', { 'content-type': 'application/json' });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body).errors[0].message).toMatch(/not valid JSON/);
    expect((await gql(server, '{ ping }')).data).toEqual({ ping: true });
  });

  it('refuses a body over the limit', async () => {
    const big = JSON.stringify({ query: `{ ping }`, variables: { pad: 'x'.repeat(200_000) } });
    const res = await httpRequest(server, 'POST', '/graphql', big, { 'content-type': 'application/json' });
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body).errors[0].message).toMatch(/larger than/);
  });

  it('refuses queries nested deeper than the limit, fragments included, and keeps serving', async () => {
    const auth = { tenant: tenant.slug, token: tenant.ownerTokens.accessToken };
    expect((await gql(server, '{ branches { nodes { region { id } } } }', {}, auth)).errors).toBeUndefined();
    const deep = await gql(server, '{ branches { edges { node { region { id } } } } }', {}, auth);
    expect(deep.codes).toEqual(['BAD_USER_INPUT']);
    expect(deep.errors?.[0]?.message).toMatch(/limit is 4/);
    expect(deep.errors?.[0]?.extensions).toMatchObject({ limit: 'depth', max: 4 });
    const viaFragment = await gql(
      server,
      '{ branches { edges { ...E } } } fragment E on BranchEdge { node { region { id } } }',
      {},
      auth,
    );
    expect(viaFragment.codes).toEqual(['BAD_USER_INPUT']);
    expect((await gql(server, '{ ping }')).data).toEqual({ ping: true });
  });

  it('blocks simple-request CSRF: a GET mutation is refused and a text/plain POST gets 415', async () => {
    const get = await httpRequest(server, 'GET', `/graphql?query=${encodeURIComponent('mutation { ping }')}`);
    expect(get.status).toBe(400);
    const plain = await httpRequest(server, 'POST', '/graphql', JSON.stringify({ query: 'mutation { ping }' }), {
      'content-type': 'text/plain',
    });
    expect(plain.status).toBe(415);
    expect(JSON.parse(plain.body).errors[0].message).toMatch(/Content-Type must be application\/json/);
    const okGet = await httpRequest(server, 'GET', `/graphql?query=${encodeURIComponent('{ ping }')}`, undefined, {
      'apollo-require-preflight': 'true',
    });
    expect(JSON.parse(okGet.body)).toEqual({ data: { ping: true } });
  });

  it('masks unexpected errors: no internals in the response, the whole error in the log with the request id', async () => {
    const auth = { tenant: tenant.slug, token: tenant.ownerTokens.accessToken };
    const region = (await must(gql(server, 'mutation { createRegion(input: { name: "North" }) { id } }', {}, auth))).createRegion
      .id as string;
    // A plain Error from deep inside a write, as a driver or a bug would throw: nothing the API expects.
    const secret = 'relation "t_secret"."branches" violates something at /srv/app/src/internal.ts:42';
    setFaultHook((point) => {
      if (point === 'branch.create.checked') throw new Error(secret);
    });
    const requestId = `req-${Date.now()}`;
    const r = await gql(
      server,
      'mutation($i: CreateBranchInput!) { createBranch(input: $i) { id } }',
      { i: { name: 'Main', regionId: region } },
      { ...auth, headers: { 'x-request-id': requestId } },
    );
    expect(r.data).toBeNull();
    expect(r.errors).toEqual([
      {
        message: 'Internal server error',
        path: ['createBranch'],
        locations: [expect.any(Object)],
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      },
    ]);
    expect(JSON.stringify(r.errors)).not.toMatch(/t_secret|internal\.ts|stacktrace|at \//);
    const logged = logs.find((l) => l.msg === 'unexpected error' && JSON.stringify(l.err).includes('t_secret'));
    expect(logged).toMatchObject({ level: 50, path: ['createBranch'], err: { message: secret } });
    expect(JSON.stringify(logged)).toContain(requestId);
  });
});

describe('tenant resolution', () => {
  it('finds the tenant by X-Tenant, by <slug>.<BASE_DOMAIN> host, and none means the platform', async () => {
    expect((await gql(server, '{ tenantInfo { slug } }', {}, { tenant: tenant.slug })).data?.tenantInfo.slug).toBe(tenant.slug);
    const byHost = await gql(server, '{ tenantInfo { slug } }', {}, { headers: { host: `${tenant.slug}.localhost:4000` } });
    expect(byHost.data?.tenantInfo.slug).toBe(tenant.slug);
    expect((await gql(server, '{ tenantInfo { slug } }', {}, { headers: { host: 'localhost' } })).data?.tenantInfo).toBeNull();
  });

  it('answers TENANT_NOT_FOUND for an unknown tenant, by header or host', async () => {
    expect((await gql(server, '{ ping }', {}, { tenant: 'no-such-tenant' })).codes).toEqual(['TENANT_NOT_FOUND']);
    expect((await gql(server, '{ ping }', {}, { headers: { host: 'no-such-tenant.localhost' } })).codes).toEqual([
      'TENANT_NOT_FOUND',
    ]);
  });

  it('platform operations are refused inside a tenant and tenant operations outside', async () => {
    expect(
      (await gql(server, '{ tenants { totalCount } }', {}, { tenant: tenant.slug, token: tenant.ownerTokens.accessToken })).codes,
    ).toEqual(['FORBIDDEN']);
    expect((await gql(server, '{ regions { totalCount } }')).codes).toEqual(['FORBIDDEN']);
  });
});
