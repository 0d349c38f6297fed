// Platform administration without a shell, over real HTTP: platform administrators manage each
// other and a tenant's SUPER_ADMINs, never leave the platform or a tenant without an active one,
// end sessions at once, and leave an audit record for every change. The file runs on a database of
// its own, so deactivating administrators never touches another test file's sign-ins.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/server.js';
import { ownDatabase, type OwnDatabase } from './kit/own-database.js';
import {
  createTenant,
  gql,
  login,
  LOGIN,
  loginPlatform,
  must,
  PLATFORM_ADMIN,
  sharedKeyEnv,
  startTestServer,
  type GqlResult,
  type TestTenant,
  type Tokens,
} from './kit/server.js';
import { within } from './kit/waits.js';

const ME = '{ me { id email role } }';
const REFRESH = 'mutation($t: String!) { refreshSession(input: { refreshToken: $t }) { accessToken refreshToken } }';
const ADMINS = '{ platformAdmins(first: 100) { totalCount nodes { id email firstName lastName isActive } } }';
const CREATE_ADMIN =
  'mutation($i: CreatePlatformAdminInput!) { createPlatformAdmin(input: $i) { id email firstName lastName isActive } }';
const DEACTIVATE_ADMIN = 'mutation($id: ID!) { deactivatePlatformAdmin(id: $id) { id isActive } }';
const REACTIVATE_ADMIN = 'mutation($id: ID!) { reactivatePlatformAdmin(id: $id) { id isActive } }';
const TENANT_ADMINS =
  'query($t: ID!) { tenantAdmins(tenantId: $t, first: 100) { totalCount nodes { id email isActive tenant { slug } } } }';
const RESET =
  'mutation($t: ID!, $u: ID!, $p: String!) { resetTenantAdminPassword(tenantId: $t, userId: $u, input: { newPassword: $p }) { id email } }';
const DEACTIVATE_OWNER = 'mutation($t: ID!, $u: ID!) { deactivateTenantAdmin(tenantId: $t, userId: $u) { id isActive } }';
const REACTIVATE_OWNER = 'mutation($t: ID!, $u: ID!) { reactivateTenantAdmin(tenantId: $t, userId: $u) { id isActive } }';
const ADD_SUPER_ADMIN =
  'mutation($t: ID!, $i: AddTenantSuperAdminInput!) { addTenantSuperAdmin(tenantId: $t, input: $i) { id email } }';
const AUDIT = `query($f: PlatformAuditFilter) { platformAuditLog(first: 100, filter: $f) {
  totalCount nodes { id at actorId actorEmail action targetType targetId tenantId tenantSlug details } } }`;

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

let own: OwnDatabase | null = null;
let server: RunningServer;
/** A second process on the same database, on PostgreSQL only (PGlite lives in one process). */
let second: RunningServer | null = null;
let root: Tokens;
let n = 0;

const asRoot = (query: string, variables: Record<string, unknown> = {}) =>
  gql(server, query, variables, { token: root.accessToken });
const codes = (r: GqlResult) => r.codes;
const fieldsOf = (r: GqlResult) => (r.errors?.[0]?.extensions?.fields ?? []).map((f) => f.path).sort();

async function newAdmin(): Promise<{ id: string; email: string; password: string; tokens: Tokens }> {
  const email = `admin${++n}@platform.test`;
  const password = `admin-pass-${n}`;
  const id = (await must(asRoot(CREATE_ADMIN, { i: { email, password } }))).createPlatformAdmin.id as string;
  return { id, email, password, tokens: await login(server, email, password) };
}

/** A tenant whose owner is signed in, with a second SUPER_ADMIN who is signed in too. */
async function tenantWithTwoOwners(): Promise<{
  tenant: TestTenant;
  ownerId: string;
  other: { id: string; email: string; tokens: Tokens };
}> {
  const tenant = await createTenant(server, root.accessToken);
  const email = `second@${tenant.slug}.test`;
  const other = (
    await must(asRoot(ADD_SUPER_ADMIN, { t: tenant.id, i: { email, password: 'second-pass-1', firstName: 'S', lastName: 'A' } }))
  ).addTenantSuperAdmin as { id: string; email: string };
  const me = await must(gql(server, ME, {}, { tenant: tenant.slug, token: tenant.ownerTokens.accessToken }));
  return {
    tenant,
    ownerId: me.me.id as string,
    other: { ...other, tokens: await login(server, email, 'second-pass-1', tenant.slug) },
  };
}

beforeAll(async () => {
  if (process.env.DATABASE_URL) own = await ownDatabase('platform_admins');
  const keys = await sharedKeyEnv();
  server = await startTestServer({ ...keys, ...own?.env });
  // Started after the first, which has migrated the fresh database.
  if (own) second = await startTestServer({ ...keys, ...own.env });
  root = await loginPlatform(server);
});
afterAll(async () => {
  await second?.close();
  await server.close();
  await own?.drop();
});

describe('platform administrators', () => {
  it('a platform admin lists the platform admins, the configured one among them', async () => {
    const r = await must(asRoot(ADMINS));
    expect(r.platformAdmins.nodes).toContainEqual(expect.objectContaining({ email: PLATFORM_ADMIN.email, isActive: true }));
    expect(r.platformAdmins.totalCount).toBe(r.platformAdmins.nodes.length);
  });

  it('a created platform admin can sign in at once and is a SUPER_SUPER_ADMIN', async () => {
    const r = await must(
      asRoot(CREATE_ADMIN, { i: { email: ' New.Admin@Platform.test ', password: 'new-admin-pass', firstName: 'Nia' } }),
    );
    expect(r.createPlatformAdmin).toMatchObject({
      email: 'new.admin@platform.test',
      firstName: 'Nia',
      lastName: 'Admin',
      isActive: true,
    });
    const tokens = await login(server, 'new.admin@platform.test', 'new-admin-pass');
    const me = await must(gql(server, ME, {}, { token: tokens.accessToken }));
    expect(me.me).toEqual({ id: r.createPlatformAdmin.id, email: 'new.admin@platform.test', role: 'SUPER_SUPER_ADMIN' });
    expect((await must(asRoot(ADMINS))).platformAdmins.nodes.map((a: { id: string }) => a.id)).toContain(
      r.createPlatformAdmin.id,
    );
  });

  it('a bad email and a short password answer BAD_USER_INPUT naming both fields, and create nobody', async () => {
    const before = (await must(asRoot(ADMINS))).platformAdmins.totalCount;
    const r = await asRoot(CREATE_ADMIN, { i: { email: 'not-an-email', password: 'short' } });
    expect(codes(r)).toEqual(['BAD_USER_INPUT']);
    expect(fieldsOf(r)).toEqual(['input.email', 'input.password']);
    expect((await must(asRoot(ADMINS))).platformAdmins.totalCount).toBe(before);
  });

  it('an email that is taken, in any case, answers CONFLICT on input.email', async () => {
    const r = await asRoot(CREATE_ADMIN, { i: { email: PLATFORM_ADMIN.email.toUpperCase(), password: 'another-pass-1' } });
    expect(codes(r)).toEqual(['CONFLICT']);
    expect(fieldsOf(r)).toEqual(['input.email']);
  });

  it('a deactivated admin’s existing token stops working at once, and they can neither sign in nor refresh', async () => {
    const b = await newAdmin();
    expect((await gql(server, ME, {}, { token: b.tokens.accessToken })).errors).toBeUndefined();
    const r = await must(asRoot(DEACTIVATE_ADMIN, { id: b.id }));
    expect(r.deactivatePlatformAdmin).toEqual({ id: b.id, isActive: false });
    expect(codes(await gql(server, ME, {}, { token: b.tokens.accessToken }))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await gql(server, LOGIN, { i: { email: b.email, password: b.password } }))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await gql(server, REFRESH, { t: b.tokens.refreshToken }))).toEqual(['UNAUTHENTICATED']);
  });

  // Two server processes need one shared database server: PGlite is in-process, so this runs on PostgreSQL.
  it.runIf(process.env.DATABASE_URL)(
    'a deactivated admin’s token is refused on another process at once, not after a cache expires',
    async () => {
      const b = await newAdmin();
      expect((await gql(second!, ME, {}, { token: b.tokens.accessToken })).errors).toBeUndefined();
      await must(asRoot(DEACTIVATE_ADMIN, { id: b.id }));
      expect(codes(await gql(second!, ME, {}, { token: b.tokens.accessToken }))).toEqual(['UNAUTHENTICATED']);
    },
  );

  it('a reactivated admin signs in again, while the tokens from before the deactivation stay dead', async () => {
    const b = await newAdmin();
    await must(asRoot(DEACTIVATE_ADMIN, { id: b.id }));
    expect((await must(asRoot(REACTIVATE_ADMIN, { id: b.id }))).reactivatePlatformAdmin).toEqual({ id: b.id, isActive: true });
    const fresh = await login(server, b.email, b.password);
    expect((await gql(server, ME, {}, { token: fresh.accessToken })).errors).toBeUndefined();
    expect(codes(await gql(server, ME, {}, { token: b.tokens.accessToken }))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await gql(server, REFRESH, { t: b.tokens.refreshToken }))).toEqual(['UNAUTHENTICATED']);
  });

  it('the last active platform admin cannot be deactivated, not even by themselves', async () => {
    const me = (await must(asRoot(ME))).me.id as string;
    const others = (await must(asRoot(ADMINS))).platformAdmins.nodes.filter(
      (a: { id: string; isActive: boolean }) => a.isActive && a.id !== me,
    );
    for (const a of others) await must(asRoot(DEACTIVATE_ADMIN, { id: a.id }));
    const r = await asRoot(DEACTIVATE_ADMIN, { id: me });
    expect(codes(r)).toEqual(['CONFLICT']);
    expect((await must(asRoot(ME))).me.id).toBe(me);
    const active = (await must(asRoot(ADMINS))).platformAdmins.nodes.filter((a: { isActive: boolean }) => a.isActive);
    expect(active.map((a: { id: string }) => a.id)).toEqual([me]);
    // With a second one active again, either may go.
    const b = await newAdmin();
    const asB = (q: string, v: Record<string, unknown>) => gql(server, q, v, { token: b.tokens.accessToken });
    expect((await must(asB(DEACTIVATE_ADMIN, { id: me }))).deactivatePlatformAdmin.isActive).toBe(false);
    expect(codes(await asB(DEACTIVATE_ADMIN, { id: b.id }))).toEqual(['CONFLICT']);
    await must(asB(REACTIVATE_ADMIN, { id: me }));
    root = await loginPlatform(server);
  });

  it('an unknown admin id answers NOT_FOUND and a malformed one BAD_USER_INPUT on id', async () => {
    expect(codes(await asRoot(DEACTIVATE_ADMIN, { id: UNKNOWN_ID }))).toEqual(['NOT_FOUND']);
    expect(codes(await asRoot(REACTIVATE_ADMIN, { id: UNKNOWN_ID }))).toEqual(['NOT_FOUND']);
    const r = await asRoot(DEACTIVATE_ADMIN, { id: 'nope' });
    expect(codes(r)).toEqual(['BAD_USER_INPUT']);
    expect(fieldsOf(r)).toEqual(['id']);
  });
});

/** A COUNTRY_MANAGER the tenant's owner adds: a user of the tenant who is not a SUPER_ADMIN. */
const countryManagerOf = (tenant: TestTenant) =>
  must(
    gql(
      server,
      'mutation($i: CreateUserInput!) { createUser(input: $i) { id } }',
      { i: { email: `cm@${tenant.slug}.test`, password: 'cm-pass-12', firstName: 'C', lastName: 'M', role: 'COUNTRY_MANAGER' } },
      { tenant: tenant.slug, token: tenant.ownerTokens.accessToken },
    ),
  );

describe("a tenant's SUPER_ADMINs", () => {
  it('tenantAdmins lists the tenant’s SUPER_ADMINs and nobody else', async () => {
    const { tenant, ownerId, other } = await tenantWithTwoOwners();
    const cm = await countryManagerOf(tenant);
    const r = (await must(asRoot(TENANT_ADMINS, { t: tenant.id }))).tenantAdmins;
    expect(r.totalCount).toBe(2);
    expect(r.nodes.map((a: { id: string }) => a.id).sort()).toEqual([ownerId, other.id].sort());
    expect(r.nodes.map((a: { id: string }) => a.id)).not.toContain(cm.createUser.id);
    expect(r.nodes[0].tenant.slug).toBe(tenant.slug);
    expect(codes(await asRoot(TENANT_ADMINS, { t: UNKNOWN_ID }))).toEqual(['NOT_FOUND']);
  });

  it('resetting the owner’s password ends their sessions: the old password and tokens fail, the new password works', async () => {
    const tenant = await createTenant(server, root.accessToken);
    const at = { tenant: tenant.slug, token: tenant.ownerTokens.accessToken };
    const ownerId = (await must(gql(server, ME, {}, at))).me.id as string;
    const r = await must(asRoot(RESET, { t: tenant.id, u: ownerId, p: 'brand-new-pass' }));
    expect(r.resetTenantAdminPassword).toEqual({ id: ownerId, email: tenant.owner.email });
    expect(codes(await gql(server, ME, {}, at))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await gql(server, REFRESH, { t: tenant.ownerTokens.refreshToken }, { tenant: tenant.slug }))).toEqual([
      'UNAUTHENTICATED',
    ]);
    const old = await gql(
      server,
      LOGIN,
      { i: { email: tenant.owner.email, password: tenant.owner.password } },
      { tenant: tenant.slug },
    );
    expect(codes(old)).toEqual(['UNAUTHENTICATED']);
    const fresh = await login(server, tenant.owner.email, 'brand-new-pass', tenant.slug);
    expect((await must(gql(server, ME, {}, { tenant: tenant.slug, token: fresh.accessToken }))).me.id).toBe(ownerId);
  });

  it.runIf(process.env.DATABASE_URL)(
    'a password reset reaches the owner’s cached session on another process within a second',
    async () => {
      const tenant = await createTenant(server, root.accessToken);
      const at = { tenant: tenant.slug, token: tenant.ownerTokens.accessToken };
      const ownerId = (await must(gql(second!, ME, {}, at))).me.id as string;
      await must(asRoot(RESET, { t: tenant.id, u: ownerId, p: 'brand-new-pass' }));
      expect(codes(await gql(server, ME, {}, at))).toEqual(['UNAUTHENTICATED']);
      const probe = () => gql(second!, ME, {}, at);
      expect(await within(1000, probe, (r) => r.codes[0] === 'UNAUTHENTICATED')).toBeLessThan(1000);
    },
  );

  it('a reset refuses a short password on input.newPassword, and a user who is not a SUPER_ADMIN or not in the tenant is NOT_FOUND', async () => {
    const { tenant, ownerId } = await tenantWithTwoOwners();
    const short = await asRoot(RESET, { t: tenant.id, u: ownerId, p: 'short' });
    expect(codes(short)).toEqual(['BAD_USER_INPUT']);
    expect(fieldsOf(short)).toEqual(['input.newPassword']);
    const cm = await countryManagerOf(tenant);
    expect(codes(await asRoot(RESET, { t: tenant.id, u: cm.createUser.id, p: 'long-enough-1' }))).toEqual(['NOT_FOUND']);
    expect(codes(await asRoot(DEACTIVATE_OWNER, { t: tenant.id, u: cm.createUser.id }))).toEqual(['NOT_FOUND']);
    expect(codes(await asRoot(RESET, { t: tenant.id, u: UNKNOWN_ID, p: 'long-enough-1' }))).toEqual(['NOT_FOUND']);
    expect(codes(await asRoot(RESET, { t: UNKNOWN_ID, u: ownerId, p: 'long-enough-1' }))).toEqual(['NOT_FOUND']);
    // The owner of one tenant is unknown in another.
    const elsewhere = await createTenant(server, root.accessToken);
    expect(codes(await asRoot(RESET, { t: elsewhere.id, u: ownerId, p: 'long-enough-1' }))).toEqual(['NOT_FOUND']);
    const bad = await asRoot(DEACTIVATE_OWNER, { t: 'x', u: 'y' });
    expect(codes(bad)).toEqual(['BAD_USER_INPUT']);
    expect(fieldsOf(bad)).toEqual(['tenantId']);
    // The CM still signs in with its own password: nothing was changed.
    await login(server, `cm@${tenant.slug}.test`, 'cm-pass-12', tenant.slug);
  });

  it('the tenant’s last active SUPER_ADMIN cannot be deactivated, but another one can, and loses its sessions at once', async () => {
    const { tenant, ownerId, other } = await tenantWithTwoOwners();
    const asOther = { tenant: tenant.slug, token: other.tokens.accessToken };
    // Used once, so this process holds the session in its cache.
    expect((await gql(server, ME, {}, asOther)).errors).toBeUndefined();
    const r = await must(asRoot(DEACTIVATE_OWNER, { t: tenant.id, u: other.id }));
    expect(r.deactivateTenantAdmin).toEqual({ id: other.id, isActive: false });
    expect(codes(await gql(server, ME, {}, asOther))).toEqual(['UNAUTHENTICATED']);
    expect(
      codes(await gql(server, LOGIN, { i: { email: other.email, password: 'second-pass-1' } }, { tenant: tenant.slug })),
    ).toEqual(['UNAUTHENTICATED']);

    const last = await asRoot(DEACTIVATE_OWNER, { t: tenant.id, u: ownerId });
    expect(codes(last)).toEqual(['CONFLICT']);
    expect((await gql(server, ME, {}, { tenant: tenant.slug, token: tenant.ownerTokens.accessToken })).errors).toBeUndefined();

    expect((await must(asRoot(REACTIVATE_OWNER, { t: tenant.id, u: other.id }))).reactivateTenantAdmin.isActive).toBe(true);
    await login(server, other.email, 'second-pass-1', tenant.slug);
    // With two active again, the owner may go.
    expect((await must(asRoot(DEACTIVATE_OWNER, { t: tenant.id, u: ownerId }))).deactivateTenantAdmin.isActive).toBe(false);
    expect(codes(await gql(server, ME, {}, { tenant: tenant.slug, token: tenant.ownerTokens.accessToken }))).toEqual([
      'UNAUTHENTICATED',
    ]);
  });

  it('reactivating a SUPER_ADMIN takes a seat, and is refused when the tenant is full', async () => {
    const { tenant, other } = await tenantWithTwoOwners();
    await must(asRoot(DEACTIVATE_OWNER, { t: tenant.id, u: other.id }));
    await must(asRoot('mutation($id: ID!) { updateTenant(id: $id, input: { maxUsers: 1 }) { id } }', { id: tenant.id }));
    expect(codes(await asRoot(REACTIVATE_OWNER, { t: tenant.id, u: other.id }))).toEqual(['FORBIDDEN']);
    await must(asRoot('mutation($id: ID!) { updateTenant(id: $id, input: { maxUsers: 2 }) { id } }', { id: tenant.id }));
    expect((await must(asRoot(REACTIVATE_OWNER, { t: tenant.id, u: other.id }))).reactivateTenantAdmin.isActive).toBe(true);
  });
});

describe('only platform admins in the platform context administer the platform', () => {
  const calls: [string, string, (t: TestTenant, userId: string) => Record<string, unknown>][] = [
    ['platformAdmins', ADMINS, () => ({})],
    ['tenantAdmins', TENANT_ADMINS, (t) => ({ t: t.id })],
    ['platformAuditLog', AUDIT, () => ({})],
    ['createPlatformAdmin', CREATE_ADMIN, () => ({ i: { email: `evil${++n}@x.test`, password: 'evil-pass-1' } })],
    ['deactivatePlatformAdmin', DEACTIVATE_ADMIN, () => ({ id: UNKNOWN_ID })],
    ['reactivatePlatformAdmin', REACTIVATE_ADMIN, () => ({ id: UNKNOWN_ID })],
    ['resetTenantAdminPassword', RESET, (t, u) => ({ t: t.id, u, p: 'taken-over-1' })],
    ['deactivateTenantAdmin', DEACTIVATE_OWNER, (t, u) => ({ t: t.id, u })],
    ['reactivateTenantAdmin', REACTIVATE_OWNER, (t, u) => ({ t: t.id, u })],
  ];
  let tenant: TestTenant;
  let other: { id: string; tokens: Tokens };

  beforeAll(async () => {
    ({ tenant, other } = await tenantWithTwoOwners());
  });

  for (const [name, query, vars] of calls) {
    it(`${name}: a tenant SUPER_ADMIN is FORBIDDEN in its tenant and UNAUTHENTICATED in the platform context, as is nobody; a platform token in a tenant is UNAUTHENTICATED`, async () => {
      const v = vars(tenant, other.id);
      const owner = tenant.ownerTokens.accessToken;
      expect(codes(await gql(server, query, v, { tenant: tenant.slug, token: owner }))).toEqual(['FORBIDDEN']);
      expect(codes(await gql(server, query, v, { token: owner }))).toEqual(['UNAUTHENTICATED']);
      expect(codes(await gql(server, query, v))).toEqual(['UNAUTHENTICATED']);
      expect(codes(await gql(server, query, v, { tenant: tenant.slug, token: root.accessToken }))).toEqual(['UNAUTHENTICATED']);
    });
  }

  it('after all those attempts the second SUPER_ADMIN is untouched', async () => {
    expect((await gql(server, ME, {}, { tenant: tenant.slug, token: other.tokens.accessToken })).errors).toBeUndefined();
    await login(server, `second@${tenant.slug}.test`, 'second-pass-1', tenant.slug);
  });
});

describe('the platform audit trail', () => {
  const auditOf = async (targetId: string) =>
    (await must(asRoot(AUDIT, { f: { targetId } }))).platformAuditLog.nodes as {
      actorId: string;
      actorEmail: string;
      action: string;
      targetType: string;
      targetId: string;
      tenantId: string | null;
      tenantSlug: string | null;
      details: Record<string, unknown>;
    }[];
  /** The records about `targetId`, newest first: their actions are `actions`, and each matches `shape`. */
  const expectAudit = async (targetId: string, actions: string[], shape: Record<string, unknown>) => {
    const records = await auditOf(targetId);
    expect(records.map((r) => r.action)).toEqual(actions);
    for (const r of records) expect(r).toMatchObject(shape);
    return records;
  };

  it('each platform admin change leaves a record naming the actor and the target, newest first', async () => {
    const me = (await must(asRoot(ME))).me.id as string;
    const b = await newAdmin();
    await must(asRoot(DEACTIVATE_ADMIN, { id: b.id }));
    await must(asRoot(REACTIVATE_ADMIN, { id: b.id }));
    const records = await expectAudit(
      b.id,
      ['PLATFORM_ADMIN_REACTIVATED', 'PLATFORM_ADMIN_DEACTIVATED', 'PLATFORM_ADMIN_CREATED'],
      { actorId: me, actorEmail: PLATFORM_ADMIN.email, targetType: 'PlatformAdmin', targetId: b.id, tenantId: null },
    );
    for (const r of records) expect(r.details).toEqual({ email: b.email });
  });

  it('each tenant SUPER_ADMIN change leaves a record naming the tenant, and never the password', async () => {
    const { tenant, other } = await tenantWithTwoOwners();
    await must(asRoot(RESET, { t: tenant.id, u: other.id, p: 'secret-new-pass' }));
    await must(asRoot(DEACTIVATE_OWNER, { t: tenant.id, u: other.id }));
    await must(asRoot(REACTIVATE_OWNER, { t: tenant.id, u: other.id }));
    const records = await expectAudit(
      other.id,
      ['TENANT_ADMIN_REACTIVATED', 'TENANT_ADMIN_DEACTIVATED', 'TENANT_ADMIN_PASSWORD_RESET'],
      { actorEmail: PLATFORM_ADMIN.email, targetType: 'TenantUser', tenantId: tenant.id, tenantSlug: tenant.slug },
    );
    expect(JSON.stringify(records)).not.toContain('secret-new-pass');
    const byTenant = (await must(asRoot(AUDIT, { f: { tenantId: tenant.id, action: 'TENANT_ADMIN_PASSWORD_RESET' } })))
      .platformAuditLog;
    expect(byTenant.totalCount).toBe(1);
  });

  it('a refused change and a change to the same state leave no record', async () => {
    const { tenant, ownerId, other } = await tenantWithTwoOwners();
    await must(asRoot(DEACTIVATE_OWNER, { t: tenant.id, u: other.id }));
    expect(codes(await asRoot(DEACTIVATE_OWNER, { t: tenant.id, u: ownerId }))).toEqual(['CONFLICT']);
    await must(asRoot(DEACTIVATE_OWNER, { t: tenant.id, u: other.id }));
    expect(await auditOf(ownerId)).toEqual([]);
    expect((await auditOf(other.id)).map((r) => r.action)).toEqual(['TENANT_ADMIN_DEACTIVATED']);
  });

  it('the trail pages with opaque cursors and refuses a forged one on after', async () => {
    const page = await must(
      asRoot('{ platformAuditLog(first: 2) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }'),
    );
    const { edges, pageInfo } = page.platformAuditLog;
    expect(edges).toHaveLength(2);
    expect(pageInfo.hasNextPage).toBe(true);
    const next = await must(
      asRoot('query($a: String) { platformAuditLog(first: 2, after: $a) { nodes { id } } }', { a: pageInfo.endCursor }),
    );
    const seen = new Set(edges.map((e: { node: { id: string } }) => e.node.id));
    expect(next.platformAuditLog.nodes.some((x: { id: string }) => seen.has(x.id))).toBe(false);
    const forged = await asRoot('{ platformAuditLog(after: "bm9wZQ") { nodes { id } } }');
    expect(codes(forged)).toEqual(['BAD_USER_INPUT']);
    expect(fieldsOf(forged)).toEqual(['after']);
  });
});
