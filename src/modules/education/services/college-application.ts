// Writes of college applications: every reference is checked (institute children, stage of the
// type, agents by type, assignee scope), and each create, change and move records its event in the
// write's transaction.
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import { assertCan } from '../../../access/can.js';
import type { Executor } from '../../../db/database.js';
import { faultPoint } from '../../../db/fault-points.js';
import type { AgentType } from '../../../db/tables/enums.js';
import { inTransaction, type TenantDb } from '../../../db/tenant-db.js';
import { badInput } from '../../../errors.js';
import { clientGetVisible } from '../../clients/index.js';
import { parseInput } from '../../shared-validation.js';
import { insertRecorded, updateRecorded } from '../../shared-writes.js';
import { assertAssignable } from '../../users/index.js';
import { parseId, type TargetArgs } from '../selectors/crud.js';
import { created, isEmptyPatch, softDeletes, updated, type InputArgs, type PatchArgs } from './crud.js';
import type { CollegeApplicationModel } from '../models.js';
import { collegeApplicationGetById } from '../selectors/college-application.js';
import { instituteReference } from '../selectors/institute.js';
import { createCollegeApplicationInput, updateCollegeApplicationInput } from '../validation.js';

// Reference checks: a wrong reference is bad input at its field, not a missing target.

/** What an application names under its institute: the table and what the refusal calls it. */
const OF_INSTITUTE = {
  courseId: { table: (db: TenantDb) => db.t.courses, what: 'course' },
  intakeId: { table: (db: TenantDb) => db.t.instituteIntakes, what: 'intake' },
  locationId: { table: (db: TenantDb) => db.t.instituteLocations, what: 'campus' },
} as const;

/** Course, intake and campus must be live and belong to the institute. */
async function assertOfInstitute(db: TenantDb, key: keyof typeof OF_INSTITUTE, id: string, instituteId: string): Promise<void> {
  const t = OF_INSTITUTE[key].table(db) as PgTable & { id: AnyPgColumn; instituteId: AnyPgColumn; deletedAt: AnyPgColumn };
  const [row] = await db.orm
    .select({ id: t.id })
    .from(t)
    .where(and(eq(t.id, id), eq(t.instituteId, instituteId), isNull(t.deletedAt)));
  if (!row) throw badInput([{ path: `input.${key}`, message: `must be a live ${OF_INSTITUTE[key].what} of the institute` }]);
}

async function assertAgent(db: TenantDb, id: string, type: AgentType, path: string): Promise<void> {
  const ag = db.t.agents;
  const [row] = await db.orm
    .select({ id: ag.id })
    .from(ag)
    .where(and(eq(ag.id, id), eq(ag.agentType, type), isNull(ag.deletedAt)));
  if (!row) throw badInput([{ path, message: `must be a live ${type === 'SUPER_AGENT' ? 'super' : 'sub'} agent` }]);
}

/**
 * The first stage of a live, active type (bad input at `path` otherwise), read inside the write's
 * transaction with the type row held FOR SHARE: a type delete or a stage delete (both lock the
 * type FOR UPDATE) waits for the write, or the write for them, so an application never lands on a
 * deleted type or stage.
 */
async function firstStageOf(tx: Executor, db: TenantDb, typeId: string, path: string): Promise<string> {
  const { applicationTypes: t, applicationStages: s } = db.t;
  const [type] = await tx
    .select({ isActive: t.isActive })
    .from(t)
    .where(and(eq(t.id, typeId), isNull(t.deletedAt)))
    .for('share');
  if (!type) throw badInput([{ path, message: 'is not a live application type' }]);
  if (!type.isActive) throw badInput([{ path, message: 'is not active' }]);
  const [stage] = await tx.select({ id: s.id }).from(s).where(eq(s.applicationTypeId, typeId)).orderBy(asc(s.position)).limit(1);
  if (!stage) throw badInput([{ path, message: 'has no stages yet' }]);
  return stage.id;
}

export type CollegeApplicationCreateArgs = InputArgs;

export async function collegeApplicationCreate({
  db,
  viewer,
  input,
}: CollegeApplicationCreateArgs): Promise<CollegeApplicationModel> {
  assertCan(viewer, 'collegeApplication:create');
  const v = parseInput(createCollegeApplicationInput, input);
  const client = await clientGetVisible({ db, viewer, id: v.clientId, path: 'input.clientId' });
  const assignedToId = v.assignedToId
    ? await assertAssignable({ db, viewer, userId: v.assignedToId, path: 'input.assignedToId' })
    : null;
  await instituteReference({ db, viewer, id: v.instituteId, path: 'input.instituteId' });
  for (const key of ['courseId', 'intakeId', 'locationId'] as const) await assertOfInstitute(db, key, v[key], v.instituteId);
  if (v.superAgentId) await assertAgent(db, v.superAgentId, 'SUPER_AGENT', 'input.superAgentId');
  if (v.subAgentId) await assertAgent(db, v.subAgentId, 'SUB_AGENT', 'input.subAgentId');
  // The checks above only read; the type is held from its check to the write, with the row's event.
  await faultPoint('collegeApplication.create.checked');
  return inTransaction(db.orm, async (tx) => {
    const stageId = await firstStageOf(tx, db, v.applicationTypeId, 'input.applicationTypeId');
    return insertRecorded(tx, db, viewer, 'CollegeApplication', db.t.collegeApplications, {
      ...v,
      clientId: client.id,
      stageId,
      assignedToId,
      ...created(viewer),
    });
  });
}

export type CollegeApplicationUpdateArgs = PatchArgs;

export async function collegeApplicationUpdate({
  db,
  viewer,
  id,
  input,
}: CollegeApplicationUpdateArgs): Promise<CollegeApplicationModel> {
  const app = await collegeApplicationGetById({ db, viewer, id });
  assertCan(viewer, 'collegeApplication:update');
  const patch = parseInput(updateCollegeApplicationInput, input);
  if (isEmptyPatch(patch)) return app;
  const { assignedToId, ...rest } = patch;
  const changes: Partial<CollegeApplicationModel> = { ...rest };
  if (assignedToId !== undefined && assignedToId !== app.assignedToId) {
    changes.assignedToId = assignedToId
      ? await assertAssignable({ db, viewer, userId: assignedToId, path: 'input.assignedToId' })
      : null;
  }
  // A new institute re-checks course, intake and campus, stored or given (the original only checked given ones).
  const instituteId = patch.instituteId ?? app.instituteId;
  const moved = instituteId !== app.instituteId;
  if (moved) await instituteReference({ db, viewer, id: instituteId, path: 'input.instituteId' });
  for (const key of ['courseId', 'intakeId', 'locationId'] as const) {
    const given = patch[key];
    if (moved || (given && given !== app[key])) await assertOfInstitute(db, key, given ?? app[key], instituteId);
  }
  if (patch.superAgentId && patch.superAgentId !== app.superAgentId) {
    await assertAgent(db, patch.superAgentId, 'SUPER_AGENT', 'input.superAgentId');
  }
  if (patch.subAgentId && patch.subAgentId !== app.subAgentId) {
    await assertAgent(db, patch.subAgentId, 'SUB_AGENT', 'input.subAgentId');
  }
  const set = { ...changes, ...updated(viewer) };
  return inTransaction(db.orm, (tx) =>
    updateRecorded(tx, db, viewer, 'CollegeApplication', db.t.collegeApplications, app, set, 'College application'),
  );
}

/** Moves an application to another stage of its own type. */
export type CollegeApplicationMoveArgs = TargetArgs & { stageId: string };

export async function collegeApplicationMove({
  db,
  viewer,
  id,
  stageId,
}: CollegeApplicationMoveArgs): Promise<CollegeApplicationModel> {
  const app = await collegeApplicationGetById({ db, viewer, id });
  assertCan(viewer, 'collegeApplication:update');
  const sid = parseId(stageId, 'stageId');
  const { applicationStages: s, applicationTypes: t } = db.t;
  if (sid === app.stageId) return app;
  return inTransaction(db.orm, async (tx) => {
    // The type held FOR SHARE: a stage delete (which locks it FOR UPDATE) cannot remove the stage
    // between this check and the move.
    await tx.select({ id: t.id }).from(t).where(eq(t.id, app.applicationTypeId)).for('share');
    const [stage] = await tx
      .select({ id: s.id })
      .from(s)
      .where(and(eq(s.id, sid), eq(s.applicationTypeId, app.applicationTypeId)));
    if (!stage) throw badInput([{ path: 'stageId', message: "must be a stage of the application's type" }]);
    const set = { stageId: stage.id, ...updated(viewer) };
    return updateRecorded(tx, db, viewer, 'CollegeApplication', db.t.collegeApplications, app, set, 'College application');
  });
}

/** Soft delete and restore, for those who may delete applications. */
export const { delete: collegeApplicationDelete, restore: collegeApplicationRestore } = softDeletes({
  table: (t) => t.collegeApplications,
  get: collegeApplicationGetById,
  action: 'collegeApplication:delete',
});
