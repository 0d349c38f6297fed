// Aliases and batches do not multiply expensive work: rate limits spend one unit per executed root
// field, and an operation may open at most one session (login, refreshSession, signUp).
import { describe, expect, it, vi } from 'vitest';
import { CREATE_USER } from './kit/org-fixture.js';
import { gql, httpRequest } from './kit/server.js';
import { useTenantServer } from './kit/use-server.js';

/** An address of this test's own (the loopback proxy is trusted): on PostgreSQL, servers of one database share spending. */
const freshAddress = () => ({
  'x-forwarded-for': `198.51.100.${Math.floor(Math.random() * 250) + 1}, 203.0.113.${Math.floor(Math.random() * 250) + 1}`,
});

const aliasedLogins = (n: number, email: string) =>
  `mutation { ${Array.from({ length: n }, (_, i) => `l${i}: login(input: { email: "${email}", password: "wrong-pass-${i}" }) { accessToken }`).join(' ')} }`;

describe('one session per operation', () => {
  const { server, tenant } = useTenantServer();

  it('a batch of ten documents with thirty aliased logins each checks no password and opens no session', async () => {
    const verify = vi.spyOn(server.runtime.passwords, 'verify');
    try {
      const batch = JSON.stringify(Array.from({ length: 10 }, () => ({ query: aliasedLogins(30, tenant.owner.email) })));
      const res = await httpRequest(server, 'POST', '/graphql', batch, {
        'content-type': 'application/json',
        'x-tenant': tenant.slug,
        ...freshAddress(),
      });
      const answers = JSON.parse(res.body) as {
        data?: unknown;
        errors: { message: string; extensions: Record<string, unknown> }[];
      }[];
      expect(answers).toHaveLength(10);
      for (const answer of answers) {
        expect(answer.data).toBeUndefined();
        expect(answer.errors[0]!.extensions).toMatchObject({
          code: 'BAD_USER_INPUT',
          limit: 'session',
          field: 'login',
          max: 1,
          actual: 30,
        });
        expect(answer.errors[0]!.message).toMatch(/`login` at most once/);
      }
      expect(verify).not.toHaveBeenCalled();
    } finally {
      verify.mockRestore();
    }
  });

  it('two session fields reached through fragments on the root are refused, naming the first', async () => {
    const r = await gql(
      server,
      `mutation($i: LoginInput!) { ...Both }
       fragment Both on Mutation { login(input: $i) { accessToken } ... on Mutation { refreshSession(input: { refreshToken: "x" }) { accessToken } } }`,
      { i: { email: tenant.owner.email, password: tenant.owner.password } },
      { tenant: tenant.slug, headers: freshAddress() },
    );
    expect(r.status).toBe(400);
    expect(r.codes).toEqual(['BAD_USER_INPUT']);
    expect(r.errors?.[0]?.extensions).toMatchObject({ limit: 'session', field: 'login', max: 1, actual: 2 });
  });

  it('a session field left out by @skip does not count, and one login per operation is served', async () => {
    const r = await gql(
      server,
      `mutation($i: LoginInput!, $no: Boolean = true) {
         login(input: $i) { accessToken }
         again: login(input: $i) @skip(if: $no) { accessToken }
       }`,
      { i: { email: tenant.owner.email, password: tenant.owner.password } },
      { tenant: tenant.slug, headers: freshAddress() },
    );
    expect(r.errors).toBeUndefined();
    expect(r.data?.login.accessToken).toBeTruthy();
  });
});

describe('rate limits per root field', () => {
  const { server, tenant } = useTenantServer({ RATE_LIMIT_ANONYMOUS_PER_MINUTE: '8', RATE_LIMIT_USER_PER_MINUTE: '4' });

  it('an anonymous batch spends one unit per root field of each document, not one per document', async () => {
    const headers = { 'content-type': 'application/json', ...freshAddress() };
    const batch = JSON.stringify([{ query: '{ a: ping b: ping c: ping }' }, { query: '{ a: ping b: ping c: ping }' }]);
    expect((await httpRequest(server, 'POST', '/graphql', batch, headers)).status).toBe(200); // 6 of 8
    const refused = await httpRequest(
      server,
      'POST',
      '/graphql',
      JSON.stringify({ query: '{ a: ping b: ping c: ping }' }),
      headers,
    );
    expect(refused.status).toBe(429);
    const error = JSON.parse(refused.body).errors[0];
    expect(error.extensions.code).toBe('RATE_LIMITED');
    expect(error.message).toMatch(/this address/);
    expect(refused.headers['retry-after']).toBe(String(error.extensions.retryAfterSeconds));
    // The refused operation paid its first unit (it was parsed and checked): one is left.
    const last = await httpRequest(server, 'POST', '/graphql', JSON.stringify({ query: '{ ping }' }), headers);
    expect(JSON.parse(last.body)).toEqual({ data: { ping: true } });
    expect((await httpRequest(server, 'POST', '/graphql', JSON.stringify({ query: '{ ping }' }), headers)).status).toBe(429);
  });

  it('five aliased createUser calls past a user allowance of four are refused before any password is hashed', async () => {
    const hash = vi.spyOn(server.runtime.passwords, 'hash');
    try {
      const fields = Array.from(
        { length: 5 },
        (_, i) =>
          `u${i}: createUser(input: { email: "u${i}@${tenant.slug}.test", password: "user-pass-${i}1", firstName: "U", lastName: "${i}", role: COUNTRY_MANAGER }) { id }`,
      );
      const res = await httpRequest(server, 'POST', '/graphql', JSON.stringify({ query: `mutation { ${fields.join(' ')} }` }), {
        'content-type': 'application/json',
        'x-tenant': tenant.slug,
        authorization: `Bearer ${tenant.ownerTokens.accessToken}`,
      });
      expect(res.status).toBe(429);
      const body = JSON.parse(res.body);
      expect(body.data).toBeUndefined();
      expect(body.errors[0].extensions.code).toBe('RATE_LIMITED');
      expect(body.errors[0].message).toMatch(/this user/);
      expect(res.headers['retry-after']).toBe(String(body.errors[0].extensions.retryAfterSeconds));
      expect(hash).not.toHaveBeenCalled();
      // One createUser is within what is left.
      const one = await gql(
        server,
        CREATE_USER,
        {
          i: {
            email: `one@${tenant.slug}.test`,
            password: 'user-pass-one',
            firstName: 'O',
            lastName: 'N',
            role: 'COUNTRY_MANAGER',
          },
        },
        { tenant: tenant.slug, token: tenant.ownerTokens.accessToken },
      );
      expect(one.errors).toBeUndefined(); // the refused operation paid 1; this one pays 1 of the 3 left
    } finally {
      hash.mockRestore();
    }
  });
});
