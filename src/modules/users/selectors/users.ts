// Reads of users, limited in SQL to the viewer's user scope (src/access/scope.ts).
import { and, asc, eq, exists, getTableColumns, ilike, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import {
  branchScope,
  regionScope,
  scopeRefs,
  scopeValues,
  userBranchScope,
  userScope,
  userScopeOf,
  scopedIdsKey,
  scopedIdsShape,
  type ScopedIdsShape,
} from '../../../access/scope.js';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { anyId, compiledFamily, idsValue, UNNAMED } from '../../../db/compiled.js';
import { tenantTables } from '../../../db/tables/tenant.js';
import { containsPattern, type Connection, keysetList } from '../../../db/paging.js';
import { rowWhere } from '../../../db/scoped-rows.js';
import type { TenantDb } from '../../../db/tenant-db.js';
import { groupBy } from '../../../graphql/loader-kit.js';
import type { BranchModel, RegionModel } from '../../org/index.js';
import type { UserModel } from '../models.js';
import { seesWholeTenant } from '../../../access/roles.js';
import { badInput, forbidden } from '../../../errors.js';
import { parseInput, uuid } from '../../shared-validation.js';
import type { FilteredPageArgs, IdsArgs, PageArgs, TenantArgs } from '../../shared-args.js';
import { userFilterInput } from '../validation.js';

export type UserReadArgs = TenantArgs;

export interface UserListArgs extends UserReadArgs, FilteredPageArgs {}

/** Every column but the password hash. */
function userColumns(db: TenantDb) {
  const { passwordHash: _, ...columns } = getTableColumns(db.t.users);
  return columns;
}

function searchUsers(db: TenantDb, search: string | null | undefined): SQL | undefined {
  if (!search) return undefined;
  const u = db.t.users;
  const p = containsPattern(search);
  return or(ilike(u.email, p), ilike(sql`${u.firstName} || ' ' || ${u.lastName}`, p));
}

async function userPage(db: TenantDb, where: SQL | undefined, page: PageArgs) {
  const u = db.t.users;
  return keysetList<typeof u, UserModel>({
    orm: db.orm,
    table: u,
    where,
    order: [u.lastName, u.firstName, u.id],
    columns: userColumns(db),
    page,
  });
}

export async function userList(args: UserListArgs): Promise<Connection<UserModel>> {
  const { db, viewer, filter } = args;
  const f = parseInput(userFilterInput, filter ?? {}, 'filter');
  const { users: u, userBranches: ub, userRegions: ur } = db.t;
  // A branch or region filter matches only the links the viewer sees on User.branches and
  // User.regions: a filter on a branch outside the scope must not tell which users belong to it.
  const linked = (link: typeof ub | typeof ur, column: AnyPgColumn, id: string, seen: SQL) =>
    exists(
      db.orm
        .select({ one: sql`1` })
        .from(link)
        .where(and(eq(link.userId, u.id), eq(column, id), seen)),
    );
  const { regions: r } = db.t;
  const where = and(
    userScope(db, viewer),
    searchUsers(db, f.search),
    f.role ? eq(u.role, f.role) : undefined,
    f.isActive === null || f.isActive === undefined ? undefined : eq(u.isActive, f.isActive),
    f.branchId ? linked(ub, ub.branchId, f.branchId, branchScope(db, viewer, ub.branchId)) : undefined,
    f.regionId
      ? linked(
          ur,
          ur.regionId,
          f.regionId,
          inArray(ur.regionId, db.orm.select({ id: r.id }).from(r).where(regionScope(db, viewer))),
        )
      : undefined,
  );
  return userPage(db, where, args);
}

export type UserAssignableListArgs = UserReadArgs & PageArgs & { search?: string | null };

/** Active users the viewer may assign work to (decisions §2, Assignment). */
export async function userAssignableList(args: UserAssignableListArgs): Promise<Connection<UserModel>> {
  const { db, viewer, search } = args;
  const where = and(eq(db.t.users.isActive, true), userBranchScope(db, viewer), searchUsers(db, search?.trim().slice(0, 100)));
  return userPage(db, where, args);
}

export type UserGetByIdArgs = UserReadArgs & { id: string; scoped?: boolean };

/**
 * One user in the viewer's scope; NOT_FOUND otherwise (no existence oracle). `scoped: false` is for
 * a service answering with the user it just changed, which may have left the viewer's scope.
 */
export async function userGetById({ db, viewer, id, scoped = true }: UserGetByIdArgs): Promise<UserModel> {
  const userId = parseInput(uuid, id, 'id');
  const scope = scoped ? userScope(db, viewer) : undefined;
  return rowWhere<typeof db.t.users, UserModel>(db.orm, db.t.users, userId, scope, 'User', userColumns(db));
}

export type UserIsAssignableArgs = UserReadArgs & { userId: string };

/** Whether `userId` is an active user the viewer may assign work to. */
export async function userIsAssignable({ db, viewer, userId }: UserIsAssignableArgs): Promise<boolean> {
  const [row] = await db.orm
    .select({ id: db.t.users.id })
    .from(db.t.users)
    .where(and(eq(db.t.users.id, userId), eq(db.t.users.isActive, true), userBranchScope(db, viewer)));
  return row !== undefined;
}

/** Users by id (scoped), for the loaders of fields that point at a user. */
const usersByIds = compiledFamily(scopedIdsKey, (orm, { scope, ids }: ScopedIdsShape) => {
  const u = tenantTables.users;
  const { passwordHash: _, ...columns } = getTableColumns(u);
  return orm
    .select(columns)
    .from(u)
    .where(and(anyId(u.id, ids), userScopeOf(scopeRefs(scope))))
    .prepare(UNNAMED);
});

export type UserListByIdsArgs = UserReadArgs & IdsArgs;

export async function userListByIds({ db, viewer, ids }: UserListByIdsArgs): Promise<UserModel[]> {
  if (!ids.length) return [];
  return usersByIds.run(db, scopedIdsShape(viewer, ids), { ...scopeValues(viewer), ids: idsValue(ids) });
}

export type BranchListByUserIdsArgs = UserReadArgs & IdsArgs;

/** Each user's live branches that the viewer sees, for User.branches. */
export async function branchListByUserIds({ db, viewer, ids }: BranchListByUserIdsArgs): Promise<Map<string, BranchModel[]>> {
  const { branches: b, userBranches: ub } = db.t;
  const rows = ids.length
    ? await db.orm
        .select({ userId: ub.userId, branch: b })
        .from(ub)
        .innerJoin(b, eq(b.id, ub.branchId))
        .where(and(inArray(ub.userId, [...ids]), isNull(b.deletedAt), branchScope(db, viewer, b.id)))
        .orderBy(asc(b.name))
    : [];
  return groupBy(
    rows,
    (r) => r.userId,
    (r) => r.branch,
  );
}

export type RegionListByUserIdsArgs = UserReadArgs & IdsArgs;

/** Each user's regions that the viewer sees, for User.regions: a REGION_MANAGER's only (no other role has any). */
export async function regionListByUserIds({ db, viewer, ids }: RegionListByUserIdsArgs): Promise<Map<string, RegionModel[]>> {
  const { regions: r, userRegions: ur, users: u } = db.t;
  const rows = ids.length
    ? await db.orm
        .select({ userId: ur.userId, region: r })
        .from(ur)
        .innerJoin(r, eq(r.id, ur.regionId))
        .innerJoin(u, and(eq(u.id, ur.userId), eq(u.role, 'REGION_MANAGER')))
        .where(and(inArray(ur.userId, [...ids]), regionScope(db, viewer)))
        .orderBy(asc(r.name))
    : [];
  return groupBy(
    rows,
    (x) => x.userId,
    (x) => x.region,
  );
}

/** Who is to be given the work, and the input field that named it. */
export interface AssertAssignableArgs extends TenantArgs {
  userId: unknown;
  path: string;
}

/**
 * The assignment rule of decisions §2: work (clients, applications, tasks, events) may only be
 * assigned to an active user inside the actor's user scope; SUPER_ADMIN and COUNTRY_MANAGER may
 * assign to anyone active in the tenant.
 * Returns the user id when the viewer may assign work to it. A scoped viewer gets FORBIDDEN for
 * anyone it may not assign to, existing or not (no oracle); a whole-tenant viewer gets
 * BAD_USER_INPUT for an id that is not an active user.
 */
export async function assertAssignable({ db, viewer, userId, path }: AssertAssignableArgs): Promise<string> {
  const id = parseInput(uuid, userId, path);
  if (await userIsAssignable({ db, viewer, userId: id })) return id;
  if (seesWholeTenant(viewer.role)) throw badInput([{ path, message: 'is not an active user of this tenant' }]);
  throw forbidden('You may only assign work to active users who share a branch in your scope');
}
