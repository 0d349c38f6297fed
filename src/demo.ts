// First-run demo: on an empty database in development, a platform admin and one demo tenant
// filled like a seed tenant (regions, branches, a user per role, clients with applications,
// tasks, reminders), so a new user can log in at once and find a working agency.
import { count } from 'drizzle-orm';
import { tenantDb } from './db/tenant-db.js';
import { tenantDrop } from './modules/platform/index.js';
import type { Runtime } from './runtime.js';
import { DEMO } from './seed/data.js';
import { SEED_RNG, seededLogins, seedTenant, type SeedLogin } from './seed/index.js';
import { deriveSeed, mulberry32 } from './seed/random.js';
import { upsertPlatformAdmin } from './server.js';

export { DEMO };

/**
 * True for the demo tenant as a first start leaves it when stopped while seeding: the tenant and
 * its owner exist, nothing else does (the rows go in one transaction after the tenant is made).
 */
async function isHalfMade(runtime: Runtime, schemaName: string): Promise<boolean> {
  const { orm, t } = tenantDb(runtime.database, schemaName);
  const [users] = await orm.select({ n: count() }).from(t.users);
  const [regions] = await orm.select({ n: count() }).from(t.regions);
  const [clients] = await orm.select({ n: count() }).from(t.clients);
  return users!.n === 1 && regions!.n === 0 && clients!.n === 0;
}

/**
 * Creates the demo when the database has no tenant yet, or makes it again when an interrupted
 * first start left it half-made; returns its logins (one per role), or null when it did nothing.
 */
export async function ensureDemo(runtime: Runtime): Promise<SeedLogin[] | null> {
  // Two are enough to tell "none", "only the demo" and "more" apart.
  const tenants = await runtime.registry.page({ limit: 2 });
  if (tenants.length > 1) return null;
  if (tenants.length === 1) {
    const [only] = tenants;
    if (only!.slug !== DEMO.tenant.slug || !(await isHalfMade(runtime, only!.schemaName))) return null;
    runtime.log.warn({ tenant: only!.slug }, 'the demo tenant was left half-made by an interrupted first start: making it again');
    await tenantDrop({ runtime, slug: only!.slug });
  }
  if (!runtime.config.platformAdmin) await upsertPlatformAdmin(runtime, DEMO.platformAdmin.email, DEMO.platformAdmin.password);
  const tenant = await seedTenant(runtime, DEMO.tenant, {
    rng: mulberry32(deriveSeed(SEED_RNG, DEMO.tenant.slug)),
    owner: DEMO.owner,
    password: DEMO.staffPassword,
    passwordHash: await runtime.passwords.hash(DEMO.staffPassword),
    clients: DEMO.clients,
    tasks: Math.max(100, Math.ceil(DEMO.clients / 2)),
    anchor: Math.floor(Date.now() / 86_400_000) * 86_400_000,
  });
  return seededLogins(tenant, DEMO.staffPassword, DEMO.owner.password);
}

/** What a start printed: only what this process made and serves (the platform admin, the playground). */
export function demoBanner(url: string, logins: SeedLogin[], config: Runtime['config']): string {
  const login = JSON.stringify({
    query: 'mutation($i: LoginInput!) { login(input: $i) { accessToken refreshToken } }',
    variables: { i: { email: DEMO.owner.email, password: DEMO.owner.password } },
  });
  const rows = logins.map((l) => `  ${l.role.padEnd(18)} ${l.email.padEnd(36)} ${l.password}`);
  // With PLATFORM_ADMIN_EMAIL set the demo admin is never made; the configured password is not echoed.
  const admin = config.platformAdmin
    ? `platform admin ${config.platformAdmin.email} / PLATFORM_ADMIN_PASSWORD (no X-Tenant header)`
    : `platform admin ${DEMO.platformAdmin.email} / ${DEMO.platformAdmin.password} (no X-Tenant header)`;
  return [
    '',
    `Demo data created: ${admin}`,
    `and tenant "${DEMO.tenant.slug}" with ${DEMO.clients} clients (X-Tenant: ${DEMO.tenant.slug}); one login per role:`,
    ...rows,
    `  (every branch has branch<n>.admin@ and branch<n>.consultant<1-3>@${DEMO.tenant.slug}.localhost, password ${DEMO.staffPassword})`,
    '',
    ...(config.playground ? [`Playground: ${url}/playground   (tenant ${DEMO.tenant.slug}, then sign in)`] : []),
    'Log in with curl:',
    `  curl -s ${url}/graphql -H 'content-type: application/json' -H 'x-tenant: ${DEMO.tenant.slug}' \\`,
    `    -d '${login}'`,
    '',
  ].join('\n');
}

/** The short greeting of a start without demo data: the endpoint, and the schema and playground where they are served. */
export function serverBanner(url: string, config: Runtime['config']): string {
  const extras = [
    ...(config.introspection ? [`schema: ${url}/graphql/schema.graphql`] : []),
    ...(config.playground ? [`playground: ${url}/playground`] : []),
  ];
  return `\nLeopard GraphQL on ${url}/graphql${extras.length ? ` (${extras.join(', ')})` : ''}\n`;
}
