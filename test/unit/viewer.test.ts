// Who a request's token stands for, in an in-memory embedded database of this file's own with one
// tenant schema (no server): the platform and tenant paths, every refusal, what the viewer holds
// (live branches, regions, the role's effective actions) and the session cache in between.
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { defaultActions, grantableActions } from '../../src/access/actions.js';
import { loadSigningKeys } from '../../src/auth/keys.js';
import { sessionCache } from '../../src/auth/session-cache.js';
import { TokenService } from '../../src/auth/tokens.js';
import { authenticate, type TenantViewer } from '../../src/auth/viewer.js';
import { loadConfig } from '../../src/config.js';
import type { Database } from '../../src/db/database.js';
import { migrateSchemaInTx } from '../../src/db/migrator.js';
import { platformAdmins, platformSessions } from '../../src/db/tables/public.js';
import { tenantDb, type TenantDb } from '../../src/db/tenant-db.js';
import type { TenantRecord } from '../../src/tenancy/registry.js';
import { unitDatabase } from '../kit/unit-database.js';

const SCHEMA = 'tenant_acme';
const tenant = { slug: 'acme', schemaName: SCHEMA } as TenantRecord;
const other = { slug: 'other', schemaName: 'tenant_other' } as TenantRecord;
const config = loadConfig({ NODE_ENV: 'test' });
let database: Database;
let db: TenantDb;
let tokens: TokenService;
let deps: { database: Database; tokens: TokenService };
const HOUR = 3_600_000;

beforeAll(async () => {
  database = await unitDatabase();
  await database.orm.transaction((tx) => migrateSchemaInTx(tx, 'tenant', SCHEMA));
  db = tenantDb(database, SCHEMA);
  tokens = new TokenService(await loadSigningKeys(config), config.jwt);
  deps = { database, tokens };
}, 60_000);
afterAll(async () => {
  await database?.close();
});
beforeEach(() => sessionCache(database).clear());
afterEach(() => {
  vi.useRealTimers();
});

let n = 0;
async function tenantUser(
  role: 'CONSULTANT' | 'BRANCH_ADMIN' | 'SUPER_ADMIN' = 'CONSULTANT',
  session: { expiresInMs?: number } = {},
) {
  const t = db.t;
  const [u] = await db.orm
    .insert(t.users)
    .values({ email: `u${++n}@acme.test`, firstName: 'U', lastName: String(n), role })
    .returning({ id: t.users.id, email: t.users.email });
  const [s] = await db.orm
    .insert(t.sessions)
    .values({ userId: u!.id, expiresAt: new Date(Date.now() + (session.expiresInMs ?? HOUR)) })
    .returning({ id: t.sessions.id });
  const token = (await tokens.sign({ sub: u!.id, sid: s!.id, role, tid: tenant.slug })).token;
  return { id: u!.id, email: u!.email, sessionId: s!.id, token, role };
}

async function platformUser(session: { expiresInMs?: number } = {}) {
  const [u] = await database.orm
    .insert(platformAdmins)
    .values({ email: `admin${++n}@platform.test`, passwordHash: 'x' })
    .returning({ id: platformAdmins.id, email: platformAdmins.email });
  const [s] = await database.orm
    .insert(platformSessions)
    .values({ userId: u!.id, expiresAt: new Date(Date.now() + (session.expiresInMs ?? HOUR)) })
    .returning({ id: platformSessions.id });
  const token = (await tokens.sign({ sub: u!.id, sid: s!.id, role: 'SUPER_SUPER_ADMIN' })).token;
  return { id: u!.id, email: u!.email, sessionId: s!.id, token };
}

const refusal = (p: Promise<unknown>, message: string) =>
  expect(p).rejects.toMatchObject({ message, extensions: { code: 'UNAUTHENTICATED' } });

describe('without a token', () => {
  it('is nobody, in either context', async () => {
    expect(await authenticate(deps, tenant, undefined)).toBeNull();
    expect(await authenticate(deps, null, undefined)).toBeNull();
  });

  it('a token that does not verify is refused', async () => {
    await refusal(authenticate(deps, tenant, 'not.a.token'), 'Invalid or expired access token');
  });
});

describe('the platform context', () => {
  it('a platform admin with a live session is the platform viewer', async () => {
    const p = await platformUser();
    expect(await authenticate(deps, null, p.token)).toEqual({
      kind: 'platform',
      id: p.id,
      email: p.email,
      role: 'SUPER_SUPER_ADMIN',
      sessionId: p.sessionId,
    });
  });

  it("refuses a tenant user's token, and a token claiming the platform role with a tenant", async () => {
    const u = await tenantUser();
    await refusal(authenticate(deps, null, u.token), 'This token is not valid in the platform context');
    const forged = (await tokens.sign({ sub: 'x', sid: 'y', role: 'SUPER_SUPER_ADMIN', tid: 'acme' })).token;
    await refusal(authenticate(deps, null, forged), 'This token is not valid in the platform context');
    const tenantRoleNoTid = (await tokens.sign({ sub: 'x', sid: 'y', role: 'SUPER_ADMIN' })).token;
    await refusal(authenticate(deps, null, tenantRoleNoTid), 'This token is not valid in the platform context');
  });

  it('refuses a revoked, expired, unknown or mismatched session and a deactivated admin', async () => {
    const gone = 'Session is no longer valid';
    const revoked = await platformUser();
    await database.orm.update(platformSessions).set({ revokedAt: new Date() }).where(eq(platformSessions.id, revoked.sessionId));
    await refusal(authenticate(deps, null, revoked.token), gone);

    const expired = await platformUser({ expiresInMs: -1 });
    await refusal(authenticate(deps, null, expired.token), gone);
    // Expiring exactly now counts as expired (the clock held still).
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    const edge = await platformUser({ expiresInMs: 0 });
    await refusal(authenticate(deps, null, edge.token), gone);
    vi.useRealTimers();

    const inactive = await platformUser();
    await database.orm.update(platformAdmins).set({ isActive: false }).where(eq(platformAdmins.id, inactive.id));
    await refusal(authenticate(deps, null, inactive.token), gone);

    const a = await platformUser();
    const b = await platformUser();
    const swapped = (await tokens.sign({ sub: a.id, sid: b.sessionId, role: 'SUPER_SUPER_ADMIN' })).token;
    await refusal(authenticate(deps, null, swapped), gone);
    const unknown = (await tokens.sign({ sub: a.id, sid: '00000000-0000-4000-8000-000000000000', role: 'SUPER_SUPER_ADMIN' }))
      .token;
    await refusal(authenticate(deps, null, unknown), gone);
  });
});

describe('a tenant', () => {
  it("a user with a live session is the tenant viewer, with the role's default actions and no scope yet", async () => {
    const u = await tenantUser('CONSULTANT');
    const v = (await authenticate(deps, tenant, u.token)) as TenantViewer;
    expect(v).toEqual({
      kind: 'tenant',
      id: u.id,
      email: u.email,
      role: 'CONSULTANT',
      sessionId: u.sessionId,
      tenant,
      branchIds: [],
      regionIds: [],
      actions: new Set(defaultActions('CONSULTANT')),
    });
  });

  it('holds the live branches and the regions of the user, and the tenant’s change to its role', async () => {
    const t = db.t;
    const u = await tenantUser('CONSULTANT');
    const [region] = await db.orm
      .insert(t.regions)
      .values({ name: `R${++n}` })
      .returning({ id: t.regions.id });
    const [live, deleted] = await db.orm
      .insert(t.branches)
      .values([
        { name: `Live ${n}`, regionId: region!.id },
        { name: `Deleted ${n}`, regionId: region!.id, deletedAt: new Date() },
      ])
      .returning({ id: t.branches.id });
    await db.orm.insert(t.userBranches).values([
      { userId: u.id, branchId: live!.id },
      { userId: u.id, branchId: deleted!.id },
    ]);
    await db.orm.insert(t.userRegions).values({ userId: u.id, regionId: region!.id });
    const defaults = defaultActions('CONSULTANT');
    const extra = grantableActions('CONSULTANT').find((a) => !defaults.includes(a))!;
    const dropped = defaults[0]!;
    await db.orm.insert(t.rolePermissions).values({ role: 'CONSULTANT', granted: [extra], revoked: [dropped] });
    try {
      const v = (await authenticate(deps, tenant, u.token)) as TenantViewer;
      expect(v.branchIds).toEqual([live!.id]);
      expect(v.regionIds).toEqual([region!.id]);
      expect([...v.actions].sort()).toEqual([...defaults.filter((a) => a !== dropped), extra].sort());
    } finally {
      await db.orm.delete(t.rolePermissions).where(eq(t.rolePermissions.role, 'CONSULTANT'));
    }
  });

  it("refuses another tenant's token, and a session of someone else", async () => {
    const u = await tenantUser();
    await refusal(authenticate(deps, other, u.token), 'This token is not valid for this tenant');
    const platformToken = (await platformUser()).token;
    await refusal(authenticate(deps, tenant, platformToken), 'This token is not valid for this tenant');
    const v = await tenantUser();
    const swapped = (await tokens.sign({ sub: u.id, sid: v.sessionId, role: 'CONSULTANT', tid: tenant.slug })).token;
    await refusal(authenticate(deps, tenant, swapped), 'Session is no longer valid');
  });

  it('refuses a revoked or expired session and a deactivated user', async () => {
    const t = db.t;
    const gone = 'Session is no longer valid';
    const revoked = await tenantUser();
    await db.orm.update(t.sessions).set({ revokedAt: new Date() }).where(eq(t.sessions.id, revoked.sessionId));
    await refusal(authenticate(deps, tenant, revoked.token), gone);
    const expired = await tenantUser('CONSULTANT', { expiresInMs: -1 });
    await refusal(authenticate(deps, tenant, expired.token), gone);
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    const edge = await tenantUser('CONSULTANT', { expiresInMs: 0 });
    await refusal(authenticate(deps, tenant, edge.token), gone);
    vi.useRealTimers();
    const inactive = await tenantUser();
    await db.orm.update(t.users).set({ isActive: false }).where(eq(t.users.id, inactive.id));
    await refusal(authenticate(deps, tenant, inactive.token), gone);
  });
});

/** Runs `body` with a started session cache, and stops it after. */
async function withSessionCache(body: (cache: ReturnType<typeof sessionCache>) => Promise<void>): Promise<void> {
  const cache = sessionCache(database);
  await cache.start();
  try {
    await body(cache);
  } finally {
    await cache.stop();
  }
}

describe('the session cache', () => {
  it('keeps a checked session: a later read needs no database until the session is invalidated', async () => {
    const t = db.t;
    await withSessionCache(async (cache) => {
      const u = await tenantUser();
      await authenticate(deps, tenant, u.token);
      expect(cache.get(SCHEMA, u.sessionId, Date.now())?.userId).toBe(u.id);
      // Revoked behind the cache's back: the cached session still answers…
      await db.orm.update(t.sessions).set({ revokedAt: new Date() }).where(eq(t.sessions.id, u.sessionId));
      expect(((await authenticate(deps, tenant, u.token)) as TenantViewer).id).toBe(u.id);
      // …until the change is announced.
      cache.invalidate({ schema: SCHEMA, sessionId: u.sessionId });
      await refusal(authenticate(deps, tenant, u.token), 'Session is no longer valid');
    });
  });

  it("a cached session answers only its own user's token", async () => {
    await withSessionCache(async () => {
      const u = await tenantUser();
      const v = await tenantUser();
      await authenticate(deps, tenant, u.token);
      const swapped = (await tokens.sign({ sub: v.id, sid: u.sessionId, role: 'CONSULTANT', tid: tenant.slug })).token;
      await refusal(authenticate(deps, tenant, swapped), 'Session is no longer valid');
    });
  });

  it('caches the session with its expiry and the time it was read', async () => {
    await withSessionCache(async (cache) => {
      const before = Date.now();
      const u = await tenantUser('CONSULTANT', { expiresInMs: HOUR });
      await authenticate(deps, tenant, u.token);
      const hit = cache.get(SCHEMA, u.sessionId, Date.now())!;
      expect(hit).toMatchObject({ userId: u.id, email: u.email, role: 'CONSULTANT', branchIds: [], regionIds: [] });
      expect(hit.cachedAtMs).toBeGreaterThanOrEqual(before);
      expect(hit.expiresAtMs).toBeGreaterThan(before + HOUR - 5_000);
    });
  });
});
