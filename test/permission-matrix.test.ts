// The permission matrix: role × operation × target (in the viewer's scope, out of it, in another
// tenant) → outcome, for every operation that exists, over real HTTP. Each case is its own test,
// named as it reads in the table. Later issues add their operations here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/server.js';
import { createOrgFixture, CREATE_USER, ROLES, type BranchKey, type OrgFixture, type RegionKey } from './kit/org-fixture.js';
import { createTenant, gql, loginPlatform, must, startTestServer, uniqueSlug, type GqlResult } from './kit/server.js';

type Actor = (typeof ROLES)[number] | 'PLATFORM';
type Scope = 'in' | 'out' | 'other';
const ACTORS: Actor[] = [...ROLES, 'PLATFORM'];
const SCOPE_NAME: Record<Scope, string> = { in: 'in scope', out: 'out of scope', other: 'in another tenant' };

let server: RunningServer;
let platformToken: string;
let fx: OrgFixture;
/** Ids in a second tenant: the same shapes, never reachable from the first. */
let other: { region: string; branch: string; user: string };
/** Consultants every actor's lists are checked against: one in B11 (in scope for B11 users), one in B21. */
let peer: { in: string; out: string };

/** Each role acts as its B11 user (the owner for SUPER_ADMIN); PLATFORM is a platform admin's token. */
function call(actor: Actor, query: string, variables: Record<string, unknown> = {}): Promise<GqlResult> {
  if (actor === 'PLATFORM') return gql(server, query, variables, { tenant: fx.tenant.slug, token: platformToken });
  return gql(server, query, variables, fx.as(actor === 'SUPER_ADMIN' ? 'SUPER_ADMIN' : `${actor}@B11`));
}
const asOwner = (query: string, variables: Record<string, unknown> = {}) => call('SUPER_ADMIN', query, variables);

const outcome = (r: GqlResult) => (r.errors?.length ? r.codes[0]! : 'OK');
/** For lists: whether `id` is among the nodes at `field`, or the error code. */
const listed = (r: GqlResult, field: string, id: string) =>
  r.errors?.length
    ? r.codes[0]!
    : (r.data as Record<string, { nodes: { id: string }[] }>)[field]!.nodes.some((n) => n.id === id)
      ? 'VISIBLE'
      : 'HIDDEN';

let seq = 0;
const fresh = {
  region: async () =>
    (await must(asOwner('mutation($n: String!) { createRegion(input: { name: $n }) { id } }', { n: `Fresh region ${++seq}` })))
      .createRegion.id as string,
  branch: async (r: RegionKey) =>
    (
      await must(
        asOwner('mutation($i: CreateBranchInput!) { createBranch(input: $i) { id } }', {
          i: { name: `Fresh branch ${++seq}`, regionId: fx.regions[r] },
        }),
      )
    ).createBranch.id as string,
  deletedBranch: async (r: RegionKey) => {
    const id = await fresh.branch(r);
    await must(asOwner('mutation($id: ID!) { deleteBranch(id: $id) { id } }', { id }));
    return id;
  },
  consultant: async (b: BranchKey, active = true) => {
    const i = {
      email: `fresh${++seq}@${fx.tenant.slug}.test`,
      password: 'fresh-pass-1',
      firstName: 'Fresh',
      lastName: `User ${seq}`,
      role: 'CONSULTANT',
      branchIds: [fx.branches[b]],
    };
    const id = (await must(asOwner(CREATE_USER, { i }))).createUser.id as string;
    if (!active) await must(asOwner('mutation($id: ID!) { deactivateUser(id: $id) { id } }', { id }));
    return id;
  },
};

const B = (scope: Scope) => (scope === 'in' ? fx.branches.B11 : scope === 'out' ? fx.branches.B21 : other.branch);
const R = (scope: Scope) => (scope === 'in' ? fx.regions.R1 : scope === 'out' ? fx.regions.R2 : other.region);
const freshBranch = (scope: Scope) =>
  scope === 'other' ? Promise.resolve(other.branch) : fresh.branch(scope === 'in' ? 'R1' : 'R2');
const freshDeletedBranch = (scope: Scope) =>
  scope === 'other' ? Promise.resolve(other.branch) : fresh.deletedBranch(scope === 'in' ? 'R1' : 'R2');
const freshUser = (scope: Scope, active = true) =>
  scope === 'other' ? Promise.resolve(other.user) : fresh.consultant(scope === 'in' ? 'B11' : 'B21', active);
const peerOf = (scope: Scope) => (scope === 'other' ? other.user : peer[scope]);

interface Op {
  name: string;
  /** The targets this operation takes; operations without a target have just `in`. */
  scopes: Scope[];
  run: (actor: Actor, scope: Scope) => Promise<string>;
  /** Per actor, the outcomes for `scopes`, in order. */
  expect: Record<Actor, string>;
}

const UNAUTH = (n: number) => Array(n).fill('UNAUTHENTICATED').join(' ');
const ALL3 = ['in', 'out', 'other'] as Scope[];
/** The common shapes of a row set: whole-tenant roles, a region manager, branch roles. */
function table(sa: string, cm: string, rm: string, ba: string, co: string, n: number): Record<Actor, string> {
  return { SUPER_ADMIN: sa, COUNTRY_MANAGER: cm, REGION_MANAGER: rm, BRANCH_ADMIN: ba, CONSULTANT: co, PLATFORM: UNAUTH(n) };
}
const FORBIDDEN3 = 'FORBIDDEN FORBIDDEN FORBIDDEN';

const ops: Op[] = [
  {
    name: 'me',
    scopes: ['in'],
    run: async (a) => outcome(await call(a, '{ me { id role actions branches { id } regions { id } creatableRoles } }')),
    expect: table('OK', 'OK', 'OK', 'OK', 'OK', 1),
  },
  {
    name: 'actionCatalogue',
    scopes: ['in'],
    run: async (a) => outcome(await call(a, '{ actionCatalogue { name kind } }')),
    expect: table('OK', 'OK', 'OK', 'OK', 'OK', 1),
  },
  {
    name: 'regions',
    scopes: ALL3,
    run: async (a, s) => listed(await call(a, '{ regions(first: 100) { nodes { id } } }'), 'regions', R(s)),
    expect: table(
      'VISIBLE VISIBLE HIDDEN',
      'VISIBLE VISIBLE HIDDEN',
      'VISIBLE HIDDEN HIDDEN',
      'VISIBLE HIDDEN HIDDEN',
      'VISIBLE HIDDEN HIDDEN',
      3,
    ),
  },
  {
    name: 'region',
    scopes: ALL3,
    run: async (a, s) => outcome(await call(a, 'query($id: ID!) { region(id: $id) { id branchCount } }', { id: R(s) })),
    expect: table(
      'OK OK NOT_FOUND',
      'OK OK NOT_FOUND',
      'OK NOT_FOUND NOT_FOUND',
      'OK NOT_FOUND NOT_FOUND',
      'OK NOT_FOUND NOT_FOUND',
      3,
    ),
  },
  {
    name: 'branches',
    scopes: ALL3,
    run: async (a, s) => listed(await call(a, '{ branches(first: 100) { nodes { id } } }'), 'branches', B(s)),
    expect: table(
      'VISIBLE VISIBLE HIDDEN',
      'VISIBLE VISIBLE HIDDEN',
      'VISIBLE HIDDEN HIDDEN',
      'VISIBLE HIDDEN HIDDEN',
      'VISIBLE HIDDEN HIDDEN',
      3,
    ),
  },
  {
    name: 'branch',
    scopes: ALL3,
    run: async (a, s) => outcome(await call(a, 'query($id: ID!) { branch(id: $id) { id region { id } } }', { id: B(s) })),
    expect: table(
      'OK OK NOT_FOUND',
      'OK OK NOT_FOUND',
      'OK NOT_FOUND NOT_FOUND',
      'OK NOT_FOUND NOT_FOUND',
      'OK NOT_FOUND NOT_FOUND',
      3,
    ),
  },
  {
    name: 'users',
    scopes: ALL3,
    run: async (a, s) => listed(await call(a, '{ users(first: 100) { nodes { id } } }'), 'users', peerOf(s)),
    expect: table(
      'VISIBLE VISIBLE HIDDEN',
      'VISIBLE VISIBLE HIDDEN',
      'VISIBLE HIDDEN HIDDEN',
      'VISIBLE HIDDEN HIDDEN',
      'VISIBLE HIDDEN HIDDEN',
      3,
    ),
  },
  {
    name: 'user',
    scopes: ALL3,
    run: async (a, s) =>
      outcome(await call(a, 'query($id: ID!) { user(id: $id) { id branches { id } regions { id } } }', { id: peerOf(s) })),
    expect: table(
      'OK OK NOT_FOUND',
      'OK OK NOT_FOUND',
      'OK NOT_FOUND NOT_FOUND',
      'OK NOT_FOUND NOT_FOUND',
      'OK NOT_FOUND NOT_FOUND',
      3,
    ),
  },
  {
    name: 'assignableUsers',
    scopes: ALL3,
    run: async (a, s) => listed(await call(a, '{ assignableUsers(first: 100) { nodes { id } } }'), 'assignableUsers', peerOf(s)),
    expect: table(
      'VISIBLE VISIBLE HIDDEN',
      'VISIBLE VISIBLE HIDDEN',
      'VISIBLE HIDDEN HIDDEN',
      'VISIBLE HIDDEN HIDDEN',
      'VISIBLE HIDDEN HIDDEN',
      3,
    ),
  },
  {
    name: 'rolePermissions',
    scopes: ['in'],
    run: async (a) => outcome(await call(a, '{ rolePermissions { role actions } }')),
    expect: table('OK', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 1),
  },
  {
    name: 'tenants (platform only)',
    scopes: ['in'],
    run: async (a) => outcome(await call(a, '{ tenants { totalCount } }')),
    expect: table('FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 1),
  },
  {
    name: 'createTenant (platform only)',
    scopes: ['in'],
    run: async (a) =>
      outcome(
        await call(a, 'mutation($i: CreateTenantInput!) { createTenant(input: $i) { id } }', {
          i: {
            name: 'Nope',
            slug: uniqueSlug(),
            owner: { email: 'x@y.test', password: 'password-1', firstName: 'X', lastName: 'Y' },
          },
        }),
      ),
    expect: table('FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 1),
  },
  {
    name: 'addTenantSuperAdmin (platform only)',
    scopes: ['in'],
    run: async (a) =>
      outcome(
        await call(
          a,
          'mutation($t: ID!, $i: AddTenantSuperAdminInput!) { addTenantSuperAdmin(tenantId: $t, input: $i) { id } }',
          {
            t: fx.tenant.id,
            i: { email: `sa${++seq}@x.test`, password: 'password-1', firstName: 'X', lastName: 'Y' },
          },
        ),
      ),
    expect: table('FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 1),
  },
  {
    name: 'createRegion',
    scopes: ['in'],
    run: async (a) =>
      outcome(await call(a, 'mutation($n: String!) { createRegion(input: { name: $n }) { id } }', { n: `Region ${++seq}` })),
    expect: table('OK', 'OK', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 1),
  },
  {
    name: 'updateRegion',
    scopes: ALL3,
    run: async (a, s) =>
      outcome(await call(a, 'mutation($id: ID!) { updateRegion(id: $id, input: { description: "x" }) { id } }', { id: R(s) })),
    expect: table('OK OK NOT_FOUND', 'OK OK NOT_FOUND', FORBIDDEN3, FORBIDDEN3, FORBIDDEN3, 3),
  },
  {
    name: 'deleteRegion',
    scopes: ['in', 'other'],
    run: async (a, s) =>
      outcome(
        await call(a, 'mutation($id: ID!) { deleteRegion(id: $id) }', {
          id: s === 'other' ? other.region : await fresh.region(),
        }),
      ),
    expect: table('OK NOT_FOUND', 'OK NOT_FOUND', 'FORBIDDEN FORBIDDEN', 'FORBIDDEN FORBIDDEN', 'FORBIDDEN FORBIDDEN', 2),
  },
  {
    name: 'createBranch',
    scopes: ALL3,
    run: async (a, s) =>
      outcome(
        await call(a, 'mutation($i: CreateBranchInput!) { createBranch(input: $i) { id } }', {
          i: { name: `Branch ${++seq}`, regionId: R(s) },
        }),
      ),
    expect: table('OK OK NOT_FOUND', 'OK OK NOT_FOUND', 'OK FORBIDDEN FORBIDDEN', FORBIDDEN3, FORBIDDEN3, 3),
  },
  {
    name: 'updateBranch',
    scopes: ALL3,
    run: async (a, s) =>
      outcome(await call(a, 'mutation($id: ID!) { updateBranch(id: $id, input: { phone: "123" }) { id } }', { id: B(s) })),
    expect: table('OK OK NOT_FOUND', 'OK OK NOT_FOUND', 'OK NOT_FOUND NOT_FOUND', FORBIDDEN3, FORBIDDEN3, 3),
  },
  {
    name: 'deleteBranch',
    scopes: ALL3,
    run: async (a, s) =>
      outcome(await call(a, 'mutation($id: ID!) { deleteBranch(id: $id) { deletedAt } }', { id: await freshBranch(s) })),
    expect: table('OK OK NOT_FOUND', 'OK OK NOT_FOUND', 'OK NOT_FOUND NOT_FOUND', FORBIDDEN3, FORBIDDEN3, 3),
  },
  {
    name: 'restoreBranch',
    scopes: ALL3,
    run: async (a, s) =>
      outcome(await call(a, 'mutation($id: ID!) { restoreBranch(id: $id) { deletedAt } }', { id: await freshDeletedBranch(s) })),
    expect: table('OK OK NOT_FOUND', 'OK OK NOT_FOUND', 'OK NOT_FOUND NOT_FOUND', FORBIDDEN3, FORBIDDEN3, 3),
  },
  {
    name: 'createUser (a consultant)',
    scopes: ALL3,
    run: async (a, s) =>
      outcome(
        await call(a, CREATE_USER, {
          i: {
            email: `new${++seq}@${fx.tenant.slug}.test`,
            password: 'new-pass-12',
            firstName: 'N',
            lastName: 'U',
            role: 'CONSULTANT',
            branchIds: [B(s)],
          },
        }),
      ),
    expect: table(
      'OK OK BAD_USER_INPUT',
      'OK OK BAD_USER_INPUT',
      'OK FORBIDDEN FORBIDDEN',
      'OK FORBIDDEN FORBIDDEN',
      FORBIDDEN3,
      3,
    ),
  },
  {
    name: 'updateUser (a consultant)',
    scopes: ALL3,
    run: async (a, s) =>
      outcome(
        await call(a, 'mutation($id: ID!) { updateUser(id: $id, input: { firstName: "Renamed" }) { id } }', {
          id: await freshUser(s),
        }),
      ),
    expect: table('OK OK NOT_FOUND', 'OK OK NOT_FOUND', 'OK NOT_FOUND NOT_FOUND', 'OK NOT_FOUND NOT_FOUND', FORBIDDEN3, 3),
  },
  {
    name: 'deactivateUser (a consultant)',
    scopes: ALL3,
    run: async (a, s) =>
      outcome(await call(a, 'mutation($id: ID!) { deactivateUser(id: $id) { isActive } }', { id: await freshUser(s) })),
    expect: table('OK OK NOT_FOUND', 'OK OK NOT_FOUND', 'OK NOT_FOUND NOT_FOUND', 'OK NOT_FOUND NOT_FOUND', FORBIDDEN3, 3),
  },
  {
    name: 'reactivateUser (a consultant)',
    scopes: ALL3,
    run: async (a, s) =>
      outcome(await call(a, 'mutation($id: ID!) { reactivateUser(id: $id) { isActive } }', { id: await freshUser(s, false) })),
    expect: table('OK OK NOT_FOUND', 'OK OK NOT_FOUND', 'OK NOT_FOUND NOT_FOUND', 'OK NOT_FOUND NOT_FOUND', FORBIDDEN3, 3),
  },
  {
    name: 'resetUserPassword (a consultant)',
    scopes: ALL3,
    run: async (a, s) =>
      outcome(
        await call(a, 'mutation($id: ID!) { resetUserPassword(id: $id, input: { newPassword: "reset-pass-1" }) }', {
          id: await freshUser(s),
        }),
      ),
    expect: table('OK OK NOT_FOUND', 'OK OK NOT_FOUND', 'OK NOT_FOUND NOT_FOUND', 'OK NOT_FOUND NOT_FOUND', FORBIDDEN3, 3),
  },
  {
    name: 'setRolePermissions (consultant defaults)',
    scopes: ['in'],
    run: async (a) =>
      outcome(
        await call(a, 'mutation($i: SetRolePermissionsInput!) { setRolePermissions(input: $i) { role } }', {
          i: { role: 'CONSULTANT', actions: ['branch:read', 'region:read', 'user:read'] },
        }),
      ),
    expect: table('OK', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 1),
  },
];

beforeAll(async () => {
  server = await startTestServer();
  platformToken = (await loginPlatform(server)).accessToken;
  fx = await createOrgFixture(server, platformToken);
  const t2 = await createTenant(server, platformToken);
  const as2 = { tenant: t2.slug, token: t2.ownerTokens.accessToken };
  const region = (await must(gql(server, 'mutation { createRegion(input: { name: "Other" }) { id } }', {}, as2))).createRegion.id;
  const branch = (
    await must(
      gql(server, 'mutation($r: ID!) { createBranch(input: { name: "Other", regionId: $r }) { id } }', { r: region }, as2),
    )
  ).createBranch.id;
  const user = (
    await must(
      gql(
        server,
        CREATE_USER,
        {
          i: {
            email: `c@${t2.slug}.test`,
            password: 'other-pass-1',
            firstName: 'O',
            lastName: 'T',
            role: 'CONSULTANT',
            branchIds: [branch],
          },
        },
        as2,
      ),
    )
  ).createUser.id;
  other = { region, branch, user };
  peer = { in: await fresh.consultant('B11'), out: await fresh.consultant('B21') };
}, 120_000);
afterAll(() => server.close());

describe('permission matrix', () => {
  for (const op of ops) {
    describe(op.name, () => {
      for (const actor of ACTORS) {
        const expected = op.expect[actor].split(' ');
        if (expected.length !== op.scopes.length)
          throw new Error(`${op.name}/${actor}: ${expected.length} outcomes for ${op.scopes.length} scopes`);
        op.scopes.forEach((scope, i) => {
          const target = op.scopes.length > 1 ? ` · target ${SCOPE_NAME[scope]}` : '';
          it(`${actor}${target} → ${expected[i]}`, async () => {
            expect(await op.run(actor, scope)).toBe(expected[i]);
          });
        });
      }
    });
  }
});

describe('the matrix covers the schema', () => {
  it('has a row for every root operation', async () => {
    const { buildSchemaFromFiles } = await import('../src/graphql/type-defs.js');
    const schema = buildSchemaFromFiles();
    const fields = [...Object.keys(schema.getQueryType()!.getFields()), ...Object.keys(schema.getMutationType()!.getFields())];
    // Covered by their own suites: sign-in (auth.test), platform tenant operations (provisioning, signup), ping.
    const elsewhere = new Set([
      'ping',
      'tenantInfo',
      'tenant',
      'login',
      'refreshSession',
      'logout',
      'changeMyPassword',
      'updateTenant',
      'deactivateTenant',
      'activateTenant',
      'addTenantDomain',
      'removeTenantDomain',
      'signUp',
    ]);
    const covered = new Set(ops.map((o) => o.name.split(' ')[0]));
    expect(fields.filter((f) => !covered.has(f) && !elsewhere.has(f))).toEqual([]);
  });
});
