// Permission matrix rows of sign-in, platform, org (regions, branches) and users operations.
import { CREATE_USER } from '../kit/org-fixture.js';
import { login, must, uniqueSlug } from '../kit/server.js';
import {
  ALL3,
  asOwner,
  B,
  call,
  FORBIDDEN3,
  fresh,
  listed,
  m,
  outcome,
  R,
  regionKey,
  branchKey,
  SCOPED_LIST,
  SCOPED_READ,
  seq,
  table,
  type Op,
  type Scope,
} from '../kit/matrix.js';

const peerOf = (scope: Scope) => (scope === 'other' ? m.other.user : m.peer[scope]);
const freshBranch = (scope: Scope) => (scope === 'other' ? Promise.resolve(m.other.branch) : fresh.branch(regionKey(scope)));
const freshDeletedBranch = async (scope: Scope) => {
  if (scope === 'other') return m.other.branch;
  const id = await fresh.branch(regionKey(scope));
  await must(asOwner('mutation($id: ID!) { deleteBranch(id: $id) { id } }', { id }));
  return id;
};
const freshUser = (scope: Scope, active = true) =>
  scope === 'other' ? Promise.resolve(m.other.user) : fresh.consultant(branchKey(scope), active);

/** A consultant of two branches, B11 and one more, made by the owner; deactivated when `active` is false. */
async function twoBranchConsultant(second: 'B12' | 'B21', active: boolean) {
  const n = seq();
  const i = {
    email: `two${n}@${m.fx.tenant.slug}.test`,
    password: 'two-branch-1',
    firstName: 'Two',
    lastName: `Branches ${n}`,
    role: 'CONSULTANT',
    branchIds: [m.fx.branches.B11, m.fx.branches[second]],
  };
  const id = (await must(asOwner(CREATE_USER, { i }))).createUser.id as string;
  if (!active) await must(asOwner('mutation($id: ID!) { deactivateUser(id: $id) { id } }', { id }));
  return { id, email: i.email, password: i.password };
}

const SNAPSHOT = 'query($id: ID!) { user(id: $id) { role firstName isActive branches { id } regions { id } } }';

/**
 * One user-management operation on a consultant of B11 and `second`: B21 puts it partly outside a
 * B11 region manager's scope, B12 (and B21) partly outside a B11 branch admin's. A refusal must
 * leave the user as it was, password included: otherwise the outcome reads "<code>+CHANGED".
 */
function onTwoBranchConsultant(name: string, second: 'B12' | 'B21', mutation: string, expect: Op['expect'], active = true): Op {
  return {
    name: `${name} (a consultant of B11 and ${second})`,
    scopes: ['in'],
    run: async (a) => {
      const target = await twoBranchConsultant(second, active);
      const before = await must(asOwner(SNAPSHOT, { id: target.id }));
      const result = outcome(await call(a, mutation, { id: target.id }));
      if (result === 'OK') return result;
      const unchanged =
        JSON.stringify(await must(asOwner(SNAPSHOT, { id: target.id }))) === JSON.stringify(before) &&
        (!active ||
          (await login(m.server, target.email, target.password, m.fx.tenant.slug).then(
            () => true,
            () => false,
          )));
      return unchanged ? result : `${result}+CHANGED`;
    },
    expect,
  };
}

const PARTLY_OUTSIDE_RM = table('OK', 'OK', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN');
const PARTLY_OUTSIDE_BA = table('OK', 'OK', 'OK', 'FORBIDDEN', 'FORBIDDEN');
const twoBranchOps = (['B21', 'B12'] as const).flatMap((second) => {
  const expect = second === 'B21' ? PARTLY_OUTSIDE_RM : PARTLY_OUTSIDE_BA;
  return [
    onTwoBranchConsultant(
      'updateUser',
      second,
      'mutation($id: ID!) { updateUser(id: $id, input: { firstName: "Renamed" }) { id } }',
      expect,
    ),
    onTwoBranchConsultant(
      'updateUser role change',
      second,
      'mutation($id: ID!) { updateUser(id: $id, input: { role: BRANCH_ADMIN }) { id } }',
      // A branch admin may not give BRANCH_ADMIN at all; the region manager's outcome is what this row is about.
      expect,
    ),
    onTwoBranchConsultant(
      'resetUserPassword',
      second,
      'mutation($id: ID!) { resetUserPassword(id: $id, input: { newPassword: "taken-over-1" }) }',
      expect,
    ),
    onTwoBranchConsultant('deactivateUser', second, 'mutation($id: ID!) { deactivateUser(id: $id) { id } }', expect),
    onTwoBranchConsultant('reactivateUser', second, 'mutation($id: ID!) { reactivateUser(id: $id) { id } }', expect, false),
  ];
});

export const ops: Op[] = [
  {
    name: 'me',
    scopes: ['in'],
    run: async (a) => outcome(await call(a, '{ me { id role actions branches { id } regions { id } creatableRoles } }')),
    expect: table('OK', 'OK', 'OK', 'OK', 'OK'),
  },
  {
    name: 'actionCatalogue',
    scopes: ['in'],
    run: async (a) => outcome(await call(a, '{ actionCatalogue { name kind } }')),
    expect: table('OK', 'OK', 'OK', 'OK', 'OK'),
  },
  {
    name: 'regions',
    scopes: ALL3,
    run: async (a, s) => listed(await call(a, '{ regions(first: 100) { nodes { id } } }'), 'regions', R(s)),
    expect: SCOPED_LIST,
  },
  {
    name: 'region',
    scopes: ALL3,
    run: async (a, s) => outcome(await call(a, 'query($id: ID!) { region(id: $id) { id branchCount } }', { id: R(s) })),
    expect: SCOPED_READ,
  },
  {
    name: 'branches',
    scopes: ALL3,
    run: async (a, s) => listed(await call(a, '{ branches(first: 100) { nodes { id } } }'), 'branches', B(s)),
    expect: SCOPED_LIST,
  },
  {
    name: 'branch',
    scopes: ALL3,
    run: async (a, s) => outcome(await call(a, 'query($id: ID!) { branch(id: $id) { id region { id } } }', { id: B(s) })),
    expect: SCOPED_READ,
  },
  {
    name: 'users',
    scopes: ALL3,
    run: async (a, s) => listed(await call(a, '{ users(first: 100) { nodes { id } } }'), 'users', peerOf(s)),
    expect: SCOPED_LIST,
  },
  {
    name: 'user',
    scopes: ALL3,
    run: async (a, s) =>
      outcome(await call(a, 'query($id: ID!) { user(id: $id) { id branches { id } regions { id } } }', { id: peerOf(s) })),
    expect: SCOPED_READ,
  },
  {
    name: 'assignableUsers',
    scopes: ALL3,
    run: async (a, s) => listed(await call(a, '{ assignableUsers(first: 100) { nodes { id } } }'), 'assignableUsers', peerOf(s)),
    expect: SCOPED_LIST,
  },
  {
    name: 'rolePermissions',
    scopes: ['in'],
    run: async (a) => outcome(await call(a, '{ rolePermissions { role actions } }')),
    expect: table('OK', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN'),
  },
  {
    name: 'tenants (platform only)',
    scopes: ['in'],
    run: async (a) => outcome(await call(a, '{ tenants { totalCount } }')),
    expect: table('FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN'),
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
    expect: table('FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN'),
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
            t: m.fx.tenant.id,
            i: { email: `sa${seq()}@x.test`, password: 'password-1', firstName: 'X', lastName: 'Y' },
          },
        ),
      ),
    expect: table('FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN'),
  },
  {
    name: 'createRegion',
    scopes: ['in'],
    run: async (a) =>
      outcome(await call(a, 'mutation($n: String!) { createRegion(input: { name: $n }) { id } }', { n: `Region ${seq()}` })),
    expect: table('OK', 'OK', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN'),
  },
  {
    name: 'updateRegion',
    scopes: ALL3,
    run: async (a, s) =>
      outcome(await call(a, 'mutation($id: ID!) { updateRegion(id: $id, input: { description: "x" }) { id } }', { id: R(s) })),
    expect: table('OK OK NOT_FOUND', 'OK OK NOT_FOUND', FORBIDDEN3, FORBIDDEN3, FORBIDDEN3),
  },
  {
    name: 'deleteRegion',
    scopes: ['in', 'other'],
    run: async (a, s) =>
      outcome(
        await call(a, 'mutation($id: ID!) { deleteRegion(id: $id) }', {
          id: s === 'other' ? m.other.region : await fresh.region(),
        }),
      ),
    expect: table('OK NOT_FOUND', 'OK NOT_FOUND', 'FORBIDDEN FORBIDDEN', 'FORBIDDEN FORBIDDEN', 'FORBIDDEN FORBIDDEN'),
  },
  {
    name: 'createBranch',
    scopes: ALL3,
    run: async (a, s) =>
      outcome(
        await call(a, 'mutation($i: CreateBranchInput!) { createBranch(input: $i) { id } }', {
          i: { name: `Branch ${seq()}`, regionId: R(s) },
        }),
      ),
    expect: table('OK OK NOT_FOUND', 'OK OK NOT_FOUND', 'OK FORBIDDEN FORBIDDEN', FORBIDDEN3, FORBIDDEN3),
  },
  {
    name: 'updateBranch',
    scopes: ALL3,
    run: async (a, s) =>
      outcome(await call(a, 'mutation($id: ID!) { updateBranch(id: $id, input: { phone: "123" }) { id } }', { id: B(s) })),
    expect: table('OK OK NOT_FOUND', 'OK OK NOT_FOUND', 'OK NOT_FOUND NOT_FOUND', FORBIDDEN3, FORBIDDEN3),
  },
  {
    name: 'deleteBranch',
    scopes: ALL3,
    run: async (a, s) =>
      outcome(await call(a, 'mutation($id: ID!) { deleteBranch(id: $id) { deletedAt } }', { id: await freshBranch(s) })),
    expect: table('OK OK NOT_FOUND', 'OK OK NOT_FOUND', 'OK NOT_FOUND NOT_FOUND', FORBIDDEN3, FORBIDDEN3),
  },
  {
    name: 'restoreBranch',
    scopes: ALL3,
    run: async (a, s) =>
      outcome(await call(a, 'mutation($id: ID!) { restoreBranch(id: $id) { deletedAt } }', { id: await freshDeletedBranch(s) })),
    expect: table('OK OK NOT_FOUND', 'OK OK NOT_FOUND', 'OK NOT_FOUND NOT_FOUND', FORBIDDEN3, FORBIDDEN3),
  },
  {
    name: 'createUser (a consultant)',
    scopes: ALL3,
    run: async (a, s) =>
      outcome(
        await call(a, CREATE_USER, {
          i: {
            email: `new${seq()}@${m.fx.tenant.slug}.test`,
            password: 'new-pass-12',
            firstName: 'N',
            lastName: 'U',
            role: 'CONSULTANT',
            branchIds: [B(s)],
          },
        }),
      ),
    expect: table('OK OK BAD_USER_INPUT', 'OK OK BAD_USER_INPUT', 'OK FORBIDDEN FORBIDDEN', 'OK FORBIDDEN FORBIDDEN', FORBIDDEN3),
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
    expect: table('OK OK NOT_FOUND', 'OK OK NOT_FOUND', 'OK NOT_FOUND NOT_FOUND', 'OK NOT_FOUND NOT_FOUND', FORBIDDEN3),
  },
  {
    name: 'deactivateUser (a consultant)',
    scopes: ALL3,
    run: async (a, s) =>
      outcome(await call(a, 'mutation($id: ID!) { deactivateUser(id: $id) { isActive } }', { id: await freshUser(s) })),
    expect: table('OK OK NOT_FOUND', 'OK OK NOT_FOUND', 'OK NOT_FOUND NOT_FOUND', 'OK NOT_FOUND NOT_FOUND', FORBIDDEN3),
  },
  {
    name: 'reactivateUser (a consultant)',
    scopes: ALL3,
    run: async (a, s) =>
      outcome(await call(a, 'mutation($id: ID!) { reactivateUser(id: $id) { isActive } }', { id: await freshUser(s, false) })),
    expect: table('OK OK NOT_FOUND', 'OK OK NOT_FOUND', 'OK NOT_FOUND NOT_FOUND', 'OK NOT_FOUND NOT_FOUND', FORBIDDEN3),
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
    expect: table('OK OK NOT_FOUND', 'OK OK NOT_FOUND', 'OK NOT_FOUND NOT_FOUND', 'OK NOT_FOUND NOT_FOUND', FORBIDDEN3),
  },
  ...twoBranchOps,
  {
    name: 'setRolePermissions (consultant defaults)',
    scopes: ['in'],
    run: async (a) => {
      const sets = (await must(asOwner('{ rolePermissions { role defaultActions } }'))).rolePermissions as {
        role: string;
        defaultActions: string[];
      }[];
      const actions = sets.find((r) => r.role === 'CONSULTANT')!.defaultActions;
      return outcome(
        await call(a, 'mutation($i: SetRolePermissionsInput!) { setRolePermissions(input: $i) { role } }', {
          i: { role: 'CONSULTANT', actions },
        }),
      );
    },
    expect: table('OK', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN'),
  },
];
