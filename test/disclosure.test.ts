// What a production server tells a stranger (security issue 13, finding 12): with introspection
// off, no error suggests the names of fields or types, and /metrics needs its token.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningServer } from '../src/server.js';
import { gql, httpRequest, sharedKeyEnv, startTestServer } from './kit/server.js';

let server: RunningServer;

beforeAll(async () => {
  // Production defaults: introspection off, metrics on, no METRICS_TOKEN.
  server = await startTestServer({ NODE_ENV: 'production', ...(await sharedKeyEnv()) });
}, 60_000);
afterAll(() => server.close());

it('in production a misspelt field is refused without suggesting the field it resembles', async () => {
  const r = await gql(server, '{ tenantz { totalCount } }');
  expect(r.codes).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  expect(r.errors![0]!.message).toBe('Cannot query field "tenantz" on type "Query".');
});

it('in production a misspelt input field, inline or in the variables, suggests nothing', async () => {
  const inline = await gql(server, 'mutation { login(input: { emial: "a@b.co", password: "x" }) { accessToken } }');
  const variables = await gql(server, 'mutation($i: LoginInput!) { login(input: $i) { accessToken } }', {
    i: { emial: 'a@b.co', password: 'x' },
  });
  for (const r of [inline, variables]) {
    expect(r.errors!.length).toBeGreaterThan(0);
    for (const e of r.errors!) expect(e.message).not.toMatch(/Did you mean/);
  }
});

it('in production /metrics answers 401 while METRICS_TOKEN is not set', async () => {
  const r = await httpRequest(server, 'GET', '/metrics');
  expect(r.status).toBe(401);
  expect(r.body).toContain('METRICS_TOKEN');
  expect(r.body).not.toContain('leopard_');
});
