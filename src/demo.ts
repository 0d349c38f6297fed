// First-run demo: on an empty database in development, a platform admin and one demo tenant with
// its owner, so a new user can log in at once.
import type { Runtime } from './runtime.js';
import { tenantCreate } from './modules/platform/services.js';
import { upsertPlatformAdmin } from './server.js';

export const DEMO = {
  platformAdmin: { email: 'admin@leopard.localhost', password: 'leopard-admin' },
  tenant: { slug: 'demo', name: 'Demo Immigration Agency' },
  owner: { email: 'owner@demo.localhost', password: 'leopard-demo', firstName: 'Dana', lastName: 'Owner' },
} as const;

/** Creates the demo when the database has no tenant yet; returns whether it did. */
export async function ensureDemo(runtime: Runtime): Promise<boolean> {
  if (runtime.registry.all().length > 0) return false;
  if (!runtime.config.platformAdmin) await upsertPlatformAdmin(runtime, DEMO.platformAdmin.email, DEMO.platformAdmin.password);
  await tenantCreate({
    runtime,
    viewer: null,
    input: { name: DEMO.tenant.name, slug: DEMO.tenant.slug, owner: DEMO.owner, subscriptionStatus: 'ACTIVE' },
  });
  return true;
}

export function demoBanner(url: string): string {
  const login = JSON.stringify({
    query: 'mutation($i: LoginInput!) { login(input: $i) { accessToken refreshToken } }',
    variables: { i: { email: DEMO.owner.email, password: DEMO.owner.password } },
  });
  return [
    '',
    'Demo data created:',
    `  platform admin   ${DEMO.platformAdmin.email} / ${DEMO.platformAdmin.password}   (no X-Tenant header)`,
    `  tenant "${DEMO.tenant.slug}" owner ${DEMO.owner.email} / ${DEMO.owner.password}   (X-Tenant: ${DEMO.tenant.slug})`,
    '',
    `Playground: ${url}/playground   (tenant ${DEMO.tenant.slug}, then sign in as the owner)`,
    'Log in with curl:',
    `  curl -s ${url}/graphql -H 'content-type: application/json' -H 'x-tenant: ${DEMO.tenant.slug}' \\`,
    `    -d '${login}'`,
    '',
  ].join('\n');
}
