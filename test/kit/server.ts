// Starts a real server (in this process, real HTTP on an ephemeral port) for one test file, and
// the small client helpers every test uses. Each file makes its own tenants, so files run in
// parallel against one PostgreSQL database without truncating anything.
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { exportPKCS8, exportSPKI, generateKeyPair } from 'jose';
import { inject } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startServer, type RunningServer, type StartOptions } from '../../src/server.js';

export const PLATFORM_ADMIN = { email: 'platform@test.local', password: 'platform-pass-1' };

export async function startTestServer(env: Record<string, string> = {}, options: StartOptions = {}): Promise<RunningServer> {
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: process.env.DATABASE_URL,
    DATABASE_LISTEN_URL: process.env.DATABASE_LISTEN_URL,
    DB_PREPARED_STATEMENTS: process.env.DB_PREPARED_STATEMENTS,
    DB_POOL_MAX: '10',
    ARGON2_MEMORY_KIB: '64',
    ARGON2_TIME_COST: '1',
    PLATFORM_ADMIN_EMAIL: PLATFORM_ADMIN.email,
    PLATFORM_ADMIN_PASSWORD: PLATFORM_ADMIN.password,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    // Test files fire thousands of operations as a handful of users; test/limits.test.ts sets its own.
    RATE_LIMIT_USER_PER_MINUTE: '0',
    RATE_LIMIT_TENANT_PER_MINUTE: '0',
    RATE_LIMIT_ANONYMOUS_PER_MINUTE: '0',
    ...env,
  });
  const template = inject('pgliteTemplate');
  const pgliteLoadDataDir = template ? new Blob([readFileSync(template)]) : undefined;
  return startServer(config, { ...options, ...(pgliteLoadDataDir ? { pgliteLoadDataDir } : {}) });
}

/**
 * The environment of a server run as a child process (src/main.ts): this process's environment
 * less `drop`, then `env` (signing keys, a database of its own), then what every test server
 * runs with (as `startTestServer`, with a smaller pool), then `overrides`.
 */
export function childEnv(
  env: Record<string, string>,
  overrides: Record<string, string> = {},
  drop: string[] = [],
): Record<string, string> {
  const base: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) base[k] = v;
  for (const k of drop) delete base[k];
  return {
    ...base,
    ...env,
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    DB_POOL_MAX: '5',
    ARGON2_MEMORY_KIB: '64',
    ARGON2_TIME_COST: '1',
    PLATFORM_ADMIN_EMAIL: PLATFORM_ADMIN.email,
    PLATFORM_ADMIN_PASSWORD: PLATFORM_ADMIN.password,
    LOG_LEVEL: 'silent',
    ...overrides,
  };
}

/** Signing keys to give several test servers, so a token from one is valid on the others (as in production). */
export async function sharedKeyEnv(): Promise<Record<string, string>> {
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { extractable: true });
  return { JWT_ALG: 'EdDSA', JWT_PRIVATE_KEY: await exportPKCS8(privateKey), JWT_PUBLIC_KEY: await exportSPKI(publicKey) };
}

export interface GqlResult<T = Record<string, unknown>> {
  status: number;
  data: T | null;
  errors:
    | { message: string; extensions?: { code?: string; fields?: { path: string; message: string }[]; [k: string]: unknown } }[]
    | undefined;
  codes: string[];
}

export interface GqlOptions {
  tenant?: string;
  token?: string;
  headers?: Record<string, string>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read loosely typed JSON
export async function gql<T = Record<string, any>>(
  server: RunningServer,
  query: string,
  variables: Record<string, unknown> = {},
  opts: GqlOptions = {},
): Promise<GqlResult<T>> {
  const res = await httpRequest(server, 'POST', '/graphql', JSON.stringify({ query, variables }), {
    'content-type': 'application/json',
    ...(opts.tenant ? { 'x-tenant': opts.tenant } : {}),
    ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
    ...opts.headers,
  });
  const body = JSON.parse(res.body) as { data?: T; errors?: GqlResult['errors'] };
  return {
    status: res.status,
    data: body.data ?? null,
    errors: body.errors,
    codes: (body.errors ?? []).map((e) => String(e.extensions?.code)),
  };
}

/** The data of a call that must succeed (setup steps); throws with the errors otherwise. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read loosely typed JSON
export async function must(p: Promise<GqlResult>): Promise<Record<string, any>> {
  const r = await p;
  if (!r.data || r.errors) throw new Error(`setup step failed: ${JSON.stringify(r.errors)}`);
  return r.data;
}

export function uniqueSlug(prefix = 't'): string {
  return `${prefix}-${randomBytes(5).toString('hex')}`;
}

export const LOGIN = `mutation($i: LoginInput!) { login(input: $i) { accessToken refreshToken accessTokenExpiresAt } }`;

export interface Tokens {
  accessToken: string;
  refreshToken: string;
}

export async function login(server: RunningServer, email: string, password: string, tenant?: string): Promise<Tokens> {
  const r = await gql<{ login: Tokens }>(server, LOGIN, { i: { email, password } }, tenant ? { tenant } : {});
  if (!r.data?.login) throw new Error(`login failed: ${JSON.stringify(r.errors)}`);
  return r.data.login;
}

export const loginPlatform = (server: RunningServer) => login(server, PLATFORM_ADMIN.email, PLATFORM_ADMIN.password);

export const CREATE_TENANT = `mutation($i: CreateTenantInput!) {
  createTenant(input: $i) { id name slug schemaName isActive subscriptionStatus maxUsers domains }
}`;

export interface TestTenant {
  id: string;
  slug: string;
  schemaName: string;
  owner: { email: string; password: string };
  ownerTokens: Tokens;
}

/** Provisions a tenant through the API and logs its owner in. */
export async function createTenant(
  server: RunningServer,
  platformToken: string,
  extra: Record<string, unknown> = {},
): Promise<TestTenant> {
  const slug = uniqueSlug();
  const owner = { email: `owner@${slug}.test`, password: 'owner-pass-1', firstName: 'Olive', lastName: 'Owner' };
  const r = await gql<{ createTenant: { id: string; slug: string; schemaName: string } }>(
    server,
    CREATE_TENANT,
    { i: { name: `Agency ${slug}`, slug, owner, ...extra } },
    { token: platformToken },
  );
  if (!r.data?.createTenant) throw new Error(`createTenant failed: ${JSON.stringify(r.errors)}`);
  const ownerTokens = await login(server, owner.email, owner.password, slug);
  return { ...r.data.createTenant, owner, ownerTokens };
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A plain HTTP request (node:http, so Host and other headers fetch forbids can be set). */
export function httpRequest(
  server: RunningServer,
  method: string,
  path: string,
  body?: string | Buffer,
  headers: Record<string, string> = {},
): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: server.port,
        method,
        path,
        headers: { ...(body ? { 'content-length': String(Buffer.byteLength(body)) } : {}), ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}
