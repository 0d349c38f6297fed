// Institutes: reads (tenant-wide master data, deleted rows only for those who may restore them)
// and writes (BRANCH_ADMIN and above), plus the batch reads behind the institute loaders.
import { and, eq, ilike, inArray, isNull, or } from 'drizzle-orm';
import { assertCan, can } from '../../access/can.js';
import { containsPattern, type Connection, keysetList } from '../../db/paging.js';
import { insertOne, updateExisting } from '../../db/rows.js';
import { forbidden } from '../../errors.js';
import { parseInput } from '../shared-validation.js';
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
import type { InstituteModel } from './models.js';
import { createInstituteInput, instituteFilterInput, updateInstituteInput } from './validation.js';

export async function instituteList({
  db,
  viewer,
  first,
  after,
  filter,
}: EduListArgs & { filter?: unknown }): Promise<Connection<InstituteModel>> {
  const f = parseInput(instituteFilterInput, filter ?? {}, 'filter');
  if (f.includeDeleted && !can(viewer, 'institute:delete'))
    throw forbidden('Only those who may delete institutes see deleted ones');
  const i = db.t.institutes;
  const where = and(
    f.includeDeleted ? undefined : isNull(i.deletedAt),
    f.search ? or(ilike(i.name, containsPattern(f.search)), ilike(i.shortName, containsPattern(f.search))) : undefined,
  );
  return keysetList({ orm: db.orm, table: i, where, order: [i.name, i.id], first, after });
}

/** One institute; deleted ones only with `includeDeleted` (by default: for those who may restore them). */
export async function instituteGetById({
  db,
  viewer,
  id,
  includeDeleted = can(viewer, 'institute:delete'),
  path = 'id',
}: EduTargetArgs & { includeDeleted?: boolean; path?: string }): Promise<InstituteModel> {
  const i = db.t.institutes;
  const rows = await db.orm
    .select()
    .from(i)
    .where(and(eq(i.id, parseId(id, path)), includeDeleted ? undefined : isNull(i.deletedAt)));
  return oneOr404(rows, 'Institute');
}

/** Institutes by id, deleted ones included: an application keeps showing the institute it named. */
export async function instituteListByIds({ db, ids }: EduIdsArgs): Promise<InstituteModel[]> {
  if (!ids.length) return [];
  return db.orm
    .select()
    .from(db.t.institutes)
    .where(inArray(db.t.institutes.id, [...ids]));
}

export async function instituteCreate({ db, viewer, input }: EduWriteArgs): Promise<InstituteModel> {
  assertCan(viewer, 'institute:write');
  const values = parseInput(createInstituteInput, input);
  return insertOne(db.orm, db.t.institutes, { ...values, ...created(viewer) });
}

export async function instituteUpdate({ db, viewer, id, input }: EduTargetArgs & EduWriteArgs): Promise<InstituteModel> {
  const institute = await instituteGetById({ db, viewer, id, includeDeleted: false });
  assertCan(viewer, 'institute:write');
  const patch = parseInput(updateInstituteInput, input);
  if (isEmptyPatch(patch)) return institute;
  return updateExisting(db.orm, db.t.institutes, institute.id, { ...patch, ...updated(viewer) }, 'Institute');
}

/** Soft delete: parts, courses and applications stay, so a restore brings the institute back whole. */
export async function instituteDelete({ db, viewer, id }: EduTargetArgs): Promise<InstituteModel> {
  const institute = await instituteGetById({ db, viewer, id, includeDeleted: false });
  assertCan(viewer, 'institute:delete');
  return setInstituteDeleted({ db, viewer }, institute.id, new Date());
}

/** The original looked the row up among live rows only and so never found one to restore. */
export async function instituteRestore({ db, viewer, id }: EduTargetArgs): Promise<InstituteModel> {
  const institute = await instituteGetById({ db, viewer, id, includeDeleted: true });
  assertCan(viewer, 'institute:delete');
  if (!institute.deletedAt) return institute;
  return setInstituteDeleted({ db, viewer }, institute.id, null);
}

async function setInstituteDeleted({ db, viewer }: EduArgs, id: string, deletedAt: Date | null): Promise<InstituteModel> {
  return updateExisting(db.orm, db.t.institutes, id, { deletedAt, ...updated(viewer) }, 'Institute');
}
