// Writes of clients: create, update, assign, stage changes, soft delete and restore. The branch
// must be in the viewer's scope, the assignee assignable by it (decisions §2).
import { and, eq, isNull } from 'drizzle-orm';
import { assertCan } from '../../../access/can.js';
import { seesWholeTenant } from '../../../access/roles.js';
import { inBranchScope } from '../../../access/scope.js';
import type { TenantViewer } from '../../../auth/viewer.js';
import type { ClientStage } from '../../../db/tables/enums.js';
import type { Tx } from '../../../db/database.js';
import { faultPoint } from '../../../db/fault-points.js';
import { inTransaction, type TenantDb } from '../../../db/tenant-db.js';
import { badInput, conflict, forbidden } from '../../../errors.js';
import { parseInput } from '../../shared-validation.js';
import { created, insertRecorded, updateRecorded } from '../../shared-writes.js';
import { assertAssignable } from '../../users/index.js';
import type { ClientModel } from '../models.js';
import { clientGetVisible } from '../selectors/client-scope.js';
import { clientGetById } from '../selectors/clients.js';
import { clientStage, createClientInput, updateClientInput } from '../validation.js';

export interface ClientWriteArgs {
  db: TenantDb;
  viewer: TenantViewer;
}

/** A live branch in the viewer's scope. Scoped viewers learn nothing about branches they cannot see. */
async function assertBranchUsable(db: TenantDb, viewer: TenantViewer, branchId: string, path: string): Promise<void> {
  const b = db.t.branches;
  const [branch] = await db.orm
    .select({ id: b.id, regionId: b.regionId })
    .from(b)
    .where(and(eq(b.id, branchId), isNull(b.deletedAt)));
  if (branch && inBranchScope(viewer, branch)) return;
  if (!branch && seesWholeTenant(viewer.role)) throw badInput([{ path, message: 'is not a branch' }]);
  throw forbidden('The branch is outside your scope');
}

/**
 * Inside a write that puts a live client in `branchId`: the branch is still live, and stays so
 * until the transaction ends (FOR SHARE waits for a branch delete's FOR UPDATE, and holds it off),
 * so no live client ever lands in a deleted branch. The checks before the transaction give the
 * scope errors; this one catches a delete that committed in between.
 */
async function assertBranchStaysLive(
  tx: Tx,
  db: TenantDb,
  branchId: string,
  path: string,
  message = 'The branch was deleted meanwhile',
): Promise<void> {
  const b = db.t.branches;
  const [live] = await tx
    .select({ id: b.id })
    .from(b)
    .where(and(eq(b.id, branchId), isNull(b.deletedAt)))
    .for('share');
  if (!live) throw conflict(message, path);
}

async function assertLinksExist(db: TenantDb, links: { visaCategoryId?: string | null; agentId?: string | null }): Promise<void> {
  const problems = [];
  if (links.visaCategoryId) {
    const [row] = await db.orm
      .select({ id: db.t.visaCategories.id })
      .from(db.t.visaCategories)
      .where(eq(db.t.visaCategories.id, links.visaCategoryId));
    if (!row) problems.push({ path: 'input.visaCategoryId', message: 'is not a visa category' });
  }
  if (links.agentId) {
    const a = db.t.agents;
    const [row] = await db.orm
      .select({ id: a.id })
      .from(a)
      .where(and(eq(a.id, links.agentId), isNull(a.deletedAt)));
    if (!row) problems.push({ path: 'input.agentId', message: 'is not a live agent' });
  }
  if (problems.length) throw badInput(problems);
}

export type ClientCreateArgs = ClientWriteArgs & { input: unknown };

export async function clientCreate({ db, viewer, input }: ClientCreateArgs): Promise<ClientModel> {
  assertCan(viewer, 'client:create');
  const values = parseInput(createClientInput, input);
  let branchId = values.branchId;
  if (!branchId) {
    // A creator with exactly one branch need not name it (decisions §2).
    if (viewer.branchIds.length === 1 && !seesWholeTenant(viewer.role)) branchId = viewer.branchIds[0]!;
    else throw badInput([{ path: 'input.branchId', message: 'is required' }]);
  }
  await assertBranchUsable(db, viewer, branchId, 'input.branchId');
  await assertLinksExist(db, values);
  if (values.assignedToId) {
    assertCan(viewer, 'client:assign');
    await assertAssignable({ db, viewer, userId: values.assignedToId, path: 'input.assignedToId' });
  }
  await faultPoint('client.create.checked');
  return inTransaction(db.orm, async (tx) => {
    await assertBranchStaysLive(tx, db, branchId, 'input.branchId');
    return insertRecorded(tx, db, viewer, 'Client', db.t.clients, {
      ...values,
      dob: values.dob ?? null,
      branchId,
      ...created(viewer),
    });
  });
}

export type ClientUpdateArgs = ClientWriteArgs & { id: string; input: unknown };

export async function clientUpdate({ db, viewer, id, input }: ClientUpdateArgs): Promise<ClientModel> {
  const client = await clientGetVisible({ db, viewer, id });
  assertCan(viewer, 'client:update');
  const patch = parseInput(updateClientInput, input);
  const changes: Partial<typeof db.t.clients.$inferInsert> = {};
  for (const [key, value] of Object.entries(patch)) {
    if (value !== undefined && !(value === null && REQUIRED.has(key))) (changes as Record<string, unknown>)[key] = value;
  }
  if (changes.branchId && changes.branchId !== client.branchId)
    await assertBranchUsable(db, viewer, changes.branchId, 'input.branchId');
  await assertLinksExist(db, { visaCategoryId: changes.visaCategoryId, agentId: changes.agentId });
  if ('assignedToId' in changes && changes.assignedToId !== client.assignedToId) {
    assertCan(viewer, 'client:assign');
    if (changes.assignedToId) await assertAssignable({ db, viewer, userId: changes.assignedToId, path: 'input.assignedToId' });
  }
  const movesTo = changes.branchId && changes.branchId !== client.branchId ? changes.branchId : undefined;
  return write(db, viewer, client, changes, movesTo ? { branchId: movesTo, path: 'input.branchId' } : undefined);
}

const REQUIRED = new Set(['firstName', 'gender', 'country', 'branchId', 'stage', 'active']);

/** The change and its events (one per changed tracked field) in one transaction. */
async function write(
  db: TenantDb,
  viewer: TenantViewer,
  client: ClientModel,
  changes: Partial<typeof db.t.clients.$inferInsert>,
  /** The branch the client is put (back) into, which must be live: see assertBranchStaysLive. */
  into?: { branchId: string; path: string; message?: string },
): Promise<ClientModel> {
  return inTransaction(db.orm, async (tx) => {
    if (into) await assertBranchStaysLive(tx, db, into.branchId, into.path, into.message);
    return updateRecorded(tx, db, viewer, 'Client', db.t.clients, client, { ...changes, updatedById: viewer.id }, 'Client');
  });
}

export type ClientAssignArgs = ClientWriteArgs & { id: string; userId: string | null | undefined };

export async function clientAssign({ db, viewer, id, userId }: ClientAssignArgs): Promise<ClientModel> {
  const client = await clientGetVisible({ db, viewer, id });
  assertCan(viewer, 'client:assign');
  const assignedToId = userId ? await assertAssignable({ db, viewer, userId, path: 'userId' }) : null;
  if (assignedToId === client.assignedToId) return client;
  return write(db, viewer, client, { assignedToId });
}

export type ClientChangeStageArgs = ClientWriteArgs & { id: string; stage: unknown };

export async function clientChangeStage({ db, viewer, id, stage }: ClientChangeStageArgs): Promise<ClientModel> {
  const client = await clientGetVisible({ db, viewer, id });
  assertCan(viewer, 'client:update');
  const next: ClientStage = parseInput(clientStage, stage, 'stage');
  if (next === client.stage) return client;
  return write(db, viewer, client, { stage: next });
}

export type ClientSetDeletedArgs = ClientWriteArgs & { id: string; deleted: boolean };

/** Soft delete: the client and everything hanging off it leave every list; restore brings them back. */
export async function clientSetDeleted({ db, viewer, id, deleted }: ClientSetDeletedArgs): Promise<ClientModel> {
  const client = await clientGetById({ db, viewer, id });
  assertCan(viewer, 'client:delete');
  if ((client.deletedAt !== null) === deleted) return client;
  // A restored client is live again, so its branch must be: restore the branch first.
  const into = deleted
    ? undefined
    : { branchId: client.branchId, path: 'id', message: "The client's branch is deleted: restore the branch first" };
  return write(db, viewer, client, { deletedAt: deleted ? new Date() : null }, into);
}
