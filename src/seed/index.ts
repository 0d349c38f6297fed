// The demo data seed (`npm run seed`): provisions the seed's tenants through the platform service,
// then fills each with deterministic rows in one transaction of chunked multi-row INSERTs
// (1,000 rows per statement).
// Bulk inserts record no events (timeline entries and notifications are written as rows), so no
// processor is flooded; the one event there is the demo's FAILED one, with its SYSTEM_ALERT.
import { eq, getTableColumns, sql } from 'drizzle-orm';
import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import type { Tx } from '../db/database.js';
import { tenantDb } from '../db/tenant-db.js';
import type { TenantRole } from '../db/tables/tenant.js';
import { tenantCreate, tenantDrop } from '../modules/platform/index.js';
import type { Runtime } from '../runtime.js';
import { upsertPlatformAdmin } from '../server.js';
import { DEMO, TENANTS, type TenantSpec } from './data.js';
import { generateTenant, type TenantRows } from './generate.js';
import { deriveSeed, mulberry32, type Rng } from './random.js';

/** Every seeded tenant user logs in with this password: the demo's, so one convention serves both. */
export const SEED_PASSWORD = DEMO.staffPassword;
export const SEED_RNG = 20240601;

export interface SeedOptions {
  tenants?: number;
  clients?: number;
  /** Tasks per tenant; default max(100, clients / 2). */
  tasks?: number;
  reset?: boolean;
  seed?: number;
  /** Prefix for every slug (tests use it to stay apart from each other). */
  slugPrefix?: string;
  log?: (line: string) => void;
  /** Progress within a large tenant (see SeedTenantOptions.progress). */
  progress?: (line: string) => void;
}

export interface SeedLogin {
  tenant: string;
  role: TenantRole | 'SUPER_SUPER_ADMIN';
  email: string;
  password: string;
}

export interface SeededTenant {
  slug: string;
  schemaName: string;
  counts: Record<string, number>;
  users: { email: string; role: TenantRole; branchIds: string[] }[];
}

export interface SeedResult {
  tenants: SeededTenant[];
  skipped: string[];
  logins: SeedLogin[];
  ms: number;
}

export function seedTenantSpecs(n: number, prefix = ''): TenantSpec[] {
  const out: TenantSpec[] = [];
  for (let i = 0; i < n; i++) {
    const base = TENANTS[i] ?? { slug: `agency-${i + 1}`, name: `Agency ${i + 1}`, regions: ['North', 'South', 'West'] };
    out.push({ ...base, slug: `${prefix}${base.slug}`, name: prefix ? `${base.name} ${prefix.replace(/-$/, '')}` : base.name });
  }
  return out;
}

/**
 * Inserts rows in chunks of 1,000, each ONE multi-row statement: the chunk travels as a single JSON
 * parameter expanded by json_populate_recordset. Measured here, drizzle's insert().values() spends
 * ~160 ms building each 1,000-row statement, which alone would take a 50,000-client seed past a
 * minute; this path costs a JSON.stringify. Columns come from the drizzle table (names, schema),
 * and columns no row sets keep their database defaults.
 */
async function bulk<T extends PgTable>(tx: Tx, table: T, rows: T['$inferInsert'][], size = 1000): Promise<void> {
  if (!rows.length) return;
  const columns = getTableColumns(table) as Record<string, { name: string }>;
  const keys = Object.keys(columns).filter((k) => rows.some((r) => (r as Record<string, unknown>)[k] !== undefined));
  const { name, schema } = getTableConfig(table);
  const target = sql.raw(`"${schema ?? 'public'}"."${name}"`);
  const list = sql.raw(keys.map((k) => `"${columns[k]!.name}"`).join(', '));
  for (let i = 0; i < rows.length; i += size) {
    const chunk = rows.slice(i, i + size).map((r) => {
      const o: Record<string, unknown> = {};
      for (const k of keys) o[columns[k]!.name] = (r as Record<string, unknown>)[k] ?? null;
      return o;
    });
    await tx.execute(
      sql`insert into ${target} (${list}) select ${list} from json_populate_recordset(null::${target}, ${JSON.stringify(chunk)}::json)`,
    );
  }
}

type Tables = ReturnType<typeof tenantDb>['t'];

/** Organisation, users, master data and clients: everything the per-client tables point at. */
async function fillCore(tx: Tx, t: Tables, rows: TenantRows, passwordHash: string): Promise<void> {
  const [owner, ...staff] = rows.users;
  await bulk(tx, t.regions, rows.regions);
  await bulk(tx, t.branches, rows.branches);
  await bulk(
    tx,
    t.users,
    staff.map((u) => ({
      id: u.id,
      email: u.email,
      passwordHash,
      firstName: u.firstName,
      lastName: u.lastName,
      role: u.role,
      createdById: owner!.id,
      updatedById: owner!.id,
    })),
  );
  await bulk(tx, t.userBranches, rows.userBranches);
  await bulk(tx, t.userRegions, rows.userRegions);
  await bulk(tx, t.visaCategories, rows.visaCategories);
  await bulk(tx, t.visaTypes, rows.visaTypes);
  await bulk(tx, t.languageExams, rows.languageExams);
  await bulk(tx, t.courseLevels, rows.courseLevels);
  await bulk(tx, t.broadFields, rows.broadFields);
  await bulk(tx, t.narrowFields, rows.narrowFields);
  await bulk(tx, t.institutes, rows.institutes);
  await bulk(tx, t.instituteLocations, rows.instituteLocations);
  await bulk(tx, t.instituteContacts, rows.instituteContacts);
  await bulk(tx, t.instituteRequirements, rows.instituteRequirements);
  await bulk(tx, t.instituteIntakes, rows.instituteIntakes);
  await bulk(tx, t.courses, rows.courses);
  await bulk(tx, t.applicationTypes, rows.applicationTypes);
  await bulk(tx, t.applicationStages, rows.applicationStages);
  await bulk(tx, t.agents, rows.agents);
  await bulk(tx, t.clients, rows.clients);
}

/** The tables hanging off clients; independent of each other, so PostgreSQL fills them in parallel. */
function dependentSteps(t: Tables, rows: TenantRows): ((tx: Tx) => Promise<void>)[] {
  return [
    (tx) => bulk(tx, t.passports, rows.passports),
    (tx) => bulk(tx, t.proficiencies, rows.proficiencies),
    (tx) => bulk(tx, t.qualifications, rows.qualifications),
    (tx) => bulk(tx, t.employments, rows.employments),
    (tx) => bulk(tx, t.notes, rows.notes),
    (tx) => bulk(tx, t.clientActivities, rows.clientActivities),
    (tx) => bulk(tx, t.visaApplications, rows.visaApplications),
    (tx) => bulk(tx, t.collegeApplications, rows.collegeApplications),
    async (tx) => {
      await bulk(tx, t.tasks, rows.tasks);
      await bulk(tx, t.taskComments, rows.taskComments);
      await bulk(tx, t.events, rows.events);
      await bulk(tx, t.reminders, rows.reminders);
      await bulk(tx, t.calendarEvents, rows.calendarEvents);
      await bulk(tx, t.notifications, rows.notifications);
    },
  ];
}

/**
 * Fills a freshly created tenant. Small seeds (and PGlite, one session) run in ONE transaction;
 * large ones on PostgreSQL run the per-client tables concurrently, one transaction each. Either
 * way a failure drops the tenant again, so a seed tenant is complete or absent.
 */
async function fill(
  runtime: Runtime,
  slug: string,
  db: ReturnType<typeof tenantDb>,
  rows: TenantRows,
  hash: string,
  progress?: (line: string) => void,
): Promise<void> {
  const steps = dependentSteps(db.t, rows);
  // A line per finished step on large runs (5,000 clients and more), so a long seed shows it moves.
  const started = performance.now();
  let done = 0;
  const stepDone = () => {
    done++;
    if (progress && rows.clients.length >= 5000) {
      progress(`${slug}: ${done}/${steps.length + 1} steps written (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    }
  };
  try {
    if (runtime.database.kind === 'pglite' || rows.clients.length < 5000) {
      await db.orm.transaction(async (tx) => {
        await fillCore(tx, db.t, rows, hash);
        stepDone();
        for (const step of steps) {
          await step(tx);
          stepDone();
        }
      });
    } else {
      await db.orm.transaction((tx) => fillCore(tx, db.t, rows, hash));
      stepDone();
      const width = Math.max(1, Math.min(4, runtime.config.pool.max - 1));
      const queue = [...steps];
      await Promise.all(
        Array.from({ length: width }, async () => {
          for (let step = queue.shift(); step; step = queue.shift()) {
            await db.orm.transaction(step);
            stepDone();
          }
        }),
      );
    }
  } catch (err) {
    await tenantDrop({ runtime, slug }).catch(() => undefined);
    throw err;
  }
}

export async function runSeed(runtime: Runtime, options: SeedOptions = {}): Promise<SeedResult> {
  const started = performance.now();
  const log = options.log ?? (() => undefined);
  const clients = options.clients ?? 60;
  const tasks = options.tasks ?? Math.max(100, Math.ceil(clients / 2));
  const baseSeed = options.seed ?? SEED_RNG;
  // Dates are relative to today (UTC midnight), so "overdue" and "upcoming" stay meaningful.
  const anchor = Math.floor(Date.now() / 86_400_000) * 86_400_000;
  const specs = seedTenantSpecs(options.tenants ?? 3, options.slugPrefix);
  const result: SeedResult = { tenants: [], skipped: [], logins: [], ms: 0 };

  const platform = runtime.config.platformAdmin ?? DEMO.platformAdmin;
  if (!runtime.config.platformAdmin) await upsertPlatformAdmin(runtime, platform.email, platform.password);
  result.logins.push({ tenant: '(platform)', role: 'SUPER_SUPER_ADMIN', email: platform.email, password: platform.password });

  const passwordHash = await runtime.passwords.hash(SEED_PASSWORD);
  for (const spec of specs) {
    const tStart = performance.now();
    if (await runtime.registry.bySlug(spec.slug)) {
      if (!options.reset) {
        result.skipped.push(spec.slug);
        log(`${spec.slug}: exists, left alone (use --reset to recreate it)`);
        continue;
      }
      await tenantDrop({ runtime, slug: spec.slug });
    }
    const seeded = await seedTenant(runtime, spec, {
      rng: mulberry32(deriveSeed(baseSeed, spec.slug.slice((options.slugPrefix ?? '').length))),
      owner: { email: `admin@${spec.slug}.localhost`, password: SEED_PASSWORD, firstName: 'Tenant', lastName: 'Administrator' },
      password: SEED_PASSWORD,
      passwordHash,
      clients,
      tasks,
      anchor,
      progress: options.progress,
    });
    result.tenants.push(seeded);
    result.logins.push(...seededLogins(seeded, SEED_PASSWORD));
    const { counts } = seeded;
    log(
      `${spec.slug}: ${counts.users} users, ${counts.branches} branches, ${counts.clients} clients, ${counts.visaApplications} visa apps, ${counts.collegeApplications} college apps, ${counts.tasks} tasks (${((performance.now() - tStart) / 1000).toFixed(2)} s)`,
    );
  }
  result.ms = performance.now() - started;
  return result;
}

export interface SeedTenantOptions {
  rng: Rng;
  /** The SUPER_ADMIN created with the tenant; it logs in with its own password. */
  owner: { email: string; password: string; firstName: string; lastName: string };
  /** The staff's password and its hash (hashed once for every tenant of a run). */
  password: string;
  passwordHash: string;
  /** Progress lines on large runs (the CLI prints them on stderr). */
  progress?: (line: string) => void;
  clients: number;
  tasks: number;
  /** UTC midnight of "today": dates are generated relative to it. */
  anchor: number;
}

/**
 * Provisions one tenant through the platform service (schema, migrations, owner) and fills it
 * with generated rows: the seed's unit, also used by the first-run demo. The slug must be free.
 */
export async function seedTenant(runtime: Runtime, spec: TenantSpec, o: SeedTenantOptions): Promise<SeededTenant> {
  const userEstimate = 2 + 3 + 6 * 3;
  const record = await tenantCreate({
    runtime,
    viewer: null,
    input: {
      slug: spec.slug,
      name: spec.name,
      subscriptionStatus: 'ACTIVE',
      maxUsers: Math.max(50, userEstimate * 2),
      owner: o.owner,
    },
  });
  const db = tenantDb(runtime.database, record.schemaName);
  const [owner] = await db.orm.select({ id: db.t.users.id }).from(db.t.users).where(eq(db.t.users.role, 'SUPER_ADMIN'));
  const { email, firstName, lastName } = o.owner;
  if (o.clients >= 5000) o.progress?.(`${spec.slug}: generating ${o.clients} clients and their rows`);
  const rows = generateTenant(o.rng, spec, { id: owner!.id, email, firstName, lastName }, o);
  await fill(runtime, spec.slug, db, rows, o.passwordHash, o.progress);
  const counts: Record<string, number> = {};
  for (const [k, v] of Object.entries(rows)) counts[k] = (v as unknown[]).length;
  return {
    slug: spec.slug,
    schemaName: record.schemaName,
    counts,
    users: rows.users.map((u) => ({ email: u.email, role: u.role, branchIds: u.branchIds })),
  };
}

/** One login per role (the first user of each), the owner with its own password. */
export function seededLogins(tenant: SeededTenant, staffPassword: string, ownerPassword = staffPassword): SeedLogin[] {
  const out: SeedLogin[] = [];
  for (const role of ['SUPER_ADMIN', 'COUNTRY_MANAGER', 'REGION_MANAGER', 'BRANCH_ADMIN', 'CONSULTANT'] as const) {
    const u = tenant.users.find((x) => x.role === role);
    if (u)
      out.push({ tenant: tenant.slug, role, email: u.email, password: role === 'SUPER_ADMIN' ? ownerPassword : staffPassword });
  }
  return out;
}
