// Application types and their ordered stages. Stage positions are 1..n without gaps per type; every
// write that moves positions locks the type row first and runs in one transaction. The unique
// (type, position) constraint is not deferrable, so rows are parked at TEMP + position first.
import { and, asc, count, eq, gte, ilike, inArray, isNull, max, sql } from 'drizzle-orm';
import { assertCan, can } from '../../access/can.js';
import { containsPattern, type Connection, keysetList } from '../../db/paging.js';
import { insertOne, updateExisting } from '../../db/rows.js';
import { inTransaction, type Executor, type TenantDb } from '../../db/tenant-db.js';
import { badInput, conflict, forbidden, type FieldError } from '../../errors.js';
import { groupBy } from '../../graphql/loader-kit.js';
import { APPLICATION_STAGES_MAX } from '../../graphql/limits/list-bounds.js';
import { parseInput } from '../shared-validation.js';
import {
  created,
  inputRef,
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
import type { ApplicationStageModel, ApplicationTypeModel } from './models.js';
import {
  applicationTypeFilterInput,
  createApplicationStageInput,
  createApplicationTypeInput,
  reorderApplicationStagesInput,
  updateApplicationStageInput,
  updateApplicationTypeInput,
} from './validation.js';

/** Far above any real position, below the int range. */
const TEMP = 1_000_000;

export async function applicationTypeList({
  db,
  viewer,
  first,
  after,
  filter,
}: EduListArgs & { filter?: unknown }): Promise<Connection<ApplicationTypeModel>> {
  const f = parseInput(applicationTypeFilterInput, filter ?? {}, 'filter');
  if (f.includeDeleted && !can(viewer, 'applicationType:write')) {
    throw forbidden('Only those who may delete application types see deleted ones');
  }
  const t = db.t.applicationTypes;
  const where = and(
    f.includeDeleted ? undefined : isNull(t.deletedAt),
    f.isActive === null || f.isActive === undefined ? undefined : eq(t.isActive, f.isActive),
    f.search ? ilike(t.title, containsPattern(f.search)) : undefined,
  );
  return keysetList({ orm: db.orm, table: t, where, order: [t.title, t.id], first, after });
}

/** One type; deleted ones only with `includeDeleted` (by default: for those who may restore them). */
export async function applicationTypeGetById({
  db,
  viewer,
  id,
  includeDeleted = can(viewer, 'applicationType:write'),
  path = 'id',
  ex = db.orm,
  lock = false,
}: EduTargetArgs & { includeDeleted?: boolean; path?: string; ex?: Executor; lock?: boolean }): Promise<ApplicationTypeModel> {
  const t = db.t.applicationTypes;
  const q = ex
    .select()
    .from(t)
    .where(and(eq(t.id, parseId(id, path)), includeDeleted ? undefined : isNull(t.deletedAt)));
  return oneOr404(await (lock ? q.for('update') : q), 'Application type');
}

/** Types by id, deleted ones included: an application keeps showing its type. */
export async function applicationTypeListByIds({ db, ids }: EduIdsArgs): Promise<ApplicationTypeModel[]> {
  if (!ids.length) return [];
  const t = db.t.applicationTypes;
  return db.orm
    .select()
    .from(t)
    .where(inArray(t.id, [...ids]));
}

/** Number of live college applications per type, for ApplicationType.hasApplications. */
export async function applicationTypeApplicationCounts({ db, ids }: EduIdsArgs): Promise<Map<string, number>> {
  const a = db.t.collegeApplications;
  const rows = await db.orm
    .select({ typeId: a.applicationTypeId, n: count() })
    .from(a)
    .where(and(inArray(a.applicationTypeId, [...ids]), isNull(a.deletedAt)))
    .groupBy(a.applicationTypeId);
  return new Map(rows.map((r) => [r.typeId, r.n]));
}

/** The stages of each type in position order, for ApplicationType.stages and isFinalStage. */
export async function stagesByApplicationTypeIds({ db, ids }: EduIdsArgs): Promise<Map<string, ApplicationStageModel[]>> {
  const s = db.t.applicationStages;
  const rows = await db.orm
    .select()
    .from(s)
    .where(inArray(s.applicationTypeId, [...ids]))
    .orderBy(asc(s.position));
  return groupBy(
    rows,
    (r) => r.applicationTypeId,
    (r) => r,
  );
}

export async function applicationStageListByIds({ db, ids }: EduIdsArgs): Promise<ApplicationStageModel[]> {
  if (!ids.length) return [];
  const s = db.t.applicationStages;
  return db.orm
    .select()
    .from(s)
    .where(inArray(s.id, [...ids]));
}

async function stagesOf(ex: Executor, db: TenantDb, typeId: string): Promise<ApplicationStageModel[]> {
  const s = db.t.applicationStages;
  return ex.select().from(s).where(eq(s.applicationTypeId, typeId)).orderBy(asc(s.position));
}

export async function applicationTypeCreate({ db, viewer, input }: EduWriteArgs): Promise<ApplicationTypeModel> {
  assertCan(viewer, 'applicationType:write');
  const values = parseInput(createApplicationTypeInput, input);
  return insertOne(db.orm, db.t.applicationTypes, { ...values, ...created(viewer) });
}

export async function applicationTypeUpdate({
  db,
  viewer,
  id,
  input,
}: EduTargetArgs & EduWriteArgs): Promise<ApplicationTypeModel> {
  const type = await applicationTypeGetById({ db, viewer, id, includeDeleted: false });
  assertCan(viewer, 'applicationType:write');
  const patch = parseInput(updateApplicationTypeInput, input);
  if (isEmptyPatch(patch)) return type;
  return updateExisting(db.orm, db.t.applicationTypes, type.id, { ...patch, ...updated(viewer) }, 'Application type');
}

/** Soft delete, refused while live college applications use the type. */
export async function applicationTypeDelete({ db, viewer, id }: EduTargetArgs): Promise<ApplicationTypeModel> {
  const type = await applicationTypeGetById({ db, viewer, id, includeDeleted: false });
  assertCan(viewer, 'applicationType:write');
  const a = db.t.collegeApplications;
  return inTransaction(db.orm, async (tx) => {
    await applicationTypeGetById({ db, viewer, id: type.id, includeDeleted: false, ex: tx, lock: true });
    const [used] = await tx
      .select({ n: count() })
      .from(a)
      .where(and(eq(a.applicationTypeId, type.id), isNull(a.deletedAt)));
    if (used!.n > 0) {
      throw conflict(`Application type "${type.title}" is used by ${used!.n} live college application(s); it cannot be deleted`);
    }
    return updateExisting(tx, db.t.applicationTypes, type.id, { deletedAt: new Date(), ...updated(viewer) }, 'Application type');
  });
}

export async function applicationTypeRestore({ db, viewer, id }: EduTargetArgs): Promise<ApplicationTypeModel> {
  const type = await applicationTypeGetById({ db, viewer, id, includeDeleted: true });
  assertCan(viewer, 'applicationType:write');
  if (!type.deletedAt) return type;
  return updateExisting(db.orm, db.t.applicationTypes, type.id, { deletedAt: null, ...updated(viewer) }, 'Application type');
}

/** Shifts the stages of `typeId` at positions >= `from` by `delta`, without ever clashing on the unique index. */
async function shiftStages(ex: Executor, db: TenantDb, typeId: string, from: number, delta: 1 | -1): Promise<void> {
  const s = db.t.applicationStages;
  const affected = and(eq(s.applicationTypeId, typeId), gte(s.position, from), sql`${s.position} < ${TEMP}`);
  await ex
    .update(s)
    .set({ position: sql`${s.position} + ${TEMP}` })
    .where(affected);
  await ex
    .update(s)
    .set({ position: sql`${s.position} - ${TEMP} + ${delta}` })
    .where(and(eq(s.applicationTypeId, typeId), gte(s.position, TEMP)));
}

export async function applicationStageCreate({ db, viewer, input }: EduWriteArgs): Promise<ApplicationStageModel> {
  assertCan(viewer, 'applicationType:write');
  const { applicationTypeId, position, name, description } = parseInput(createApplicationStageInput, input);
  const s = db.t.applicationStages;
  return inTransaction(db.orm, async (tx) => {
    const type = await inputRef('input.applicationTypeId', 'application type', () =>
      applicationTypeGetById({
        db,
        viewer,
        id: applicationTypeId,
        includeDeleted: false,
        path: 'input.applicationTypeId',
        ex: tx,
        lock: true,
      }),
    );
    const [last] = await tx
      .select({ n: max(s.position) })
      .from(s)
      .where(eq(s.applicationTypeId, type.id));
    const next = (last?.n ?? 0) + 1;
    // `ApplicationType.stages` returns at most this many: a longer workflow would lose its final stage.
    if (next > APPLICATION_STAGES_MAX) {
      throw badInput([
        { path: 'input.applicationTypeId', message: `already has ${APPLICATION_STAGES_MAX} stages, the most a type may have` },
      ]);
    }
    if (position && position > next) throw badInput([{ path: 'input.position', message: `must be between 1 and ${next}` }]);
    const at = position ?? next;
    if (at < next) await shiftStages(tx, db, type.id, at, 1);
    return insertOne(tx, s, {
      stageName: name,
      description,
      applicationTypeId: type.id,
      position: at,
      ...created(viewer),
    });
  });
}

/** A stage of a live type; NOT_FOUND otherwise. */
async function liveStage({ db, id, ex = db.orm, lock = false }: EduArgs & { id: string; ex?: Executor; lock?: boolean }) {
  const { applicationStages: s, applicationTypes: t } = db.t;
  const q = ex
    .select({ stage: s })
    .from(s)
    .innerJoin(t, eq(t.id, s.applicationTypeId))
    .where(and(eq(s.id, parseId(id)), isNull(t.deletedAt)));
  return oneOr404(await (lock ? q.for('update') : q), 'Application stage').stage;
}

export async function applicationStageUpdate({
  db,
  viewer,
  id,
  input,
}: EduTargetArgs & EduWriteArgs): Promise<ApplicationStageModel> {
  const stage = await liveStage({ db, viewer, id });
  assertCan(viewer, 'applicationType:write');
  const { name, description } = parseInput(updateApplicationStageInput, input);
  if (isEmptyPatch({ name, description })) return stage;
  return updateExisting(
    db.orm,
    db.t.applicationStages,
    stage.id,
    { stageName: name, description, ...updated(viewer) },
    'Application stage',
  );
}

/** Hard delete, refused while a live application is at the stage; the later stages close the gap. */
export async function applicationStageDelete({ db, viewer, id }: EduTargetArgs): Promise<boolean> {
  const found = await liveStage({ db, viewer, id });
  assertCan(viewer, 'applicationType:write');
  const { applicationStages: s, collegeApplications: a } = db.t;
  return inTransaction(db.orm, async (tx) => {
    await applicationTypeGetById({ db, viewer, id: found.applicationTypeId, includeDeleted: false, ex: tx, lock: true });
    const stage = await liveStage({ db, viewer, id: found.id, ex: tx });
    const [used] = await tx
      .select({ n: count() })
      .from(a)
      .where(and(eq(a.stageId, stage.id), isNull(a.deletedAt)));
    if (used!.n > 0) throw conflict(`${used!.n} live college application(s) are at stage "${stage.stageName}"; move them first`);
    // Deleted applications still reference the stage (restrict): they move to the first remaining stage.
    const [fallback] = await tx
      .select({ id: s.id })
      .from(s)
      .where(and(eq(s.applicationTypeId, stage.applicationTypeId), sql`${s.id} <> ${stage.id}`))
      .orderBy(asc(s.position))
      .limit(1);
    const [parked] = await tx.select({ n: count() }).from(a).where(eq(a.stageId, stage.id));
    if (parked!.n > 0) {
      if (!fallback) throw conflict(`Deleted college applications still refer to stage "${stage.stageName}"`);
      await tx.update(a).set({ stageId: fallback.id }).where(eq(a.stageId, stage.id));
    }
    await tx.delete(s).where(eq(s.id, stage.id));
    await shiftStages(tx, db, stage.applicationTypeId, stage.position + 1, -1);
    return true;
  });
}

/**
 * Puts all stages of a type in the order of `stageIds`, which must name each of them exactly once
 * (the original accepted partial lists and left gaps and duplicates behind).
 */
export async function applicationStagesReorder({
  db,
  viewer,
  applicationTypeId,
  stageIds,
}: EduArgs & { applicationTypeId: string; stageIds: readonly string[] }): Promise<ApplicationStageModel[]> {
  assertCan(viewer, 'applicationType:write');
  const args = parseInput(reorderApplicationStagesInput, { applicationTypeId, stageIds }, '');
  const s = db.t.applicationStages;
  return inTransaction(db.orm, async (tx) => {
    const type = await applicationTypeGetById({
      db,
      viewer,
      id: args.applicationTypeId,
      includeDeleted: false,
      path: 'applicationTypeId',
      ex: tx,
      lock: true,
    });
    const current = await stagesOf(tx, db, type.id);
    const known = new Set(current.map((st) => st.id));
    const seen = new Set<string>();
    const errors: FieldError[] = [];
    args.stageIds.forEach((sid, i) => {
      if (!known.has(sid)) errors.push({ path: `stageIds.${i}`, message: 'is not a stage of this application type' });
      else if (seen.has(sid)) errors.push({ path: `stageIds.${i}`, message: 'appears more than once' });
      seen.add(sid);
    });
    const missing = current.filter((st) => !seen.has(st.id)).length;
    if (missing) errors.push({ path: 'stageIds', message: `must name every stage of the type (${missing} missing)` });
    if (errors.length) throw badInput(errors);
    await tx
      .update(s)
      .set({ position: sql`${s.position} + ${TEMP}`, ...updated(viewer) })
      .where(eq(s.applicationTypeId, type.id));
    const position = sql.join(
      args.stageIds.map((sid, i) => sql`when ${sid}::uuid then ${i + 1}::int`),
      sql` `,
    );
    await tx
      .update(s)
      .set({ position: sql`case ${s.id} ${position} end` })
      .where(eq(s.applicationTypeId, type.id));
    return stagesOf(tx, db, type.id);
  });
}
