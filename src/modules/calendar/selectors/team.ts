// "Own, plus the team in scope" (decisions §2) for calendar events and reminders: a row belongs to
// a user; holders of calendar:viewTeam also see the rows of users sharing a branch in their scope
// (SUPER_ADMIN and COUNTRY_MANAGER: everyone's). Writing for someone else needs calendar:assignOthers.
import { and, eq, exists, or, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { can } from '../../../access/can.js';
import { seesWholeTenant } from '../../../access/roles.js';
import { userBranchScope } from '../../../access/scope.js';
import type { TenantViewer } from '../../../auth/viewer.js';
import type { TenantDb } from '../../../db/tenant-db.js';
import { forbidden } from '../../../errors.js';
import { assertAssignable, type AssertAssignableArgs } from '../../users/index.js';

/** Rows owned (`ownerId`) or created (`createdById`) by the viewer, plus its team's for calendar:viewTeam. */
export function teamVisibility(db: TenantDb, viewer: TenantViewer, ownerId: AnyPgColumn, createdById: AnyPgColumn): SQL {
  const own = or(eq(ownerId, viewer.id), eq(createdById, viewer.id))!;
  if (!can(viewer, 'calendar:viewTeam')) return own;
  if (seesWholeTenant(viewer.role)) return sql`true`;
  const u = db.t.users;
  return or(
    own,
    exists(
      db.orm
        .select({ one: sql`1` })
        .from(u)
        .where(and(eq(u.id, ownerId), userBranchScope(db, viewer))),
    ),
  )!;
}

export type AssertOwnerAllowedArgs = AssertAssignableArgs & { userId: string };

/** The owner a write may give: the viewer itself, or with calendar:assignOthers a user it may assign work to. */
export async function assertOwnerAllowed({ db, viewer, userId, path }: AssertOwnerAllowedArgs): Promise<string> {
  if (userId === viewer.id) return userId;
  if (!can(viewer, 'calendar:assignOthers')) throw forbidden('You may only put entries in your own calendar');
  return assertAssignable({ db, viewer, userId, path });
}

/** Changing an entry: its owner, its creator, or a holder of calendar:assignOthers who sees it. */
export function assertMayChangeEntry(viewer: TenantViewer, row: { ownerId: string | null; createdById: string | null }): void {
  if (row.ownerId === viewer.id || row.createdById === viewer.id) return;
  if (!can(viewer, 'calendar:assignOthers')) throw forbidden('Only its owner or its creator may change this entry');
}
