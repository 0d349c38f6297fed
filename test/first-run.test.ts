// The quick start's first command, as a newcomer runs it: `src/main.ts` (what `npm start` runs) in
// development on an empty database creates the platform admin and a demo tenant filled with data,
// prints a login per role, and those logins work and see their own scope. A second start on the
// same database creates nothing and keeps what is there; a start after one stopped while seeding
// makes the demo again.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { tenantCreate } from '../src/modules/platform/index.js';
import { DEMO } from '../src/seed/data.js';
import { startServer } from '../src/server.js';
import { mainOn, ownDatabase, type OwnDatabase } from './kit/own-database.js';
import { sharedKeyEnv } from './kit/server.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

const ARGON2 = { ARGON2_MEMORY_KIB: '64', ARGON2_TIME_COST: '1' };
const databases: { own: OwnDatabase; keysDir: string }[] = [];
const children = new Set<ChildProcess>();

/** A database of the test's own, and a DATA_DIR for development's signing keys (never the checkout's .data/). */
async function freshDatabase(): Promise<{ own: OwnDatabase; keysDir: string }> {
  const own = await ownDatabase('firstrun');
  const db = { own, keysDir: own.dataDir ?? mkdtempSync(join(tmpdir(), 'leopard-firstrun-keys-')) };
  databases.push(db);
  return db;
}

afterAll(async () => {
  // A test that timed out may have left its server running.
  for (const child of children) child.kill('SIGKILL');
  for (const { own, keysDir } of databases) {
    await own.drop();
    if (keysDir !== own.dataDir) rmSync(keysDir, { recursive: true, force: true });
  }
});

interface Started {
  url: string;
  stdout: string;
  stop(): Promise<void>;
}

/** The environment of `npm start` in development on this database. */
function devEnv({ own, keysDir }: { own: OwnDatabase; keysDir: string }): Record<string, string | undefined> {
  return {
    ...process.env,
    NODE_ENV: 'development',
    ...mainOn(own, keysDir),
    ...ARGON2,
    PLATFORM_ADMIN_EMAIL: undefined,
    PLATFORM_ADMIN_PASSWORD: undefined,
  };
}

/** Starts `src/main.ts` and waits for the line it prints once it is serving (the banner or the short greeting). */
async function start(db: { own: OwnDatabase; keysDir: string }, env: Record<string, string | undefined> = {}): Promise<Started> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { ...devEnv(db), ...env } as NodeJS.ProcessEnv,
  });
  children.add(proc);
  let stdout = '';
  let stderr = '';
  proc.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  proc.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const exited = new Promise<number | null>((resolve) =>
    proc.once('exit', (code) => {
      children.delete(proc);
      resolve(code);
    }),
  );
  const end = Date.now() + 90_000;
  for (;;) {
    const url = /(?:Playground: |Leopard GraphQL on )(http:\/\/[\d.:]+)/.exec(stdout)?.[1];
    // The banner is printed in one write: wait for its last line.
    if (url && (/curl -s .*\n.*\n\n/.test(stdout) || stdout.includes('Leopard GraphQL on'))) {
      return {
        url,
        stdout,
        async stop() {
          proc.kill('SIGTERM');
          expect(await exited).toBe(0);
        },
      };
    }
    if (proc.exitCode !== null || Date.now() > end) {
      proc.kill('SIGKILL');
      throw new Error(`src/main.ts did not come up\nstdout:\n${stdout}\nstderr:\n${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read loosely typed JSON
async function call(url: string, query: string, variables: Record<string, unknown>, token?: string): Promise<any> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-tenant': 'demo', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: unknown; errors?: unknown };
  if (!body.data || body.errors) throw new Error(`${query}: ${JSON.stringify(body.errors)}`);
  return body.data;
}

const LOGIN = 'mutation($i: LoginInput!) { login(input: $i) { accessToken } }';
const SEEN = `{ me { role } clients(first: 100) { totalCount edges { node { branch { id } } } }
  tasks(first: 1) { totalCount } visaApplications(first: 1) { totalCount } }`;

async function seenBy(url: string, email: string, password: string) {
  const token = (await call(url, LOGIN, { i: { email, password } })).login.accessToken as string;
  const d = await call(url, SEEN, {}, token);
  return {
    role: d.me.role as string,
    clients: d.clients.totalCount as number,
    branches: new Set(d.clients.edges.map((e: { node: { branch: { id: string } } }) => e.node.branch.id)).size,
    tasks: d.tasks.totalCount as number,
    visaApplications: d.visaApplications.totalCount as number,
  };
}

/** The `ROLE  email  password` lines of the banner. */
function bannerLogins(stdout: string): Map<string, { email: string; password: string }> {
  const out = new Map<string, { email: string; password: string }>();
  for (const m of stdout.matchAll(/^ {2}([A-Z_]+) +(\S+@demo\.localhost) +(\S+)$/gm))
    out.set(m[1]!, { email: m[2]!, password: m[3]! });
  return out;
}

it('the first start creates a demo agency with data and a login per role; the second keeps it', async () => {
  const db = await freshDatabase();
  const first = await start(db);
  let firstSeen: Awaited<ReturnType<typeof seenBy>>;
  try {
    expect(first.stdout).toContain('Demo data created');
    const logins = bannerLogins(first.stdout);
    expect([...logins.keys()]).toEqual(['SUPER_ADMIN', 'COUNTRY_MANAGER', 'REGION_MANAGER', 'BRANCH_ADMIN', 'CONSULTANT']);
    expect(logins.get('SUPER_ADMIN')).toEqual({ email: 'owner@demo.localhost', password: 'leopard-demo' });

    firstSeen = await seenBy(first.url, logins.get('SUPER_ADMIN')!.email, logins.get('SUPER_ADMIN')!.password);
    expect(firstSeen).toMatchObject({ role: 'SUPER_ADMIN', clients: 60 });
    expect(firstSeen.branches).toBeGreaterThan(1);
    expect(firstSeen.tasks).toBeGreaterThan(0);
    expect(firstSeen.visaApplications).toBeGreaterThan(0);

    // A consultant is held to its branch: fewer clients, all in one branch.
    const consultant = await seenBy(first.url, logins.get('CONSULTANT')!.email, logins.get('CONSULTANT')!.password);
    expect(consultant.role).toBe('CONSULTANT');
    expect(consultant.clients).toBeGreaterThan(0);
    expect(consultant.clients).toBeLessThan(60);
    expect(consultant.branches).toBe(1);

    // The platform admin from the banner signs in without a tenant.
    const platform = await fetch(`${first.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: LOGIN, variables: { i: { email: 'admin@leopard.localhost', password: 'leopard-admin' } } }),
    });
    expect(((await platform.json()) as { data: { login: { accessToken: string } } }).data.login.accessToken).toBeTruthy();
  } finally {
    await first.stop();
  }

  const second = await start(db);
  try {
    expect(second.stdout).not.toContain('Demo data created');
    expect(await seenBy(second.url, 'owner@demo.localhost', 'leopard-demo')).toEqual(firstSeen);
  } finally {
    await second.stop();
  }
}, 240_000);

it('a start after one stopped while seeding makes the half-made demo tenant again', async () => {
  const db = await freshDatabase();
  // What a first start leaves when stopped between creating the tenant and committing its rows.
  const config = loadConfig(
    Object.fromEntries(Object.entries(devEnv(db)).filter(([, v]) => v !== undefined)) as Record<string, string>,
  );
  const server = await startServer(config);
  try {
    await tenantCreate({
      runtime: server.runtime,
      viewer: null,
      input: { name: DEMO.tenant.name, slug: DEMO.tenant.slug, owner: DEMO.owner, subscriptionStatus: 'ACTIVE' },
    });
  } finally {
    await server.close();
  }
  const next = await start(db);
  try {
    expect(next.stdout).toContain('Demo data created');
    expect(await seenBy(next.url, DEMO.owner.email, DEMO.owner.password)).toMatchObject({ role: 'SUPER_ADMIN', clients: 60 });
  } finally {
    await next.stop();
  }
}, 240_000);

it('with PLATFORM_ADMIN_EMAIL set, the banner names that admin and never the demo admin it did not create', async () => {
  const db = await freshDatabase();
  const admin = { email: 'ops@example.com', password: 'configured-admin-pass' };
  const started = await start(db, { PLATFORM_ADMIN_EMAIL: admin.email, PLATFORM_ADMIN_PASSWORD: admin.password });
  try {
    expect(started.stdout).toContain(`platform admin ${admin.email} / PLATFORM_ADMIN_PASSWORD`);
    expect(started.stdout).not.toContain('admin@leopard.localhost');
    expect(started.stdout).not.toContain(admin.password);
    const loginAs = async (email: string, password: string) => {
      const res = await fetch(`${started.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: LOGIN, variables: { i: { email, password } } }),
      });
      return ((await res.json()) as { data?: { login?: { accessToken: string } } | null }).data?.login?.accessToken;
    };
    expect(await loginAs(admin.email, admin.password)).toBeTruthy();
    expect(await loginAs('admin@leopard.localhost', 'leopard-admin')).toBeUndefined();
  } finally {
    await started.stop();
  }
}, 240_000);

it('in production the greeting links only what is served: the endpoint, no schema file and no playground', async () => {
  const db = await freshDatabase();
  const started = await start(db, { NODE_ENV: 'production', ...(await sharedKeyEnv()) });
  try {
    expect(started.stdout).not.toContain('schema.graphql');
    expect(started.stdout).not.toContain('/playground');
    const links = [...started.stdout.matchAll(/http:\/\/[\d.:]+\/[\w/.]*/g)].map((m) => m[0]);
    expect(links).toEqual([`${started.url}/graphql`]);
    const res = await fetch(`${started.url}/graphql?query=${encodeURIComponent('{ ping }')}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(res.status).toBe(200);
  } finally {
    await started.stop();
  }
}, 240_000);
