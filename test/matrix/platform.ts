// Permission matrix rows of platform administration: platform admins and a tenant's SUPER_ADMINs,
// and the platform audit trail. Every tenant role is refused in its tenant, and a platform token in
// a tenant is UNAUTHENTICATED; the platform context itself is covered by test/platform-admins.test.ts.
import { call, m, outcome, seq, table, type Op } from '../kit/matrix.js';

const PLATFORM_ONLY = table('FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN');
/** No one reaches the service, so an id that names nobody is enough (and harms nobody if a rule leaks). */
const NOBODY = '00000000-0000-4000-8000-000000000000';

const row = (name: string, query: string, variables: () => Record<string, unknown> = () => ({})): Op => ({
  name: `${name} (platform only)`,
  scopes: ['in'],
  run: async (a) => outcome(await call(a, query, variables())),
  expect: PLATFORM_ONLY,
});

export const ops: Op[] = [
  row('platformAdmins', '{ platformAdmins { totalCount } }'),
  row('tenantAdmins', 'query($t: ID!) { tenantAdmins(tenantId: $t) { totalCount } }', () => ({ t: m.fx.tenant.id })),
  row('platformAuditLog', '{ platformAuditLog { totalCount } }'),
  row('createPlatformAdmin', 'mutation($i: CreatePlatformAdminInput!) { createPlatformAdmin(input: $i) { id } }', () => ({
    i: { email: `pa${seq()}@x.test`, password: 'password-1' },
  })),
  row('deactivatePlatformAdmin', 'mutation($id: ID!) { deactivatePlatformAdmin(id: $id) { id } }', () => ({ id: NOBODY })),
  row('reactivatePlatformAdmin', 'mutation($id: ID!) { reactivatePlatformAdmin(id: $id) { id } }', () => ({ id: NOBODY })),
  row(
    'resetTenantAdminPassword',
    'mutation($t: ID!, $u: ID!) { resetTenantAdminPassword(tenantId: $t, userId: $u, input: { newPassword: "password-1" }) { id } }',
    () => ({ t: m.fx.tenant.id, u: NOBODY }),
  ),
  row('deactivateTenantAdmin', 'mutation($t: ID!, $u: ID!) { deactivateTenantAdmin(tenantId: $t, userId: $u) { id } }', () => ({
    t: m.fx.tenant.id,
    u: NOBODY,
  })),
  row('reactivateTenantAdmin', 'mutation($t: ID!, $u: ID!) { reactivateTenantAdmin(tenantId: $t, userId: $u) { id } }', () => ({
    t: m.fx.tenant.id,
    u: NOBODY,
  })),
];
