// Who a task comment may mention: active users the viewer sees who can themselves see the task
// (their role holds task:read and the task passes their scope). Each failure answers the same
// message, so a mention cannot probe users or scopes beyond the viewer's.
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { effectiveActions } from '../../../access/actions.js';
import { userScope } from '../../../access/scope.js';
import type { TenantViewer } from '../../../auth/viewer.js';
import type { TenantRole } from '../../../db/tables/tenant.js';
import type { TenantDb } from '../../../db/tenant-db.js';
import { badInput } from '../../../errors.js';
import type { TaskModel } from '../models.js';
import { taskVisibility } from './tasks.js';

/** The users' roles and scopes, read as the authenticator reads them for a viewer. */
async function candidates(db: TenantDb, viewer: TenantViewer, ids: readonly string[]) {
  const { users: u, userBranches: ub, userRegions: ur, branches: b, rolePermissions: rp } = db.t;
  const users = await db.orm
    .select({ id: u.id, role: u.role })
    .from(u)
    .where(and(inArray(u.id, [...ids]), eq(u.isActive, true), userScope(db, viewer)));
  if (!users.length) return [];
  const found = users.map((x) => x.id);
  const [branches, regions, overrides] = await Promise.all([
    db.orm
      .select({ userId: ub.userId, id: ub.branchId })
      .from(ub)
      .innerJoin(b, eq(b.id, ub.branchId))
      .where(and(inArray(ub.userId, found), isNull(b.deletedAt))),
    db.orm.select({ userId: ur.userId, id: ur.regionId }).from(ur).where(inArray(ur.userId, found)),
    db.orm.select().from(rp),
  ]);
  const idsOf = (rows: { userId: string; id: string }[], userId: string) =>
    rows.filter((r) => r.userId === userId).map((r) => r.id);
  return users.map((user) => ({
    ...user,
    branchIds: idsOf(branches, user.id),
    regionIds: idsOf(regions, user.id),
    override: overrides.find((o) => o.role === user.role) ?? null,
  }));
}

/** A viewer-shaped stand-in for another user, for the scope predicates (which read only these fields). */
function standIn(
  viewer: TenantViewer,
  user: { id: string; role: TenantRole; branchIds: string[]; regionIds: string[] },
): TenantViewer {
  return { ...viewer, id: user.id, role: user.role, branchIds: user.branchIds, regionIds: user.regionIds };
}

export interface AssertMentionableArgs {
  db: TenantDb;
  viewer: TenantViewer;
  task: TaskModel;
  userIds: readonly string[];
}

/** Throws BAD_USER_INPUT at `input.mentionedUserIds.<i>` for every id that may not be mentioned. */
export async function assertMentionable({ db, viewer, task, userIds }: AssertMentionableArgs): Promise<void> {
  if (!userIds.length) return;
  const t = db.t.tasks;
  const ok = new Set<string>();
  const found = await candidates(db, viewer, userIds);
  for (const user of found) {
    const actions = effectiveActions(user.role, user.override);
    if (!actions.has('task:read')) continue;
    const [seen] = await db.orm
      .select({ id: t.id })
      .from(t)
      .where(and(eq(t.id, task.id), taskVisibility(db, standIn(viewer, user))));
    if (seen) ok.add(user.id);
  }
  const bad = userIds.flatMap((id, i) =>
    ok.has(id) ? [] : [{ path: `input.mentionedUserIds.${i}`, message: 'must be an active user who can see this task' }],
  );
  if (bad.length) throw badInput(bad);
}
