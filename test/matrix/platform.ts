// Permission matrix rows of platform administration: platform admins and a tenant's SUPER_ADMINs,
// and the platform audit trail. Every tenant role is refused in its tenant, and a platform token in
// a tenant is UNAUTHENTICATED; the platform context itself is covered by test/platform-admins.test.ts.
import { gql } from '../kit/server.js';
import { call, m, noTarget, outcome, seq, table, write, type Op, type ReadOp, type WriteOp } from '../kit/matrix.js';

const PLATFORM_ONLY = table('FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN');
/** No one reaches the service, so an id that names nobody is enough (and harms nobody if a rule leaks). */
const NOBODY = '00000000-0000-4000-8000-000000000000';

const row = (name: string, query: string): Op => ({
  name: `${name} (platform only)` as ReadOp['name'],
  scopes: ['in'],
  run: async (a) => outcome(await call(a, query)),
  expect: PLATFORM_ONLY,
});
/** A mutation on `NOBODY` (or a fresh email): re-read through the platform, or nothing to re-read. */
const writeRow = (
  name: string,
  query: string,
  variables: () => Record<string, unknown>,
  readBack: WriteOp<Record<string, unknown>>['readBack'] = noTarget('an id that names nobody'),
): Op =>
  write({
    name: `${name} (platform only)` as WriteOp['name'],
    scopes: ['in'],
    target: () => Promise.resolve(variables()),
    mutate: (a, _s, v) => call(a, query, v),
    readBack,
    expect: PLATFORM_ONLY,
  });
const asPlatform = (query: string) => gql(m.server, query, {}, { token: m.platformToken });

export const ops: Op[] = [
  row('platformAdmins', '{ platformAdmins { totalCount } }'),
  {
    name: 'tenantAdmins (platform only)',
    scopes: ['in'],
    run: async (a) =>
      outcome(await call(a, 'query($t: ID!) { tenantAdmins(tenantId: $t) { totalCount } }', { t: m.fx.tenant.id })),
    expect: PLATFORM_ONLY,
  },
  row('platformAuditLog', '{ platformAuditLog { totalCount } }'),
  writeRow(
    'createPlatformAdmin',
    'mutation($i: CreatePlatformAdminInput!) { createPlatformAdmin(input: $i) { id } }',
    () => ({ i: { email: `pa${seq()}@x.test`, password: 'password-1' } }),
    async (v) => {
      const r = await asPlatform('{ platformAdmins(first: 100) { nodes { email } } }');
      const email = (v.i as { email: string }).email;
      const nodes = (r.data as { platformAdmins?: { nodes: { email: string }[] } })?.platformAdmins?.nodes ?? [];
      return { ...r, data: { made: nodes.some((n) => n.email === email) } };
    },
  ),
  writeRow('deactivatePlatformAdmin', 'mutation($id: ID!) { deactivatePlatformAdmin(id: $id) { id } }', () => ({ id: NOBODY })),
  writeRow('reactivatePlatformAdmin', 'mutation($id: ID!) { reactivatePlatformAdmin(id: $id) { id } }', () => ({ id: NOBODY })),
  writeRow(
    'resetTenantAdminPassword',
    'mutation($t: ID!, $u: ID!) { resetTenantAdminPassword(tenantId: $t, userId: $u, input: { newPassword: "password-1" }) { id } }',
    () => ({ t: m.fx.tenant.id, u: NOBODY }),
  ),
  writeRow(
    'deactivateTenantAdmin',
    'mutation($t: ID!, $u: ID!) { deactivateTenantAdmin(tenantId: $t, userId: $u) { id } }',
    () => ({
      t: m.fx.tenant.id,
      u: NOBODY,
    }),
  ),
  writeRow(
    'reactivateTenantAdmin',
    'mutation($t: ID!, $u: ID!) { reactivateTenantAdmin(tenantId: $t, userId: $u) { id } }',
    () => ({
      t: m.fx.tenant.id,
      u: NOBODY,
    }),
  ),
];
