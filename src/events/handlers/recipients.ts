// Who a notification may go to: active users only, and for anything hanging off a client only
// users whose own data scope covers that client (decisions §3), checked in SQL with the same
// predicates the API's selectors use, from the recipient's role, branches, regions and the
// tenant's permission overrides.
import { and, eq, inArray, sql } from 'drizzle-orm';
import { effectiveActions, type Action } from '../../access/actions.js';
import { clientScope } from '../../access/scope.js';
import type { TenantViewer } from '../../auth/viewer.js';
import type { Executor } from '../../db/database.js';
import type { TenantDb } from '../../db/tenant-db.js';
import type { TenantRecord } from '../../tenancy/registry.js';
import { taskVisibility } from '../../modules/tasks/index.js';
import type { EntityType, EventContext } from '../config.js';

/** The active users among `ids`, each as the viewer it would be when signed in. */
export async function recipientViewers(
  tx: Executor,
  db: TenantDb,
  tenant: TenantRecord,
  ids: readonly string[],
): Promise<TenantViewer[]> {
  if (!ids.length) return [];
  const { users: u, userBranches: ub, userRegions: ur, branches: b, rolePermissions: rp } = db.t;
  const rows = await tx
    .select({
      id: u.id,
      email: u.email,
      role: u.role,
      branchIds: sql<string[]>`array(select ${ub.branchId}::text from ${ub} join ${b} on ${b.id} = ${ub.branchId}
        where ${ub.userId} = ${u.id} and ${b.deletedAt} is null)`,
      regionIds: sql<string[]>`array(select ${ur.regionId}::text from ${ur} where ${ur.userId} = ${u.id})`,
      granted: rp.granted,
      revoked: rp.revoked,
    })
    .from(u)
    // The join also matters for the subqueries above: drizzle qualifies the selected columns with
    // their table only when a query has more than one table, and unqualified they would resolve
    // inside the subqueries (user_branches.user_id = branches.id).
    .leftJoin(rp, eq(rp.role, u.role))
    .where(and(inArray(u.id, [...ids]), eq(u.isActive, true)));
  return rows.map((r) => ({
    kind: 'tenant',
    id: r.id,
    email: r.email,
    role: r.role,
    // Not a signed-in session: the viewer only feeds the scope predicates.
    sessionId: '',
    tenant,
    branchIds: r.branchIds,
    regionIds: r.regionIds,
    actions: effectiveActions(r.role, { granted: r.granted ?? [], revoked: r.revoked ?? [] }),
  }));
}

/** The action a user needs to read an entity of this type in the API. */
const READ_ACTION: Record<EntityType, Action> = {
  Client: 'client:read',
  Note: 'client:read',
  VisaApplication: 'visaApplication:read',
  CollegeApplication: 'collegeApplication:read',
  Task: 'task:read',
  Passport: 'client:read',
  Proficiency: 'client:read',
  Qualification: 'client:read',
  Employment: 'client:read',
  ProfilePicture: 'client:read',
  TaskComment: 'task:read',
  // No notification refers to one; a user administrator's read, should one ever.
  AccountToken: 'user:read',
};

/**
 * Whether `viewer` may read the entity: the read action, and the client (when there is one) in its
 * scope; a task comment instead with its task (`taskId`), as the API's task selectors see it.
 */
export async function maySee(
  tx: Executor,
  db: TenantDb,
  viewer: TenantViewer,
  entityType: EntityType,
  clientId: string | null,
  taskId: string | null = null,
): Promise<boolean> {
  if (!viewer.actions.has(READ_ACTION[entityType])) return false;
  // A task's scope is not its client's: its assignee, creator and pool see it too.
  if (entityType === 'TaskComment') {
    if (!taskId) return false;
    const t = db.t.tasks;
    const [task] = await tx
      .select({ id: t.id })
      .from(t)
      .where(and(eq(t.id, taskId), taskVisibility(db, viewer)));
    return task !== undefined;
  }
  if (!clientId) return true;
  const c = db.t.clients;
  const [row] = await tx
    .select({ id: c.id })
    .from(c)
    // The id goes in as a value: a column reference would resolve to the scope subquery's own table.
    .where(and(eq(c.id, clientId), clientScope(db, viewer, sql`${clientId}::uuid`)));
  return row !== undefined;
}

/** The users a task comment mentions, but its author (mentioning oneself notifies nobody). */
export function mentionedIds(ctx: EventContext): string[] {
  const ids = Array.isArray(ctx.after.mentionedUserIds) ? (ctx.after.mentionedUserIds as unknown[]) : [];
  return ids.filter((id): id is string => typeof id === 'string' && id !== ctx.actorId);
}

/** Active BRANCH_ADMINs of a branch. */
export async function branchAdminIds(tx: Executor, db: TenantDb, branchId: string): Promise<string[]> {
  const { users: u, userBranches: ub } = db.t;
  const rows = await tx
    .select({ id: u.id })
    .from(u)
    .innerJoin(ub, eq(ub.userId, u.id))
    .where(and(eq(ub.branchId, branchId), eq(u.role, 'BRANCH_ADMIN'), eq(u.isActive, true)));
  return rows.map((r) => r.id);
}
