// College applications: reads scoped in SQL by the client's branch (clientScope), and writes that
// check every reference (institute children, stage of the type, agents by type, assignee scope).
import { keysetList } from '../../db/paging.js';
import { and, asc, desc, eq, inArray, isNull, type SQL } from 'drizzle-orm';
import { assertCan } from '../../access/can.js';
import { clientScope } from '../../access/scope.js';
import { insertOne, updateExisting } from '../../db/rows.js';
import type { AgentType } from '../../db/tables/enums.js';
import type { Connection } from '../../db/paging.js';
import type { Executor } from '../../db/database.js';
import { faultPoint } from '../../db/fault-points.js';
import { inTransaction, type TenantDb } from '../../db/tenant-db.js';
import { recordEvents } from '../../events/outbox.js';
import { badInput } from '../../errors.js';
import { groupBy } from '../../graphql/loader-kit.js';
import { clientGetVisible } from '../clients/index.js';
import { parseInput } from '../shared-validation.js';
import { assertAssignable } from '../users/index.js';
import {
  created,
  isEmptyPatch,
  oneOr404,
  parseId,
  updated,
  type EduArgs,
  type EduIdsArgs,
  type EduListArgs,
  type EduTargetArgs,
  type EduWriteArgs,
} from './common.js';
import type { CollegeApplicationModel } from './models.js';
import { collegeApplicationFilterInput, createCollegeApplicationInput, updateCollegeApplicationInput } from './validation.js';

/** Live applications of live clients in the viewer's scope, narrowed by `filter`: the list, the counts and the dashboard. */
export function collegeApplicationWhere({ db, viewer, filter }: EduArgs & { filter?: unknown }): SQL {
  const f = parseInput(collegeApplicationFilterInput, filter ?? {}, 'filter');
  const a = db.t.collegeApplications;
  return and(
    isNull(a.deletedAt),
    clientScope(db, viewer, a.clientId),
    f.clientId ? eq(a.clientId, f.clientId) : undefined,
    f.applicationTypeId ? eq(a.applicationTypeId, f.applicationTypeId) : undefined,
    f.stageId ? eq(a.stageId, f.stageId) : undefined,
    f.instituteId ? eq(a.instituteId, f.instituteId) : undefined,
    f.assignedToId ? eq(a.assignedToId, f.assignedToId) : undefined,
  )!;
}

export async function collegeApplicationList({
  db,
  viewer,
  first,
  after,
  filter,
}: EduListArgs & { filter?: unknown }): Promise<Connection<CollegeApplicationModel>> {
  const a = db.t.collegeApplications;
  const where = collegeApplicationWhere({ db, viewer, filter });
  return keysetList({ orm: db.orm, table: a, where, order: [a.createdAt, a.id], direction: 'desc', first, after });
}

/** One application of a live client in scope; deleted ones only with `includeDeleted` (restore). */
export async function collegeApplicationGetById({
  db,
  viewer,
  id,
  includeDeleted = false,
}: EduTargetArgs & { includeDeleted?: boolean }): Promise<CollegeApplicationModel> {
  const a = db.t.collegeApplications;
  const rows = await db.orm
    .select()
    .from(a)
    .where(and(eq(a.id, parseId(id)), clientScope(db, viewer, a.clientId), includeDeleted ? undefined : isNull(a.deletedAt)));
  return oneOr404(rows, 'College application');
}

/** The live applications of each client (in scope), newest first, for Client.collegeApplications. */
export async function collegeApplicationsByClientIds({
  db,
  viewer,
  ids,
}: EduIdsArgs): Promise<Map<string, CollegeApplicationModel[]>> {
  const a = db.t.collegeApplications;
  const rows = await db.orm
    .select()
    .from(a)
    .where(and(inArray(a.clientId, [...ids]), isNull(a.deletedAt), clientScope(db, viewer, a.clientId)))
    .orderBy(desc(a.createdAt), desc(a.id));
  return groupBy(
    rows,
    (r) => r.clientId,
    (r) => r,
  );
}

// Reference checks: a wrong reference is bad input at its field, not a missing target.

async function assertLiveInstitute(db: TenantDb, id: string, path: string): Promise<void> {
  const i = db.t.institutes;
  const [row] = await db.orm
    .select({ id: i.id })
    .from(i)
    .where(and(eq(i.id, id), isNull(i.deletedAt)));
  if (!row) throw badInput([{ path, message: 'is not a live institute' }]);
}

/** Course, intake and campus must be live and belong to the institute. */
async function assertOfInstitute(
  db: TenantDb,
  kind: 'course' | 'intake' | 'location',
  id: string,
  instituteId: string,
  path: string,
): Promise<void> {
  const t = kind === 'course' ? db.t.courses : kind === 'intake' ? db.t.instituteIntakes : db.t.instituteLocations;
  const [row] = await db.orm
    .select({ id: t.id })
    .from(t)
    .where(and(eq(t.id, id), eq(t.instituteId, instituteId), isNull(t.deletedAt)));
  const what = kind === 'course' ? 'course' : kind === 'intake' ? 'intake' : 'campus';
  if (!row) throw badInput([{ path, message: `must be a live ${what} of the institute` }]);
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

export async function collegeApplicationCreate({ db, viewer, input }: EduWriteArgs): Promise<CollegeApplicationModel> {
  assertCan(viewer, 'collegeApplication:create');
  const v = parseInput(createCollegeApplicationInput, input);
  const client = await clientGetVisible({ db, viewer, id: v.clientId, path: 'input.clientId' });
  const assignedToId = v.assignedToId
    ? await assertAssignable({ db, viewer, userId: v.assignedToId, path: 'input.assignedToId' })
    : null;
  await assertLiveInstitute(db, v.instituteId, 'input.instituteId');
  await assertOfInstitute(db, 'course', v.courseId, v.instituteId, 'input.courseId');
  await assertOfInstitute(db, 'intake', v.intakeId, v.instituteId, 'input.intakeId');
  await assertOfInstitute(db, 'location', v.locationId, v.instituteId, 'input.locationId');
  if (v.superAgentId) await assertAgent(db, v.superAgentId, 'SUPER_AGENT', 'input.superAgentId');
  if (v.subAgentId) await assertAgent(db, v.subAgentId, 'SUB_AGENT', 'input.subAgentId');
  // The checks above only read; the type is held from its check to the write, with the row's event.
  await faultPoint('collegeApplication.create.checked');
  return inTransaction(db.orm, async (tx) => {
    const stageId = await firstStageOf(tx, db, v.applicationTypeId, 'input.applicationTypeId');
    const row = await insertOne(tx, db.t.collegeApplications, {
      ...v,
      clientId: client.id,
      stageId,
      assignedToId,
      ...created(viewer),
    });
    await recordEvents(tx, db, { entity: 'CollegeApplication', id: row.id, before: null, after: row, actorId: viewer.id });
    return row;
  });
}

export async function collegeApplicationUpdate({
  db,
  viewer,
  id,
  input,
}: EduTargetArgs & EduWriteArgs): Promise<CollegeApplicationModel> {
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
  if (moved) await assertLiveInstitute(db, instituteId, 'input.instituteId');
  for (const [kind, key] of [
    ['course', 'courseId'],
    ['intake', 'intakeId'],
    ['location', 'locationId'],
  ] as const) {
    const given = patch[key];
    if (moved || (given && given !== app[key])) {
      await assertOfInstitute(db, kind, given ?? app[key], instituteId, `input.${key}`);
    }
  }
  if (patch.superAgentId && patch.superAgentId !== app.superAgentId) {
    await assertAgent(db, patch.superAgentId, 'SUPER_AGENT', 'input.superAgentId');
  }
  if (patch.subAgentId && patch.subAgentId !== app.subAgentId) {
    await assertAgent(db, patch.subAgentId, 'SUB_AGENT', 'input.subAgentId');
  }
  return inTransaction(db.orm, async (tx) => {
    const row = await updateExisting(
      tx,
      db.t.collegeApplications,
      app.id,
      { ...changes, ...updated(viewer) },
      'College application',
    );
    await recordEvents(tx, db, { entity: 'CollegeApplication', id: app.id, before: app, after: row, actorId: viewer.id });
    return row;
  });
}

/** Moves an application to another stage of its own type. */
export async function collegeApplicationMove({
  db,
  viewer,
  id,
  stageId,
}: EduTargetArgs & { stageId: string }): Promise<CollegeApplicationModel> {
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
    const row = await updateExisting(
      tx,
      db.t.collegeApplications,
      app.id,
      { stageId: stage.id, ...updated(viewer) },
      'College application',
    );
    await recordEvents(tx, db, { entity: 'CollegeApplication', id: app.id, before: app, after: row, actorId: viewer.id });
    return row;
  });
}

export async function collegeApplicationDelete({ db, viewer, id }: EduTargetArgs): Promise<CollegeApplicationModel> {
  const app = await collegeApplicationGetById({ db, viewer, id });
  assertCan(viewer, 'collegeApplication:delete');
  return updateExisting(
    db.orm,
    db.t.collegeApplications,
    app.id,
    { deletedAt: new Date(), ...updated(viewer) },
    'College application',
  );
}

export async function collegeApplicationRestore({ db, viewer, id }: EduTargetArgs): Promise<CollegeApplicationModel> {
  const app = await collegeApplicationGetById({ db, viewer, id, includeDeleted: true });
  assertCan(viewer, 'collegeApplication:delete');
  if (!app.deletedAt) return app;
  return updateExisting(db.orm, db.t.collegeApplications, app.id, { deletedAt: null, ...updated(viewer) }, 'College application');
}
