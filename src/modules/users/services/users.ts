// Writes of users: create, update (names, email, role, scope), deactivate, reactivate and password
// reset, each checked against the hierarchy of decisions §2 through assertCan, with the tenant's
// maxUsers enforced under a per-tenant lock. Also the platform's "add a SUPER_ADMIN".
import { and, count, eq, inArray, sql } from 'drizzle-orm';
import { assertCan, type UserGrant, type UserTarget } from '../../../access/can.js';
import { scopedByBranches, seesWholeTenant, type TenantRole } from '../../../access/roles.js';
import type { PasswordHasher } from '../../../auth/passwords.js';
import { tenantSessionsChanged } from '../../../auth/session-cache.js';
import { sessionRevokeAllForUser, type SessionTables } from '../../../auth/sessions.js';
import type { TenantViewer } from '../../../auth/viewer.js';
import { guardUnique, single, type Clash } from '../../../db/rows.js';
import { tenants } from '../../../db/tables/public.js';
import { faultPoint } from '../../../db/fault-points.js';
import { inTransaction, type TenantDb, type Tx } from '../../../db/tenant-db.js';
import { badInput, forbidden, type FieldError } from '../../../errors.js';
import type { UserModel } from '../models.js';
import type { TenantArgs } from '../../shared-args.js';
import { parseInput } from '../../shared-validation.js';
import { userGetById } from '../selectors/users.js';
import { createUserInput, resetUserPasswordInput, updateUserInput } from '../validation.js';

export interface UserWriteArgs {
  db: TenantDb;
  viewer: TenantViewer;
  passwords: PasswordHasher;
}

interface BranchRef {
  id: string;
  regionId: string | null;
}

/** Loads the named live branches; ids that do not resolve are refused without telling a scoped viewer whether they exist. */
async function branchesFor(
  db: TenantDb,
  viewer: TenantViewer | null,
  ids: readonly string[],
  path: string,
): Promise<BranchRef[]> {
  if (!ids.length) return [];
  const b = db.t.branches;
  const rows = await db.orm
    .select({ id: b.id, regionId: b.regionId })
    .from(b)
    .where(and(inArray(b.id, [...ids]), sql`${b.deletedAt} is null`));
  const found = new Set(rows.map((r) => r.id));
  const missing = ids.flatMap((id, i) => (found.has(id) ? [] : [{ path: `${path}.${i}`, message: 'is not a branch' }]));
  if (missing.length) {
    if (viewer && !seesWholeTenant(viewer.role)) throw forbidden('A branch is outside your scope');
    throw badInput(missing);
  }
  return rows;
}

async function regionsExist(db: TenantDb, viewer: TenantViewer | null, ids: readonly string[], path: string): Promise<void> {
  if (!ids.length) return;
  const r = db.t.regions;
  const rows = await db.orm
    .select({ id: r.id })
    .from(r)
    .where(inArray(r.id, [...ids]));
  const found = new Set(rows.map((x) => x.id));
  const missing = ids.flatMap((id, i) => (found.has(id) ? [] : [{ path: `${path}.${i}`, message: 'is not a region' }]));
  if (missing.length) {
    if (viewer && !seesWholeTenant(viewer.role)) throw forbidden('A region is outside your scope');
    throw badInput(missing);
  }
}

/**
 * A scoped role without a branch or region would see nothing: refuse to create one. Only a
 * REGION_MANAGER has regions; a region on any other role would widen region managers' reach.
 */
function assertScopeFitsRole(role: TenantRole, branchCount: number, regionCount: number, prefix: string): void {
  const problems: FieldError[] = [];
  if (scopedByBranches(role) && branchCount === 0)
    problems.push({ path: `${prefix}.branchIds`, message: `a ${role} needs at least one branch` });
  if (role === 'REGION_MANAGER' && regionCount === 0)
    problems.push({ path: `${prefix}.regionIds`, message: 'a REGION_MANAGER needs at least one region' });
  if (role !== 'REGION_MANAGER' && regionCount > 0)
    problems.push({ path: `${prefix}.regionIds`, message: `only a REGION_MANAGER has regions, not a ${role}` });
  if (problems.length) throw badInput(problems);
}

/**
 * Serialises seat changes of one tenant and refuses one past `maxUsers` (active users count).
 * The limit is read from `public.tenants` inside the transaction, never from a cache.
 */
export interface AssertSeatFreeArgs {
  tx: Tx;
  schemaName: string;
  users: TenantDb['t']['users'];
}

export async function assertSeatFree({ tx, schemaName, users }: AssertSeatFreeArgs): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`seats:${schemaName}`}))`);
  const [limit] = await tx.select({ maxUsers: tenants.maxUsers }).from(tenants).where(eq(tenants.schemaName, schemaName));
  const [active] = await tx.select({ n: count() }).from(users).where(eq(users.isActive, true));
  if (limit && active!.n >= limit.maxUsers) {
    throw forbidden(`The tenant has reached its limit of ${limit.maxUsers} active users`);
  }
}

const emailTaken = (path: string): Clash => ({ message: 'A user with this email exists in the tenant', path });

export interface NewUser {
  email: string;
  /** Null for an invited user, until the invitation is accepted. */
  passwordHash: string | null;
  firstName: string;
  lastName: string;
  role: TenantRole;
  branchIds: readonly string[];
  regionIds: readonly string[];
}

export interface UserInsertArgs {
  tx: Tx;
  db: TenantDb;
  user: NewUser;
  actorId: string | null;
  /** The input field an email clash is reported on. */
  path?: string;
}

/** Inserts a user and its assignments, within the seat limit, in the caller's transaction. */
export async function userInsert({ tx, db, user, actorId, path = 'input.email' }: UserInsertArgs): Promise<string> {
  const { users, userBranches, userRegions } = db.t;
  await assertSeatFree({ tx, schemaName: db.schemaName, users });
  const { id } = await guardUnique(
    () =>
      single(
        tx
          .insert(users)
          .values({
            email: user.email,
            passwordHash: user.passwordHash,
            firstName: user.firstName,
            lastName: user.lastName,
            role: user.role,
            createdById: actorId,
            updatedById: actorId,
          })
          .returning({ id: users.id }),
      ),
    emailTaken(path),
  );
  await faultPoint('user.insert.assignments');
  if (user.branchIds.length) await tx.insert(userBranches).values(user.branchIds.map((branchId) => ({ userId: id, branchId })));
  if (user.regionIds.length) await tx.insert(userRegions).values(user.regionIds.map((regionId) => ({ userId: id, regionId })));
  return id;
}

export interface NewUserScopeArgs {
  db: TenantDb;
  viewer: TenantViewer;
  values: {
    role: TenantRole;
    branchIds?: readonly string[] | null | undefined;
    regionIds?: readonly string[] | null | undefined;
  };
}

/**
 * The rules of making a user, shared by createUser and inviteUser: the hierarchy (which roles the
 * viewer may create, inside which branches and regions) and a scope that fits the role. Returns
 * the branches and regions to link.
 */
export async function newUserScope({
  db,
  viewer,
  values,
}: NewUserScopeArgs): Promise<{ branchIds: string[]; regionIds: string[] }> {
  let branchIds = [...(values.branchIds ?? [])];
  // A branch admin creating a consultant need not repeat its only branch.
  if (!branchIds.length && scopedByBranches(values.role) && scopedByBranches(viewer.role) && viewer.branchIds.length === 1) {
    branchIds = [...viewer.branchIds];
  }
  const regionIds = [...(values.regionIds ?? [])];
  const branches = await branchesFor(db, viewer, branchIds, 'input.branchIds');
  await regionsExist(db, viewer, regionIds, 'input.regionIds');
  assertCan(viewer, 'user:create', { role: values.role, branches, regionIds });
  assertScopeFitsRole(values.role, branchIds.length, regionIds.length, 'input');
  return { branchIds, regionIds };
}

export type UserCreateArgs = UserWriteArgs & { input: unknown };

export async function userCreate({ db, viewer, passwords, input }: UserCreateArgs): Promise<UserModel> {
  assertCan(viewer, 'user:create');
  const values = parseInput(createUserInput, input);
  const { branchIds, regionIds } = await newUserScope({ db, viewer, values });
  const passwordHash = await passwords.hash(values.password);
  const id = await inTransaction(db.orm, (tx) =>
    userInsert({ tx, db, user: { ...values, passwordHash, branchIds, regionIds }, actorId: viewer.id }),
  );
  return userGetById({ db, viewer, id });
}

/**
 * A user the viewer sees (NOT_FOUND otherwise), with everything it holds for `assertCan`: all of
 * its branches with their regions, and its region links (`regionLinks`, legacy ones on other roles
 * included, so a re-scope can remove them; only a REGION_MANAGER's count in `target`).
 */
async function managedUser(
  db: TenantDb,
  viewer: TenantViewer,
  id: string,
): Promise<{ user: UserModel; target: UserTarget; regionLinks: string[] }> {
  const user = await userGetById({ db, viewer, id });
  const { branches: b, userBranches: ub, userRegions: ur } = db.t;
  const [branches, regions] = await Promise.all([
    db.orm.select({ id: b.id, regionId: b.regionId }).from(ub).innerJoin(b, eq(b.id, ub.branchId)).where(eq(ub.userId, user.id)),
    db.orm.select({ id: ur.regionId }).from(ur).where(eq(ur.userId, user.id)),
  ]);
  const regionLinks = regions.map((r) => r.id);
  const regionIds = user.role === 'REGION_MANAGER' ? regionLinks : [];
  return { user, target: { id: user.id, role: user.role, branches, regionIds }, regionLinks };
}

/** A change to one existing user (no password involved). */
export type UserChangeArgs = TenantArgs & { id: string };

export type UserUpdateArgs = UserChangeArgs & { input: unknown };

export async function userUpdate({ db, viewer, id, input }: UserUpdateArgs): Promise<UserModel> {
  const { target, regionLinks } = await managedUser(db, viewer, id);
  const patch = parseInput(updateUserInput, input);
  const role = patch.role ?? target.role;
  const requestedBranches = patch.branchIds ? await branchesFor(db, viewer, patch.branchIds, 'input.branchIds') : [];
  if (patch.regionIds) await regionsExist(db, viewer, patch.regionIds, 'input.regionIds');
  const rescoping = patch.role != null || patch.branchIds != null || patch.regionIds != null;
  const grant: UserGrant | null = rescoping ? { role, branches: requestedBranches, regionIds: patch.regionIds ?? [] } : null;
  assertCan(viewer, 'user:update', { ...target, grant });

  // assertCan saw every current branch and region inside the viewer's scope, so the patch replaces
  // them outright. A role without regions keeps none: leaving REGION_MANAGER drops them.
  const branchIds = patch.branchIds ?? target.branches.map((b) => b.id);
  const regionIds = patch.regionIds ?? (role === 'REGION_MANAGER' ? target.regionIds : []);
  if (rescoping) assertScopeFitsRole(role, branchIds.length, regionIds.length, 'input');
  const rewriteRegions = patch.regionIds != null || (rescoping && regionIds.length !== regionLinks.length);

  const { users, userBranches, userRegions } = db.t;
  await inTransaction(db.orm, async (tx) => {
    const fields = {
      ...(patch.email != null ? { email: patch.email } : {}),
      ...(patch.firstName != null ? { firstName: patch.firstName } : {}),
      ...(patch.lastName != null ? { lastName: patch.lastName } : {}),
      role,
      updatedById: viewer.id,
    };
    await guardUnique(() => tx.update(users).set(fields).where(eq(users.id, target.id)), emailTaken('input.email'));
    await faultPoint('user.update.assignments');
    if (patch.branchIds) {
      await tx.delete(userBranches).where(eq(userBranches.userId, target.id));
      if (branchIds.length) await tx.insert(userBranches).values(branchIds.map((branchId) => ({ userId: target.id, branchId })));
    }
    if (rewriteRegions) {
      await tx.delete(userRegions).where(eq(userRegions.userId, target.id));
      if (regionIds.length) await tx.insert(userRegions).values(regionIds.map((regionId) => ({ userId: target.id, regionId })));
    }
    // Role and scope travel in the user's cached sessions.
    await tenantSessionsChanged(db)(tx, { userId: target.id });
  });
  return userGetById({ db, viewer, id: target.id, scoped: false });
}

function sessionTables(db: TenantDb): SessionTables {
  return db.t as unknown as SessionTables;
}

export type UserSetActiveArgs = UserChangeArgs & { isActive: boolean };

/** Deactivation ends every session of the user at once; reactivation takes a seat again. */
export async function userSetActive({ db, viewer, id, isActive }: UserSetActiveArgs): Promise<UserModel> {
  const { user, target } = await managedUser(db, viewer, id);
  assertCan(viewer, 'user:deactivate', target);
  if (user.isActive === isActive) return user;
  await inTransaction(db.orm, async (tx) => {
    if (isActive) await assertSeatFree({ tx, schemaName: db.schemaName, users: db.t.users });
    await tx.update(db.t.users).set({ isActive, updatedById: viewer.id }).where(eq(db.t.users.id, target.id));
    if (!isActive) {
      await sessionRevokeAllForUser({
        ex: tx,
        tables: sessionTables(db),
        userId: target.id,
        reason: 'user-deactivated',
        revoked: tenantSessionsChanged(db),
      });
    }
  });
  return userGetById({ db, viewer, id: target.id });
}

export type UserResetPasswordArgs = UserWriteArgs & { id: string; input: unknown };

export async function userResetPassword({ db, viewer, passwords, id, input }: UserResetPasswordArgs): Promise<boolean> {
  const { target } = await managedUser(db, viewer, id);
  assertCan(viewer, 'user:resetPassword', target);
  const { newPassword } = parseInput(resetUserPasswordInput, input);
  const passwordHash = await passwords.hash(newPassword);
  await inTransaction(db.orm, async (tx) => {
    await tx.update(db.t.users).set({ passwordHash, updatedById: viewer.id }).where(eq(db.t.users.id, target.id));
    await sessionRevokeAllForUser({
      ex: tx,
      tables: sessionTables(db),
      userId: target.id,
      reason: 'password-reset',
      revoked: tenantSessionsChanged(db),
    });
  });
  return true;
}
