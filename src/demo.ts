// First-run demo: on an empty database in development, a platform admin and one demo tenant
// filled like a seed tenant (regions, branches, a user per role, clients with applications,
// tasks, reminders), so a new user can log in at once and find a working agency.
import type { Runtime } from './runtime.js';
import { SEED_RNG, seededLogins, seedTenant, type SeedLogin } from './seed/index.js';
import { deriveSeed, mulberry32 } from './seed/random.js';
import { upsertPlatformAdmin } from './server.js';

export const DEMO = {
  platformAdmin: { email: 'admin@leopard.localhost', password: 'leopard-admin' },
  tenant: { slug: 'demo', name: 'Demo Immigration Agency', regions: ['North', 'South'] },
  owner: { email: 'owner@demo.localhost', password: 'leopard-demo', firstName: 'Dana', lastName: 'Owner' },
  /** Every other demo user (branch<n>.admin@, branch<n>.consultant<1|2>@demo.localhost, …). */
  staffPassword: 'leopard-demo',
  clients: 60,
} as const;

/** Creates the demo when the database has no tenant yet; returns its logins (one per role), or null. */
export async function ensureDemo(runtime: Runtime): Promise<SeedLogin[] | null> {
  if (runtime.registry.all().length > 0) return null;
  if (!runtime.config.platformAdmin) await upsertPlatformAdmin(runtime, DEMO.platformAdmin.email, DEMO.platformAdmin.password);
  const tenant = await seedTenant(runtime, DEMO.tenant, {
    rng: mulberry32(deriveSeed(SEED_RNG, DEMO.tenant.slug)),
    owner: DEMO.owner,
    password: DEMO.staffPassword,
    passwordHash: await runtime.passwords.hash(DEMO.staffPassword),
    clients: DEMO.clients,
    tasks: Math.max(100, DEMO.clients / 2),
    anchor: Math.floor(Date.now() / 86_400_000) * 86_400_000,
  });
  return seededLogins(tenant, DEMO.staffPassword, DEMO.owner.password);
}

export function demoBanner(url: string, logins: SeedLogin[]): string {
  const login = JSON.stringify({
    query: 'mutation($i: LoginInput!) { login(input: $i) { accessToken refreshToken } }',
    variables: { i: { email: DEMO.owner.email, password: DEMO.owner.password } },
  });
  const rows = logins.map((l) => `  ${l.role.padEnd(18)} ${l.email.padEnd(36)} ${l.password}`);
  return [
    '',
    `Demo data created: platform admin ${DEMO.platformAdmin.email} / ${DEMO.platformAdmin.password} (no X-Tenant header)`,
    `and tenant "${DEMO.tenant.slug}" with ${DEMO.clients} clients (X-Tenant: ${DEMO.tenant.slug}); one login per role:`,
    ...rows,
    `  (every branch has branch<n>.admin@ and branch<n>.consultant<1|2>@${DEMO.tenant.slug}.localhost, password ${DEMO.staffPassword})`,
    '',
    `Playground: ${url}/playground   (tenant ${DEMO.tenant.slug}, then sign in)`,
    'Log in with curl:',
    `  curl -s ${url}/graphql -H 'content-type: application/json' -H 'x-tenant: ${DEMO.tenant.slug}' \\`,
    `    -d '${login}'`,
    '',
  ].join('\n');
}
