import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/server.js';
import { gql, startTestServer, uniqueSlug } from './kit/server.js';

const SIGN_UP = `mutation($i: SignUpInput!) {
  signUp(input: $i) { tenant { id slug } session { accessToken refreshToken accessTokenExpiresAt } }
}`;

function input(slug: string) {
  return {
    companyName: `Co ${slug}`,
    slug,
    owner: { email: `boss@${slug}.test`, password: 'boss-pass-1', firstName: 'B', lastName: 'Oss' },
  };
}

describe('self-service sign-up', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startTestServer({ SIGNUP_ENABLED: 'true', SIGNUP_MAX_PER_HOUR: '3' });
  });
  afterAll(() => server.close());

  it('creates a working tenant whose owner is logged in and can log in again', async () => {
    const slug = uniqueSlug();
    const r = await gql(server, SIGN_UP, { i: input(slug) });
    expect(r.errors).toBeUndefined();
    expect(r.data?.signUp.tenant.slug).toBe(slug);
    const me = await gql(server, '{ me { email role } }', {}, { tenant: slug, token: r.data?.signUp.session.accessToken });
    expect(me.data?.me).toEqual({ email: `boss@${slug}.test`, role: 'SUPER_ADMIN' });
    const again = await gql(
      server,
      'mutation($i: LoginInput!) { login(input: $i) { accessToken } }',
      { i: { email: `boss@${slug}.test`, password: 'boss-pass-1' } },
      { tenant: slug },
    );
    expect(again.data?.login.accessToken).toBeTruthy();
  });

  it('cannot register into an existing tenant', async () => {
    const slug = uniqueSlug();
    await gql(server, SIGN_UP, { i: input(slug) });
    const r = await gql(server, SIGN_UP, { i: { ...input(slug), companyName: 'Someone else' } });
    expect(r.codes).toEqual(['CONFLICT']);
    const inTenant = await gql(server, SIGN_UP, { i: input(uniqueSlug()) }, { tenant: slug });
    expect(inTenant.codes).toEqual(['FORBIDDEN']);
  });

  it('is rate limited per client address', async () => {
    const r = await gql(server, SIGN_UP, { i: input(uniqueSlug()) });
    expect(r.codes).toEqual(['RATE_LIMITED']);
    expect(r.errors?.[0]?.extensions?.retryAfterSeconds).toBeGreaterThan(0);
  });
});

describe('sign-up when disabled', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startTestServer({ SIGNUP_ENABLED: 'false' });
  });
  afterAll(() => server.close());

  it('is refused and creates nothing', async () => {
    const slug = uniqueSlug();
    const r = await gql(server, SIGN_UP, { i: input(slug) });
    expect(r.codes).toEqual(['FORBIDDEN']);
    const rows = await server.runtime.database.rows('select 1 from public.tenants where slug = $1', [slug]);
    expect(rows).toHaveLength(0);
  });
});
