// Writes of application stages (BRANCH_ADMIN and above). Stage positions are 1..n without gaps per
// type; every write that moves positions locks the type row first and runs in one transaction. The
// unique (type, position) constraint is not deferrable, so rows are parked at TEMP + position first.
import { and, asc, count, eq, gte, max, sql } from 'drizzle-orm';
import { assertCan } from '../../../access/can.js';
import { liveCount } from '../../../db/live-counts.js';
import { insertOne, updateExisting } from '../../../db/rows.js';
import { inTransaction, type Executor, type TenantArgs, type TenantDb } from '../../../db/tenant-db.js';
import { AppError, badInput, conflict, type FieldError } from '../../../errors.js';
import { APPLICATION_STAGES_MAX } from '../../../graphql/limits/list-bounds.js';
import { parseInput } from '../../shared-validation.js';
import type { TargetArgs } from '../selectors/crud.js';
import { created, isEmptyPatch, updated, type InputArgs, type PatchArgs } from './crud.js';
import type { ApplicationStageModel } from '../models.js';
import { applicationStageGetLive, applicationStageListOfType } from '../selectors/application-stage.js';
import { applicationTypeGetById } from '../selectors/application-type.js';
import { createApplicationStageInput, reorderApplicationStagesInput, updateApplicationStageInput } from '../validation.js';

/** Far above any real position, below the int range. */
const TEMP = 1_000_000;

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

/** The live type a write changes the stages of, locked FOR UPDATE in the write's transaction. */
function lockType(ex: Executor, { db, viewer }: TenantArgs, id: string, path = 'id') {
  return applicationTypeGetById({ db, viewer, id, includeDeleted: false, path, ex, lock: true });
}

export type ApplicationStageCreateArgs = InputArgs;

export async function applicationStageCreate({ db, viewer, input }: ApplicationStageCreateArgs): Promise<ApplicationStageModel> {
  assertCan(viewer, 'applicationType:write');
  const { applicationTypeId, position, name, description } = parseInput(createApplicationStageInput, input);
  const s = db.t.applicationStages;
  return inTransaction(db.orm, async (tx) => {
    // A type named by the input that is not live is the input's fault.
    const type = await lockType(tx, { db, viewer }, applicationTypeId, 'input.applicationTypeId').catch((err: unknown) => {
      if (err instanceof AppError && err.code === 'NOT_FOUND') {
        throw badInput([{ path: 'input.applicationTypeId', message: 'is not a live application type' }]);
      }
      throw err;
    });
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

export type ApplicationStageUpdateArgs = PatchArgs;

export async function applicationStageUpdate({
  db,
  viewer,
  id,
  input,
}: ApplicationStageUpdateArgs): Promise<ApplicationStageModel> {
  const stage = await applicationStageGetLive({ db, viewer, id });
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

export type ApplicationStageDeleteArgs = TargetArgs;

export async function applicationStageDelete({ db, viewer, id }: ApplicationStageDeleteArgs): Promise<boolean> {
  const found = await applicationStageGetLive({ db, viewer, id });
  assertCan(viewer, 'applicationType:write');
  const { applicationStages: s, collegeApplications: a } = db.t;
  return inTransaction(db.orm, async (tx) => {
    await lockType(tx, { db, viewer }, found.applicationTypeId);
    const stage = await applicationStageGetLive({ db, viewer, id: found.id, ex: tx });
    const used = await liveCount(tx, a, a.stageId, stage.id);
    if (used > 0) throw conflict(`${used} live college application(s) are at stage "${stage.stageName}"; move them first`);
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
export interface ApplicationStageReorderArgs extends TenantArgs {
  applicationTypeId: string;
  stageIds: readonly string[];
}

export async function applicationStageReorder({
  db,
  viewer,
  applicationTypeId,
  stageIds,
}: ApplicationStageReorderArgs): Promise<ApplicationStageModel[]> {
  assertCan(viewer, 'applicationType:write');
  const args = parseInput(reorderApplicationStagesInput, { applicationTypeId, stageIds }, '');
  const s = db.t.applicationStages;
  return inTransaction(db.orm, async (tx) => {
    const type = await lockType(tx, { db, viewer }, args.applicationTypeId, 'applicationTypeId');
    const current = await applicationStageListOfType({ db, viewer, ex: tx, applicationTypeId: type.id });
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
    return applicationStageListOfType({ db, viewer, ex: tx, applicationTypeId: type.id });
  });
}
