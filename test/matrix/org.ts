// Permission matrix rows of sign-in, platform, org (regions, branches) and users operations.
import { CREATE_USER } from '../kit/org-fixture.js';
import { gql, login, must, uniqueSlug, type GqlResult } from '../kit/server.js';
import {
  ALL3,
  asOwner,
  B,
  branchKey,
  byIdRows,
  call,
  EVERY_ROLE,
  FORBIDDEN3,
  fresh,
  m,
  OTHER_USER,
  partlyInScope,
  peerOf,
  R,
  readAs,
  regionKey,
  rows,
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
/** Branch writes: SUPER_ADMIN, COUNTRY_MANAGER, and a region manager in its region. */
const branchRow = byIdRows(
  ALL3,
  branchRead,
  table('OK OK NOT_FOUND', 'OK OK NOT_FOUND', 'OK NOT_FOUND NOT_FOUND', FORBIDDEN3, FORBIDDEN3),
);
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

/**
 * Reads of a consultant of B11 and B21 (`partlyInScope`): one branch shared with the scope makes a
 * user visible and assignable (decisions §2), but only the branches in scope show on it.
 */
const partlyId = async () => (await partlyInScope()).id;
const partlyByEmail = async () => ({ s: (await partlyInScope()).email });
const PARTLY_LISTED = table('VISIBLE', 'VISIBLE', 'VISIBLE', 'VISIBLE', 'VISIBLE');
const branchKeyOf = (id: string) => Object.entries(m.fx.branches).find(([, b]) => b === id)?.[0] ?? id;
const partlyReads: Op[] = [
  rows.list(
    'users (a consultant of B11 and B21)',
    ['in'],
    'query($s: String) { users(first: 100, filter: { search: $s }) { nodes { id } } }',
    partlyId,
    PARTLY_LISTED,
    partlyByEmail,
  ),
  rows.get('user (a consultant of B11 and B21)', ['in'], 'query($id: ID!) { user(id: $id) { id } }', partlyId, EVERY_ROLE),
  {
    name: 'user (the branches a consultant of B11 and B21 shows)',
    scopes: ['in'],
    run: async (a) => {
      const r = await call(a, 'query($id: ID!) { user(id: $id) { branches { id } } }', { id: await partlyId() });
      if (r.errors?.length) return r.codes[0]!;
      const { branches } = (r.data as { user: { branches: { id: string }[] } }).user;
      return branches.map((b) => branchKeyOf(b.id)).join('+');
    },
    expect: table('B11+B21', 'B11+B21', 'B11', 'B11', 'B11'),
  },
  rows.list(
    'assignableUsers (a consultant of B11 and B21)',
    ['in'],
    'query($s: String) { assignableUsers(first: 100, search: $s) { nodes { id } } }',
    partlyId,
    PARTLY_LISTED,
    partlyByEmail,
  ),
];

export const ops: Op[] = [
  rows.query(
    'me',
    '{ me { id role actions branches { id } regions { id } creatableRoles } }',
    table('OK', 'OK', 'OK', 'OK', 'OK'),
  ),
  rows.query('actionCatalogue', '{ actionCatalogue { name kind } }', table('OK', 'OK', 'OK', 'OK', 'OK')),
  // Regions are not branch-scoped: B12's region is the `in` one.
  { ...rows.list('regions', ALL3, '{ regions(first: 100) { nodes { id } } }', R, SCOPED_LIST), sibling: false },
  {
    ...rows.get('region', ALL3, 'query($id: ID!) { region(id: $id) { id branchCount } }', R, SCOPED_READ),
    // Regions are not branch-scoped: B12's region is the `in` one.
    sibling: false,
  },
  rows.list('branches', ALL3, '{ branches(first: 100) { nodes { id } } }', B, SCOPED_LIST),
  rows.get('branch', ALL3, 'query($id: ID!) { branch(id: $id) { id region { id } } }', B, SCOPED_READ),
  rows.list('users', ALL3, '{ users(first: 100) { nodes { id } } }', peerOf, SCOPED_LIST),
  rows.get('user', ALL3, 'query($id: ID!) { user(id: $id) { id branches { id } regions { id } } }', peerOf, SCOPED_READ),
  rows.list('assignableUsers', ALL3, '{ assignableUsers(first: 100) { nodes { id } } }', peerOf, SCOPED_LIST),
  rows.query(
    'rolePermissions',
    '{ rolePermissions { role actions } }',
    table('OK', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN'),
  ),
  rows.query(
    'tenants (platform only)',
    '{ tenants { totalCount } }',
    table('FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN'),
  ),
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
  branchRow(
    'updateBranch',
    (s) => Promise.resolve(B(s)),
    'mutation($id: ID!, $p: String) { updateBranch(id: $id, input: { phone: $p }) { id } }',
    () => ({ p: `${seq()}` }),
  ),
  branchRow('deleteBranch', freshBranch, 'mutation($id: ID!) { deleteBranch(id: $id) { deletedAt } }'),
  branchRow('restoreBranch', freshDeletedBranch, 'mutation($id: ID!) { restoreBranch(id: $id) { deletedAt } }'),
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
  ...partlyReads,
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
