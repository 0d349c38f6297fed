// Resolving the record a task or reminder links to, and checking a branch a task or event names: it must exist and, when it hangs off a client,
// that client must be visible to the viewer (decisions §2). Answers the client the link belongs to,
// which tasks store in client_id so scope stays one SQL predicate.
import { and, eq, isNull, type SQL } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import { seesWholeTenant } from '../../../access/roles.js';
import { branchScope, clientScope } from '../../../access/scope.js';
import type { TenantViewer } from '../../../auth/viewer.js';
import type { SoftDeletable } from '../../../db/rows.js';
import type { LinkedEntityType } from '../../../db/tables/enums.js';
import type { Executor, TenantDb } from '../../../db/tenant-db.js';
import { badInput, forbidden, notFound } from '../../../errors.js';
import { clientGetVisible } from '../../clients/index.js';

export interface LinkTarget {
  linkedEntityType: LinkedEntityType;
  linkedEntityId: string;
  clientId: string | null;
}

const NAMES: Record<LinkedEntityType, string> = {
  CLIENT: 'Client',
  VISA_APPLICATION: 'Visa application',
  COLLEGE_APPLICATION: 'College application',
  AGENT: 'Agent',
  INSTITUTE: 'Institute',
};

export interface LinkResolveArgs {
  db: TenantDb;
  viewer: TenantViewer;
  type: LinkedEntityType;
  id: string;
  path: string;
  ex?: Executor;
}

/** The link, with its client; NOT_FOUND when the record does not exist or is not visible. */
export async function linkResolve({ db, viewer, type, id, path, ex = db.orm }: LinkResolveArgs): Promise<LinkTarget> {
  const { visaApplications: va, collegeApplications: ca, agents, institutes } = db.t;
  // The live row with this id: an application answers its client (when the viewer sees it),
  // master data (agents, institutes) none.
  const live = async (table: SoftDeletable, clientId: AnyPgColumn | null, scope?: SQL) => {
    const found = await ex
      .select({ clientId: clientId ?? table.id })
      .from(table as PgTable)
      .where(and(eq(table.id, id), isNull(table.deletedAt), scope));
    return clientId ? (found as { clientId: string | null }[]) : found.map(() => ({ clientId: null }));
  };
  let rows: { clientId: string | null }[];
  switch (type) {
    case 'CLIENT':
      return { linkedEntityType: type, linkedEntityId: id, clientId: (await clientGetVisible({ db, viewer, id, path, ex })).id };
    case 'VISA_APPLICATION':
      rows = await live(va, va.clientId, clientScope(db, viewer, va.clientId));
      break;
    case 'COLLEGE_APPLICATION':
      rows = await live(ca, ca.clientId, clientScope(db, viewer, ca.clientId));
      break;
    case 'AGENT':
      rows = await live(agents, null);
      break;
    case 'INSTITUTE':
      rows = await live(institutes, null);
      break;
  }
  const [row] = rows;
  if (!row) throw notFound(NAMES[type]);
  return { linkedEntityType: type, linkedEntityId: id, clientId: row.clientId };
}

export interface AssertBranchInScopeArgs {
  db: TenantDb;
  viewer: TenantViewer;
  branchId: string;
  path: string;
}

/**
 * A live branch in the viewer's scope (a task pool, an event's branch). A scoped viewer gets
 * FORBIDDEN whether the branch is absent or out of scope (no oracle); a whole-tenant viewer gets
 * BAD_USER_INPUT for an id that is not a live branch.
 */
export async function assertBranchInScope({ db, viewer, branchId, path }: AssertBranchInScopeArgs): Promise<void> {
  const b = db.t.branches;
  const [row] = await db.orm
    .select({ id: b.id })
    .from(b)
    .where(and(eq(b.id, branchId), isNull(b.deletedAt), branchScope(db, viewer, b.id)));
  if (row) return;
  if (seesWholeTenant(viewer.role)) throw badInput([{ path, message: 'is not a branch' }]);
  throw forbidden('The branch must be one in your scope');
}
