// A seed-style organisation for tests: one tenant with 2 regions × 2 branches and one signed-in
// user per role per branch (plus the owner), built through the API so it obeys every rule.
import type { RunningServer } from '../../src/server.js';
import { createTenant, gql, login, must, type TestTenant } from './server.js';

export const ROLES = ['SUPER_ADMIN', 'COUNTRY_MANAGER', 'REGION_MANAGER', 'BRANCH_ADMIN', 'CONSULTANT'] as const;
export type Role = (typeof ROLES)[number];
export const BRANCHES = ['B11', 'B12', 'B21', 'B22'] as const;
export type BranchKey = (typeof BRANCHES)[number];
export type RegionKey = 'R1' | 'R2';

export interface FixtureUser {
  id: string;
  email: string;
  password: string;
  role: Role;
  token: string;
}

export interface OrgFixture {
  tenant: TestTenant;
  /** The owner's access token (SUPER_ADMIN). */
  ownerToken: string;
  regions: Record<RegionKey, string>;
  branches: Record<BranchKey, string>;
  /** `CONSULTANT@B11`, `REGION_MANAGER@B21`, …, and `SUPER_ADMIN` for the owner. */
  users: Record<string, FixtureUser>;
  /** GraphQL as one of the fixture's users (or the owner). */
  as: (who: string) => { tenant: string; token: string };
}

const PASSWORD = 'fixture-pass-1';
const regionOf = (b: BranchKey): RegionKey => (b.startsWith('B1') ? 'R1' : 'R2');

const CREATE_REGION = 'mutation($i: CreateRegionInput!) { createRegion(input: $i) { id } }';
const CREATE_BRANCH = 'mutation($i: CreateBranchInput!) { createBranch(input: $i) { id } }';
export const CREATE_USER = 'mutation($i: CreateUserInput!) { createUser(input: $i) { id email role } }';
export const CREATE_CLIENT = 'mutation($i: CreateClientInput!) { createClient(input: $i) { id } }';
/** A client of B11 assigned to CONSULTANT@B11, made by the owner: `input` names it (and may override the rest). */
export async function assignedB11Client(server: RunningServer, fx: OrgFixture, input: Record<string, unknown>): Promise<string> {
  const i = { gender: 'OTHER', country: 'AU', branchId: fx.branches.B11, assignedToId: fx.users['CONSULTANT@B11']!.id, ...input };
  return (await must(gql(server, CREATE_CLIENT, { i }, fx.as('SUPER_ADMIN')))).createClient.id as string;
}
/**
 * A createUser input for a new user of the tenant `slug`: `name` makes its email
 * (`<name>@<slug>.test`), its password and its first name.
 */
export const userInput = (slug: string, name: string, role: Role, branchIds?: string[]) => ({
  email: `${name}@${slug}.test`,
  password: `${name}-pass-1`,
  firstName: name,
  lastName: 'Test',
  role,
  ...(branchIds && { branchIds }),
});

/**
 * Builds the organisation. Branch users get their branch; region managers their region (only they
 * have regions); country managers their branch (they see the whole tenant anyway).
 */
export async function createOrgFixture(
  server: RunningServer,
  platformToken: string,
  tenantExtra: Record<string, unknown> = { maxUsers: 500 },
): Promise<OrgFixture> {
  const tenant = await createTenant(server, platformToken, tenantExtra);
  const owner = { tenant: tenant.slug, token: tenant.ownerTokens.accessToken };
  const regions = {} as Record<RegionKey, string>;
  for (const r of ['R1', 'R2'] as const) {
    regions[r] = (await must(gql(server, CREATE_REGION, { i: { name: `Region ${r}` } }, owner))).createRegion.id;
  }
  const branches = {} as Record<BranchKey, string>;
  for (const b of BRANCHES) {
    const input = { name: `Branch ${b}`, regionId: regions[regionOf(b)] };
    branches[b] = (await must(gql(server, CREATE_BRANCH, { i: input }, owner))).createBranch.id;
  }
  const specs = BRANCHES.flatMap((b) =>
    ROLES.filter((r) => r !== 'SUPER_ADMIN').map((role) => ({
      key: `${role}@${b}`,
      role,
      branchIds: role === 'REGION_MANAGER' ? [] : [branches[b]],
      regionIds: role === 'REGION_MANAGER' ? [regions[regionOf(b)]] : [],
    })),
  );
  const users: Record<string, FixtureUser> = {};
  for (const s of specs) {
    const email = `${s.key.toLowerCase().replace('@', '.')}@${tenant.slug}.test`;
    const input = {
      email,
      password: PASSWORD,
      firstName: s.role,
      lastName: s.key,
      role: s.role,
      branchIds: s.branchIds,
      regionIds: s.regionIds,
    };
    const created = (await must(gql(server, CREATE_USER, { i: input }, owner))).createUser;
    users[s.key] = { id: created.id, email, password: PASSWORD, role: s.role, token: '' };
  }
  await Promise.all(
    Object.values(users).map(async (u) => {
      u.token = (await login(server, u.email, u.password, tenant.slug)).accessToken;
    }),
  );
  const me = await must(gql(server, '{ me { id } }', {}, owner));
  users.SUPER_ADMIN = {
    id: me.me.id,
    email: tenant.owner.email,
    password: tenant.owner.password,
    role: 'SUPER_ADMIN',
    token: owner.token,
  };
  return {
    tenant,
    ownerToken: owner.token,
    regions,
    branches,
    users,
    as: (who) => {
      const u = users[who];
      if (!u) throw new Error(`no fixture user ${who}`);
      return { tenant: tenant.slug, token: u.token };
    },
  };
}
