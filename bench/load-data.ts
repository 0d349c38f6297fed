// The load benchmark's tenant: an organisation built through the API (tenant, 2 regions × 2
// branches, users per role per branch) and 50,000 clients with their profile parts bulk-inserted
// through drizzle (multi-row inserts of 1,000). A finished tenant carries a marker (a comment on its
// schema) and is reused by later runs; an unfinished one is left alone and a new one is built.
import { randomUUID } from 'node:crypto';
import { exportPKCS8, exportSPKI, generateKeyPair } from 'jose';
import type pg from 'pg';
import { CLIENT_STAGES, GENDERS } from '../src/db/tables/enums.js';
import { bindPgPool } from '../src/db/database.js';
import { tenantTables } from '../src/db/tenant-db.js';
import type { RunningServer } from '../src/server.js';

/** The platform admin every benchmark's server creates, so they share bench:load's tenant. */
export const BENCH_PLATFORM = { email: 'bench-platform@bench.local', password: 'bench-platform-1' };

/**
 * The server settings every benchmark runs with: production, fresh signing keys, the bench
 * platform admin, events processor on, no demo, silent logs, and no rate limits (one user at
 * hundreds of operations a second: the per-process limits would refuse most).
 */
export async function benchServerEnv(): Promise<Record<string, string>> {
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { extractable: true });
  return {
    NODE_ENV: 'production',
    PORT: '0',
    HOST: '127.0.0.1',
    JWT_ALG: 'EdDSA',
    JWT_PRIVATE_KEY: await exportPKCS8(privateKey),
    JWT_PUBLIC_KEY: await exportSPKI(publicKey),
    ACCESS_TOKEN_TTL_SECONDS: '3600',
    PLATFORM_ADMIN_EMAIL: BENCH_PLATFORM.email,
    PLATFORM_ADMIN_PASSWORD: BENCH_PLATFORM.password,
    EVENTS_PROCESSOR: 'true',
    DEMO_ON_FIRST_RUN: 'false',
    LOG_LEVEL: 'silent',
    RATE_LIMIT_USER_PER_MINUTE: '0',
    RATE_LIMIT_TENANT_PER_MINUTE: '0',
    RATE_LIMIT_ANONYMOUS_PER_MINUTE: '0',
  };
}

export const ROLES = ['COUNTRY_MANAGER', 'REGION_MANAGER', 'BRANCH_ADMIN', 'CONSULTANT'] as const;
export const BRANCH_KEYS = ['B11', 'B12', 'B21', 'B22'] as const;
export const CONSULTANTS_PER_BRANCH = 3;
export const USER_PASSWORD = 'bench-load-user-1';
const OWNER_PASSWORD = 'bench-load-owner-1';
const CHUNK = 1_000;

export interface BenchUser {
  key: string;
  id: string;
  email: string;
  role: string;
  branchKey: string;
  token: string;
}

export interface LoadTenant {
  slug: string;
  schemaName: string;
  reused: boolean;
  buildSeconds: number;
  owner: BenchUser;
  users: BenchUser[];
  branches: Record<string, string>;
  clientCount: number;
  /** A client in CONSULTANT@B11's scope with every profile part. */
  detailClientId: string;
}

export type Gql = (
  query: string,
  variables?: Record<string, unknown>,
  auth?: { tenant?: string; token?: string },
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- loosely typed JSON
) => Promise<any>;

export function gqlFor(server: RunningServer): Gql {
  return async (query, variables = {}, auth = {}) => {
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(auth.tenant ? { 'x-tenant': auth.tenant } : {}),
        ...(auth.token ? { authorization: `Bearer ${auth.token}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- loosely typed JSON
    const body = (await res.json()) as { data?: any; errors?: unknown[] };
    if (body.errors?.length) throw new Error(`${query.slice(0, 70)}…: ${JSON.stringify(body.errors)}`);
    return body.data;
  };
}

const marker = (clients: number) => `leopard-bench-load clients=${clients} v1`;

async function markerOf(db: pg.Pool, schemaName: string): Promise<string | null> {
  const { rows } = await db.query<{ c: string | null }>(
    `select obj_description(oid, 'pg_namespace') as c from pg_namespace where nspname = $1`,
    [schemaName],
  );
  return rows[0]?.c ?? null;
}

const LOGIN = 'mutation($i: LoginInput!) { login(input: $i) { accessToken } }';

export async function prepareTenant(opts: {
  server: RunningServer;
  db: pg.Pool;
  gql: Gql;
  platform: { email: string; password: string };
  clients: number;
  log: (m: string) => void;
}): Promise<LoadTenant> {
  const { server, db, gql, clients, log } = opts;
  const base = `bench-load-${clients}`;
  const { rows: existing } = await db.query<{ slug: string; schema_name: string }>(
    `select slug, schema_name from public.tenants where slug = $1 or slug like $2 order by created_at`,
    [base, `${base}-%`],
  );
  for (const t of existing) {
    if ((await markerOf(db, t.schema_name)) === marker(clients)) {
      log(`reusing tenant ${t.slug} (${t.schema_name})`);
      return describe({ server, db, gql, slug: t.slug, schemaName: t.schema_name, reused: true, buildSeconds: 0 });
    }
  }
  const started = performance.now();
  const slug = existing.length ? `${base}-${randomUUID().slice(0, 6)}` : base;
  log(`building tenant ${slug}: organisation through the API, ${clients.toLocaleString('en')} clients in bulk`);
  const platformToken = (await gql(LOGIN, { i: opts.platform })).login.accessToken as string;
  const owner = { email: `owner@${slug}.bench`, password: OWNER_PASSWORD, firstName: 'Bench', lastName: 'Owner' };
  const created = await gql(
    'mutation($i: CreateTenantInput!) { createTenant(input: $i) { slug schemaName } }',
    { i: { name: `Bench load ${slug}`, slug, owner, maxUsers: 200 } },
    { token: platformToken },
  );
  const schemaName = created.createTenant.schemaName as string;
  const ownerAuth = {
    tenant: slug,
    token: (await gql(LOGIN, { i: { email: owner.email, password: owner.password } }, { tenant: slug })).login
      .accessToken as string,
  };

  const regions: Record<string, string> = {};
  for (const r of ['R1', 'R2']) {
    regions[r] = (
      await gql('mutation($i: CreateRegionInput!) { createRegion(input: $i) { id } }', { i: { name: `Region ${r}` } }, ownerAuth)
    ).createRegion.id;
  }
  const branches: Record<string, string> = {};
  for (const b of BRANCH_KEYS) {
    const input = { name: `Branch ${b}`, regionId: regions[b.startsWith('B1') ? 'R1' : 'R2'] };
    branches[b] = (
      await gql('mutation($i: CreateBranchInput!) { createBranch(input: $i) { id } }', { i: input }, ownerAuth)
    ).createBranch.id;
  }
  const consultantsByBranch: Record<string, string[]> = {};
  for (const b of BRANCH_KEYS) {
    const region = regions[b.startsWith('B1') ? 'R1' : 'R2']!;
    for (const role of ROLES) {
      const count = role === 'CONSULTANT' ? CONSULTANTS_PER_BRANCH : 1;
      for (let n = 1; n <= count; n++) {
        const key = `${role}${count > 1 ? n : ''}@${b}`;
        const input = {
          email: emailOf(key, slug),
          password: USER_PASSWORD,
          firstName: role,
          lastName: key,
          role,
          branchIds: role === 'REGION_MANAGER' ? [] : [branches[b]],
          regionIds: role === 'REGION_MANAGER' ? [region] : [],
        };
        const id = (await gql('mutation($i: CreateUserInput!) { createUser(input: $i) { id } }', { i: input }, ownerAuth))
          .createUser.id as string;
        if (role === 'CONSULTANT') (consultantsByBranch[b] ??= []).push(id);
      }
    }
  }
  const { rows: ownerRow } = await db.query<{ id: string }>(`select id from "${schemaName}".users where lower(email) = $1`, [
    owner.email,
  ]);
  await bulkInsert({ db, schemaName, clients, branches, consultantsByBranch, ownerId: ownerRow[0]!.id, log });
  await db.query(`analyze "${schemaName}".clients`);
  await db.query(`comment on schema "${schemaName}" is '${marker(clients)}'`);
  const buildSeconds = (performance.now() - started) / 1000;
  log(`tenant ${slug} built in ${buildSeconds.toFixed(1)} s`);
  return describe({ server, db, gql, slug, schemaName, reused: false, buildSeconds });
}

function emailOf(key: string, slug: string) {
  return `${key.toLowerCase().replace('@', '.')}@${slug}.bench`;
}

/** Logs every user in and finds the detail client (the same for a fresh and a reused tenant). */
async function describe(a: {
  server: RunningServer;
  db: pg.Pool;
  gql: Gql;
  slug: string;
  schemaName: string;
  reused: boolean;
  buildSeconds: number;
}): Promise<LoadTenant> {
  const { db, gql, slug, schemaName } = a;
  const q = (s: string) => `"${schemaName}".${s}`;
  const { rows: branchRows } = await db.query<{ id: string; name: string }>(`select id, name from ${q('branches')}`);
  const branches = Object.fromEntries(branchRows.map((b) => [b.name.replace('Branch ', ''), b.id]));
  const { rows: userRows } = await db.query<{ id: string; email: string; role: string; last_name: string }>(
    `select id, email, role, last_name from ${q('users')} order by email`,
  );
  const login = async (email: string, password: string) =>
    (await gql(LOGIN, { i: { email, password } }, { tenant: slug })).login.accessToken as string;
  const users: BenchUser[] = [];
  let owner: BenchUser | undefined;
  for (const u of userRows) {
    if (u.role === 'SUPER_ADMIN') {
      owner = {
        key: 'SUPER_ADMIN',
        id: u.id,
        email: u.email,
        role: u.role,
        branchKey: '',
        token: await login(u.email, OWNER_PASSWORD),
      };
    } else {
      const key = u.last_name;
      users.push({
        key,
        id: u.id,
        email: u.email,
        role: u.role,
        branchKey: key.split('@')[1] ?? '',
        token: await login(u.email, USER_PASSWORD),
      });
    }
  }
  if (!owner) throw new Error(`tenant ${slug} has no SUPER_ADMIN`);
  const { rows: countRows } = await db.query<{ n: string }>(
    `select count(*)::text as n from ${q('clients')} where deleted_at is null`,
  );
  const { rows: detail } = await db.query<{ id: string }>(
    `select c.id from ${q('clients')} c
       join ${q('passports')} p on p.client_id = c.id
      where c.branch_id = $1 and c.deleted_at is null
        and exists (select 1 from ${q('visa_applications')} v where v.client_id = c.id)
        and exists (select 1 from ${q('proficiencies')} f where f.client_id = c.id)
        and exists (select 1 from ${q('employments')} e where e.client_id = c.id)
        and exists (select 1 from ${q('qualifications')} x where x.client_id = c.id)
      order by c.created_at desc limit 1`,
    [branches.B11],
  );
  if (!detail[0]) throw new Error('no client with every profile part in B11');
  return {
    slug,
    schemaName,
    reused: a.reused,
    buildSeconds: a.buildSeconds,
    owner,
    users,
    branches,
    clientCount: Number(countRows[0]!.n),
    detailClientId: detail[0].id,
  };
}

// ---- bulk data ---------------------------------------------------------------------------------

const FIRST = [
  'Aarav',
  'Anita',
  'Bikash',
  'Chloe',
  'Deepa',
  'Ethan',
  'Fatima',
  'Gopal',
  'Hannah',
  'Isha',
  'Jack',
  'Kiran',
  'Laxmi',
  'Mohan',
  'Nisha',
  'Oliver',
  'Priya',
  'Quinn',
  'Ramesh',
  'Sita',
  'Tara',
  'Umesh',
  'Vivek',
  'Wen',
  'Xavier',
  'Yuki',
  'Zara',
  'Arjun',
  'Bina',
  'Carlos',
  'Dawa',
  'Elena',
  'Farhan',
  'Grace',
  'Hari',
  'Ines',
  'Jun',
  'Kamala',
  'Liam',
  'Maya',
];
const LAST = [
  'Shrestha',
  'Gurung',
  'Tamang',
  'Sharma',
  'Adhikari',
  'Smith',
  'Nguyen',
  'Khan',
  'Thapa',
  'Rai',
  'Karki',
  'Patel',
  'Garcia',
  'Lee',
  'Brown',
  'Wilson',
  'Magar',
  'Bhandari',
  'Poudel',
  'Basnet',
  'Silva',
  'Kim',
  'Chen',
  'Singh',
  'Joshi',
  'Lama',
  'Maharjan',
  'Pandey',
  'Dahal',
  'Kc',
  'Acharya',
  'Bista',
  'Tran',
  'Lopez',
  'Martin',
  'Rossi',
  'Muller',
  'Sato',
  'Walker',
  'Young',
];
const COUNTRIES = ['NP', 'IN', 'AU', 'CA', 'GB', 'US', 'NZ', 'PH', 'VN', 'BD'];

/** Deterministic pseudo-random numbers, so two builds hold the same data. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function bulkInsert(a: {
  db: pg.Pool;
  schemaName: string;
  clients: number;
  branches: Record<string, string>;
  consultantsByBranch: Record<string, string[]>;
  ownerId: string;
  log: (m: string) => void;
}) {
  const { orm } = await bindPgPool(a.db, a.schemaName);
  const t = tenantTables;
  const audit = { createdById: a.ownerId, updatedById: a.ownerId };

  const exams = await orm
    .insert(t.languageExams)
    .values([
      { name: 'IELTS', validityTerm: 2, minScore: '0', maxScore: '9' },
      { name: 'PTE', validityTerm: 2, minScore: '10', maxScore: '90' },
      { name: 'TOEFL', validityTerm: 2, minScore: '0', maxScore: '120' },
    ])
    .onConflictDoNothing()
    .returning({ id: t.languageExams.id });
  const examIds = exams.length
    ? exams.map((e) => e.id)
    : (await orm.select({ id: t.languageExams.id }).from(t.languageExams)).map((e) => e.id);
  const [category] = await orm.insert(t.visaCategories).values({ name: 'Bench students', code: 'BENCH-STU' }).returning();
  const [visaType] = await orm
    .insert(t.visaTypes)
    .values({ visaCategoryId: category!.id, name: 'Bench student visa', code: '500' })
    .returning();

  const r = rng(42);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const branchKeys = Object.keys(a.branches);
  const now = Date.now();
  const day = 86_400_000;
  const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const counts = { clients: 0, passports: 0, proficiencies: 0, qualifications: 0, employments: 0, visaApplications: 0 };

  for (let from = 0; from < a.clients; from += CHUNK) {
    const clientRows: (typeof t.clients.$inferInsert)[] = [];
    const passports: (typeof t.passports.$inferInsert)[] = [];
    const profs: (typeof t.proficiencies.$inferInsert)[] = [];
    const quals: (typeof t.qualifications.$inferInsert)[] = [];
    const emps: (typeof t.employments.$inferInsert)[] = [];
    const visas: (typeof t.visaApplications.$inferInsert)[] = [];
    for (let i = from; i < Math.min(from + CHUNK, a.clients); i++) {
      const id = randomUUID();
      const bk = branchKeys[i % branchKeys.length]!;
      const consultants = a.consultantsByBranch[bk] ?? [];
      const firstName = pick(FIRST);
      const lastName = pick(LAST);
      // Newest first spreads over ~two years; every 20th client has every profile part.
      const createdAt = new Date(now - (a.clients - i) * ((2 * 365 * day) / a.clients));
      const full = i % 20 === 0;
      clientRows.push({
        id,
        firstName,
        lastName,
        gender: pick(GENDERS),
        dob: dateOf(now - (18 + r() * 22) * 365 * day),
        phoneNumber: `+977${String(9800000000 + i)}`,
        email: `${firstName}.${lastName}.${i}@example.com`.toLowerCase(),
        country: pick(COUNTRIES),
        branchId: a.branches[bk]!,
        assignedToId: r() < 0.9 && consultants.length ? consultants[i % consultants.length]! : null,
        stage: pick(CLIENT_STAGES),
        active: r() < 0.6,
        ...audit,
        createdAt,
        updatedAt: createdAt,
      });
      if (full || r() < 0.4) {
        passports.push({
          clientId: id,
          passportNo: `P${String(10_000_000 + i)}`,
          passportCountry: 'NP',
          dateOfIssue: dateOf(now - 3 * 365 * day),
          dateOfExpiry: dateOf(now + 7 * 365 * day),
          placeOfIssue: 'Kathmandu',
          countryOfBirth: 'NP',
          nationality: 'NP',
          ...audit,
        });
      }
      if (full || r() < 0.25) {
        const n = full ? 2 : 1;
        for (let k = 0; k < n; k++) {
          profs.push({
            clientId: id,
            examId: examIds[k % examIds.length]!,
            overallScore: '6.5',
            speakingScore: '6.0',
            readingScore: '7.0',
            listeningScore: '6.5',
            writingScore: '6.0',
            testDate: dateOf(now - (30 + k * 200) * day),
            ...audit,
          });
        }
      }
      if (full || r() < 0.3) {
        quals.push({
          clientId: id,
          course: 'Bachelor of Business Studies',
          institute: 'Tribhuvan University',
          degree: 'Bachelor',
          fieldOfStudy: 'Management',
          enrollDate: dateOf(now - 6 * 365 * day),
          completionDate: dateOf(now - 2 * 365 * day),
          country: 'NP',
          ...audit,
        });
      }
      if (full || r() < 0.25) {
        emps.push({
          clientId: id,
          employerName: 'Himalayan Traders',
          position: 'Accountant',
          startDate: dateOf(now - 2 * 365 * day),
          endDate: null,
          country: 'NP',
          ...audit,
        });
      }
      if (full || r() < 0.1) {
        visas.push({
          clientId: id,
          visaTypeId: visaType!.id,
          immigrationFee: '710.00',
          serviceFee: '500.00',
          assignedToId: consultants[0] ?? null,
          status: 'TO_BE_APPLIED',
          ...audit,
        });
      }
    }
    await orm.insert(t.clients).values(clientRows);
    if (passports.length) await orm.insert(t.passports).values(passports);
    if (profs.length) await orm.insert(t.proficiencies).values(profs);
    if (quals.length) await orm.insert(t.qualifications).values(quals);
    if (emps.length) await orm.insert(t.employments).values(emps);
    if (visas.length) await orm.insert(t.visaApplications).values(visas);
    counts.clients += clientRows.length;
    counts.passports += passports.length;
    counts.proficiencies += profs.length;
    counts.qualifications += quals.length;
    counts.employments += emps.length;
    counts.visaApplications += visas.length;
    if ((from / CHUNK) % 10 === 9) a.log(`  ${counts.clients.toLocaleString('en')} clients inserted`);
  }
  a.log(`  inserted ${JSON.stringify(counts)}`);
}
