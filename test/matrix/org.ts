// Permission matrix rows of sign-in, platform, org (regions, branches) and users operations.
import { CREATE_USER } from '../kit/org-fixture.js';
import { gql, login, must, uniqueSlug, type GqlResult } from '../kit/server.js';
import {
  ALL3,
  asOwner,
  B,
  branchKey,
  call,
  FORBIDDEN3,
  fresh,
  listed,
  m,
  OTHER_USER,
  outcome,
  peerOf,
  R,
  readAs,
  regionKey,
  SCOPED_LIST,
  SCOPED_READ,
  seq,
  table,
  write,
  type Op,
  type Scope,
  type WriteOp,
} from '../kit/matrix.js';

const freshBranch = (scope: Scope) => (scope === 'other' ? Promise.resolve(m.other.branch) : fresh.branch(regionKey(scope)));
const freshDeletedBranch = async (scope: Scope) => {
  if (scope === 'other') return m.other.branch;
  const id = await fresh.branch(regionKey(scope));
  await must(asOwner('mutation($id: ID!) { deleteBranch(id: $id) { id } }', { id }));
  return id;
};
interface Person {
  id: string;
  email: string;
  password?: string;
}

const twoBranchConsultant = (second: 'B12' | 'B21', active: boolean) => fresh.user(['B11', second], active);
/** A fresh consultant of the scope's branch, or the other tenant's consultant. */
const freshPerson = (scope: Scope, active = true): Promise<Person> =>
  scope === 'other' ? Promise.resolve(otherPerson()) : fresh.user([branchKey(scope)], active);
const otherPerson = (): Person => {
  const { email, password } = OTHER_USER(m.other.slug);
  return { id: m.other.user, email, password };
};

/** Keeps the password only for the rows that change it (see personRead). */
const withPassword = (p: Person, mutation: string) => (mutation.includes('Password') ? p : { ...p, password: undefined });
const SNAPSHOT = readAs('query($id: ID!) { user(id: $id) { role firstName isActive branches { id } regions { id } } }');
/**
 * A user as its tenant's owner reads it, and for password rows whether its password still signs
 * it in (when active): a sign-in costs a hash, so only where the password is what changes.
 */
async function personRead(p: Person & { password?: string }, scope: Scope): Promise<GqlResult> {
  const r = await SNAPSHOT({ id: p.id }, scope);
  const active = (r.data as { user?: { isActive: boolean } } | null)?.user?.isActive;
  const signsIn =
    active && p.password
      ? await login(m.server, p.email, p.password!, scope === 'other' ? m.other.slug : m.fx.tenant.slug).then(
          () => true,
          () => false,
        )
      : null;
  return { ...r, data: { ...r.data, signsIn } };
}
/** A user-management row on a fresh consultant of the scope's branch. */
const onPerson = (name: WriteOp['name'], mutation: string, expect: Op['expect'], active = true): Op =>
  write({
    name,
    scopes: ALL3,
    target: async (_a, s) => withPassword(await freshPerson(s, active), mutation),
    mutate: (a, _s, p) => call(a, mutation, { id: p.id }),
    readBack: personRead,
    expect,
  });
const usersCalled = readAs('query($s: String) { users(filter: { search: $s }) { totalCount } }');
const allUsers = readAs('{ users { totalCount } }');
const regionRead = readAs('query($id: ID!) { region(id: $id) { id description } }');
const branchRead = readAs('query($id: ID!) { branch(id: $id) { phone deletedAt } }');
const asPlatform = (query: string, variables: Record<string, unknown> = {}) =>
  gql(m.server, query, variables, { token: m.platformToken });

/**
 * One user-management operation on a consultant of B11 and `second`: B21 puts it partly outside a
 * B11 region manager's scope, B12 (and B21) partly outside a B11 branch admin's. A refusal must
 * leave the user as it was, password included (the matrix re-reads it).
 */
function onTwoBranchConsultant(name: string, second: 'B12' | 'B21', mutation: string, expect: Op['expect'], active = true): Op {
  return write({
    name: `${name} (a consultant of B11 and ${second})` as WriteOp['name'],
    scopes: ['in'],
    target: async () => withPassword(await twoBranchConsultant(second, active), mutation),
    mutate: (a, _s, p) => call(a, mutation, { id: p.id }),
    readBack: personRead,
    expect,
  });
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
    // A new user in B11 and `second`: refused unless both branches are in the creator's scope.
    ...(['createUser', 'inviteUser'] as const).map((op) =>
      write({
        name: `${op} (a consultant of B11 and ${second})` as WriteOp['name'],
        scopes: ['in'],
        target: () => Promise.resolve(`two${seq()}@${m.fx.tenant.slug}.test`),
        mutate: (a, _s, email) => {
          const i = {
            email,
            firstName: 'N',
            lastName: 'U',
            role: 'CONSULTANT',
            branchIds: [m.fx.branches.B11, m.fx.branches[second]],
          };
          return op === 'createUser'
            ? call(a, CREATE_USER, { i: { ...i, password: 'new-pass-12' } })
            : call(a, 'mutation($i: InviteUserInput!) { inviteUser(input: $i) { id } }', { i });
        },
        readBack: (email) => usersCalled({ s: email }),
        expect,
      }),
    ),
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
    // Regions are not branch-scoped: B12's region is the `in` one.
    sibling: false,
    run: async (a, s) => listed(await call(a, '{ regions(first: 100) { nodes { id } } }'), 'regions', R(s)),
    expect: SCOPED_LIST,
  },
  {
    name: 'region',
    scopes: ALL3,
    // Regions are not branch-scoped: B12's region is the `in` one.
    sibling: false,
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
  write({
    name: 'createTenant (platform only)',
    scopes: ['in'],
    target: () => Promise.resolve(uniqueSlug()),
    mutate: (a, _s, slug) =>
      call(a, 'mutation($i: CreateTenantInput!) { createTenant(input: $i) { id } }', {
        i: { name: 'Nope', slug, owner: { email: 'x@y.test', password: 'password-1', firstName: 'X', lastName: 'Y' } },
      }),
    readBack: (slug) => gql(m.server, '{ tenantInfo { name } }', {}, { tenant: slug }),
    expect: table('FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN'),
  }),
  write({
    name: 'addTenantSuperAdmin (platform only)',
    scopes: ['in'],
    target: () => Promise.resolve(`sa${seq()}@x.test`),
    mutate: (a, _s, email) =>
      call(a, 'mutation($t: ID!, $i: AddTenantSuperAdminInput!) { addTenantSuperAdmin(tenantId: $t, input: $i) { id } }', {
        t: m.fx.tenant.id,
        i: { email, password: 'password-1', firstName: 'X', lastName: 'Y' },
      }),
    readBack: () => asPlatform('query($t: ID!) { tenantAdmins(tenantId: $t) { totalCount } }', { t: m.fx.tenant.id }),
    expect: table('FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN'),
  }),
  write({
    name: 'createRegion',
    scopes: ['in'],
    target: () => Promise.resolve(`Region ${seq()}`),
    mutate: (a, _s, n) => call(a, 'mutation($n: String!) { createRegion(input: { name: $n }) { id } }', { n }),
    readBack: () => readAs('{ regions { totalCount } }')({}),
    expect: table('OK', 'OK', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN'),
  }),
  write({
    name: 'updateRegion',
    scopes: ALL3,
    // Regions are not branch-scoped: B12's region is the `in` one.
    sibling: false,
    target: (_a, s) => Promise.resolve(R(s)),
    mutate: (a, _s, id) =>
      call(a, 'mutation($id: ID!, $d: String) { updateRegion(id: $id, input: { description: $d }) { id } }', {
        id,
        d: `x${seq()}`,
      }),
    readBack: (id, s) => regionRead({ id }, s),
    expect: table('OK OK NOT_FOUND', 'OK OK NOT_FOUND', FORBIDDEN3, FORBIDDEN3, FORBIDDEN3),
  }),
  write({
    name: 'deleteRegion',
    scopes: ['in', 'other'],
    target: (_a, s) => (s === 'other' ? Promise.resolve(m.other.region) : fresh.region()),
    mutate: (a, _s, id) => call(a, 'mutation($id: ID!) { deleteRegion(id: $id) }', { id }),
    readBack: (id, s) => regionRead({ id }, s),
    expect: table('OK NOT_FOUND', 'OK NOT_FOUND', 'FORBIDDEN FORBIDDEN', 'FORBIDDEN FORBIDDEN', 'FORBIDDEN FORBIDDEN'),
  }),
  write({
    name: 'createBranch',
    scopes: ALL3,
    // The target is a region: B12's is the `in` one.
    sibling: false,
    target: () => Promise.resolve(`Branch ${seq()}`),
    mutate: (a, s, name) =>
      call(a, 'mutation($i: CreateBranchInput!) { createBranch(input: $i) { id } }', { i: { name, regionId: R(s) } }),
    // Made in the actor's tenant or nowhere, whatever region it names.
    readBack: (n) => readAs('query($s: String) { branches(filter: { search: $s }) { totalCount } }')({ s: n }),
    expect: table('OK OK NOT_FOUND', 'OK OK NOT_FOUND', 'OK FORBIDDEN FORBIDDEN', FORBIDDEN3, FORBIDDEN3),
  }),
  write({
    name: 'updateBranch',
    scopes: ALL3,
    target: (_a, s) => Promise.resolve(B(s)),
    mutate: (a, _s, id) =>
      call(a, 'mutation($id: ID!, $p: String) { updateBranch(id: $id, input: { phone: $p }) { id } }', { id, p: `${seq()}` }),
    readBack: (id, s) => branchRead({ id }, s),
    expect: table('OK OK NOT_FOUND', 'OK OK NOT_FOUND', 'OK NOT_FOUND NOT_FOUND', FORBIDDEN3, FORBIDDEN3),
  }),
  write({
    name: 'deleteBranch',
    scopes: ALL3,
    target: (_a, s) => freshBranch(s),
    mutate: (a, _s, id) => call(a, 'mutation($id: ID!) { deleteBranch(id: $id) { deletedAt } }', { id }),
    readBack: (id, s) => branchRead({ id }, s),
    expect: table('OK OK NOT_FOUND', 'OK OK NOT_FOUND', 'OK NOT_FOUND NOT_FOUND', FORBIDDEN3, FORBIDDEN3),
  }),
  write({
    name: 'restoreBranch',
    scopes: ALL3,
    target: (_a, s) => freshDeletedBranch(s),
    mutate: (a, _s, id) => call(a, 'mutation($id: ID!) { restoreBranch(id: $id) { deletedAt } }', { id }),
    readBack: (id, s) => branchRead({ id }, s),
    expect: table('OK OK NOT_FOUND', 'OK OK NOT_FOUND', 'OK NOT_FOUND NOT_FOUND', FORBIDDEN3, FORBIDDEN3),
  }),
  write({
    name: 'createUser (a consultant)',
    scopes: ALL3,
    target: () => Promise.resolve(`new${seq()}@${m.fx.tenant.slug}.test`),
    mutate: (a, s, email) =>
      call(a, CREATE_USER, {
        i: { email, password: 'new-pass-12', firstName: 'N', lastName: 'U', role: 'CONSULTANT', branchIds: [B(s)] },
      }),
    readBack: (email) => usersCalled({ s: email }),
    expect: table('OK OK BAD_USER_INPUT', 'OK OK BAD_USER_INPUT', 'OK FORBIDDEN FORBIDDEN', 'OK FORBIDDEN FORBIDDEN', FORBIDDEN3),
  }),
  write({
    name: 'inviteUser (a consultant)',
    scopes: ALL3,
    target: () => Promise.resolve(`inv${seq()}@${m.fx.tenant.slug}.test`),
    mutate: (a, s, email) =>
      call(a, 'mutation($i: InviteUserInput!) { inviteUser(input: $i) { id } }', {
        i: { email, firstName: 'N', lastName: 'U', role: 'CONSULTANT', branchIds: [B(s)] },
      }),
    readBack: (email) => usersCalled({ s: email }),
    expect: table('OK OK BAD_USER_INPUT', 'OK OK BAD_USER_INPUT', 'OK FORBIDDEN FORBIDDEN', 'OK FORBIDDEN FORBIDDEN', FORBIDDEN3),
  }),
  write({
    name: 'acceptInvitation (a wrong token; signed in or not, the link decides)',
    scopes: ['in'],
    target: () => Promise.resolve(null),
    mutate: (a) =>
      call(a, 'mutation { acceptInvitation(input: { token: "not-a-token", password: "chosen-pass-1" }) { accessToken } }'),
    readBack: () => allUsers({}),
    expect: table('BAD_USER_INPUT', 'BAD_USER_INPUT', 'BAD_USER_INPUT', 'BAD_USER_INPUT', 'BAD_USER_INPUT'),
  }),
  write({
    name: 'requestPasswordReset (an unknown email)',
    scopes: ['in'],
    target: () => Promise.resolve(`nobody${seq()}@x.test`),
    mutate: (a, _s, e) => call(a, 'mutation($e: String!) { requestPasswordReset(input: { email: $e }) }', { e }),
    readBack: () => allUsers({}),
    okUnchanged: 'an unknown email: it answers as for a known one, and nothing changes',
    expect: table('OK', 'OK', 'OK', 'OK', 'OK'),
  }),
  write({
    name: 'resetPassword (a wrong token)',
    scopes: ['in'],
    target: () => Promise.resolve(null),
    mutate: (a) => call(a, 'mutation { resetPassword(input: { token: "not-a-token", newPassword: "chosen-pass-1" }) }'),
    readBack: () => allUsers({}),
    expect: table('BAD_USER_INPUT', 'BAD_USER_INPUT', 'BAD_USER_INPUT', 'BAD_USER_INPUT', 'BAD_USER_INPUT'),
  }),
  onPerson(
    'updateUser (a consultant)',
    'mutation($id: ID!) { updateUser(id: $id, input: { firstName: "Renamed" }) { id } }',
    table('OK OK NOT_FOUND', 'OK OK NOT_FOUND', 'OK NOT_FOUND NOT_FOUND', 'OK NOT_FOUND NOT_FOUND', FORBIDDEN3),
  ),
  onPerson(
    'deactivateUser (a consultant)',
    'mutation($id: ID!) { deactivateUser(id: $id) { isActive } }',
    table('OK OK NOT_FOUND', 'OK OK NOT_FOUND', 'OK NOT_FOUND NOT_FOUND', 'OK NOT_FOUND NOT_FOUND', FORBIDDEN3),
  ),
  onPerson(
    'reactivateUser (a consultant)',
    'mutation($id: ID!) { reactivateUser(id: $id) { isActive } }',
    table('OK OK NOT_FOUND', 'OK OK NOT_FOUND', 'OK NOT_FOUND NOT_FOUND', 'OK NOT_FOUND NOT_FOUND', FORBIDDEN3),
    false,
  ),
  onPerson(
    'resetUserPassword (a consultant)',
    'mutation($id: ID!) { resetUserPassword(id: $id, input: { newPassword: "reset-pass-1" }) }',
    table('OK OK NOT_FOUND', 'OK OK NOT_FOUND', 'OK NOT_FOUND NOT_FOUND', 'OK NOT_FOUND NOT_FOUND', FORBIDDEN3),
  ),
  ...twoBranchOps,
  write({
    name: 'setRolePermissions (consultant defaults)',
    scopes: ['in'],
    target: async () => {
      const sets = (await must(asOwner('{ rolePermissions { role defaultActions } }'))).rolePermissions as {
        role: string;
        defaultActions: string[];
      }[];
      return sets.find((r) => r.role === 'CONSULTANT')!.defaultActions;
    },
    mutate: (a, _s, actions) =>
      call(a, 'mutation($i: SetRolePermissionsInput!) { setRolePermissions(input: $i) { role } }', {
        i: { role: 'CONSULTANT', actions },
      }),
    readBack: () => readAs('{ rolePermissions { role actions } }')({}),
    okUnchanged: 'it sets the defaults it read, so that the other rows keep their permissions',
    expect: table('OK', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN'),
  }),
];
