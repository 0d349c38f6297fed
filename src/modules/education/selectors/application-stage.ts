// Reads of application stages: the ordered stages of each type (positions 1..n; the highest is the
// final stage), and stages by id.
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Executor } from '../../../db/database.js';
import { oneOr404 } from '../../../db/rows.js';
import { rowsWhere } from '../../../db/scoped-rows.js';
import type { TenantArgs } from '../../../db/tenant-db.js';
import { groupBy } from '../../../graphql/loader-kit.js';
import { parseId, type IdsArgs, type TargetArgs } from './crud.js';
import type { ApplicationStageModel } from '../models.js';

/** The stages of each type in position order, for ApplicationType.stages and isFinalStage. */

export type ApplicationStageListByApplicationTypeIdsArgs = IdsArgs;

export async function applicationStageListByApplicationTypeIds({
  db,
  ids,
}: ApplicationStageListByApplicationTypeIdsArgs): Promise<Map<string, ApplicationStageModel[]>> {
  const s = db.t.applicationStages;
  const rows = await db.orm
    .select()
    .from(s)
    .where(inArray(s.applicationTypeId, [...ids]))
    .orderBy(asc(s.position));
  return groupBy(rows, (r) => r.applicationTypeId);
}

export type ApplicationStageListByIdsArgs = IdsArgs;

export async function applicationStageListByIds({ db, ids }: ApplicationStageListByIdsArgs): Promise<ApplicationStageModel[]> {
  return rowsWhere(db.orm, db.t.applicationStages, ids, undefined);
}

/** The stages of one type in position order, read by the write that changes them. */
export interface ApplicationStageListOfTypeArgs extends TenantArgs {
  ex: Executor;
  applicationTypeId: string;
}

export async function applicationStageListOfType({
  db,
  ex,
  applicationTypeId,
}: ApplicationStageListOfTypeArgs): Promise<ApplicationStageModel[]> {
  const s = db.t.applicationStages;
  return ex.select().from(s).where(eq(s.applicationTypeId, applicationTypeId)).orderBy(asc(s.position));
}

/** A stage of a live type; NOT_FOUND otherwise. */
export interface ApplicationStageGetLiveArgs extends TargetArgs {
  ex?: Executor;
}

export async function applicationStageGetLive({
  db,
  id,
  ex = db.orm,
}: ApplicationStageGetLiveArgs): Promise<ApplicationStageModel> {
  const { applicationStages: s, applicationTypes: t } = db.t;
  const rows = await ex
    .select({ stage: s })
    .from(s)
    .innerJoin(t, eq(t.id, s.applicationTypeId))
    .where(and(eq(s.id, parseId(id)), isNull(t.deletedAt)));
  return oneOr404(rows, 'Application stage').stage;
}

/** The final stage of a type is its last in position order. */
export interface ApplicationStageIsFinalArgs {
  stage: Pick<ApplicationStageModel, 'id'>;
  /** Every stage of the stage's type, in position order. */
  stagesOfType: readonly Pick<ApplicationStageModel, 'id'>[];
}

export function applicationStageIsFinal({ stage, stagesOfType }: ApplicationStageIsFinalArgs): boolean {
  return stagesOfType.at(-1)?.id === stage.id;
}
