// The course catalogue: course levels, broad and narrow fields of education, and courses. Reads
// for every role, writes for BRANCH_ADMIN and above; a course's narrow field must belong to its
// broad field, and a level or field in use by a live course cannot be deleted.
//
// Those rules hold under concurrent writes too: a write that makes something refer to a level or
// field reads it FOR SHARE inside its transaction, and a delete (or a narrow field's move) locks
// the row FOR UPDATE before it counts what refers to it, so one of the two waits for the other.
import { and, asc, count, eq, exists, ilike, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { assertCan } from '../../access/can.js';
import { containsPattern, type Connection, keysetList } from '../../db/paging.js';
import { insertOne, updateExisting, guardUnique, liveById } from '../../db/rows.js';
import type { TenantTables } from '../../db/tables/tenant.js';
import type { Executor } from '../../db/database.js';
import { faultPoint } from '../../db/fault-points.js';
import { inTransaction, type TenantDb } from '../../db/tenant-db.js';
import { badInput, conflict } from '../../errors.js';
import { groupBy } from '../../graphql/loader-kit.js';
import { parseInput } from '../shared-validation.js';
import {
  created,
  isEmptyPatch,
  inputRef,
  oneOr404,
  parseId,
  updated,
  type EduIdsArgs,
  type EduListArgs,
  type EduTargetArgs,
  type EduWriteArgs,
} from './common.js';
import { instituteGetById } from './institutes.js';
import type { BroadFieldModel, CourseLevelModel, CourseModel, NarrowFieldModel } from './models.js';
import {
  courseFilterInput,
  createCourseInput,
  createNamedInput,
  createNarrowFieldInput,
  listSearch,
  narrowFieldFilterInput,
  updateCourseInput,
  updateNamedInput,
  updateNarrowFieldInput,
} from './validation.js';

// Course levels and broad fields share one shape (a live-unique name), so one set of functions
// serves both; the table is picked by kind.

type NamedKind = 'level' | 'broadField';
type NamedTable = TenantTables['courseLevels'];
const NAMED = {
  level: { label: 'Course level', table: (db: TenantDb) => db.t.courseLevels, courseColumn: 'levelId' },
  broadField: {
    label: 'Broad field',
    // Same columns and indexes as course_levels; only the table name differs.
    table: (db: TenantDb) => db.t.broadFields as unknown as NamedTable,
    courseColumn: 'broadFieldId',
  },
} as const;

export async function namedList({
  db,
  kind,
  first,
  after,
  search,
}: EduListArgs & { kind: NamedKind; search?: unknown }): Promise<Connection<CourseLevelModel | BroadFieldModel>> {
  const t = NAMED[kind].table(db);
  const s = parseInput(listSearch, search, 'search');
  const where = and(isNull(t.deletedAt), s ? ilike(t.name, containsPattern(s)) : undefined);
  return keysetList({ orm: db.orm, table: t, where, order: [t.name, t.id], first, after });
}

/** Levels or broad fields by id, deleted ones included: a course keeps showing what it named. */
export async function namedListByIds({ db, kind, ids }: EduIdsArgs & { kind: NamedKind }): Promise<CourseLevelModel[]> {
  if (!ids.length) return [];
  const t = NAMED[kind].table(db);
  return db.orm
    .select()
    .from(t)
    .where(inArray(t.id, [...ids]));
}

async function liveNamed(db: TenantDb, kind: NamedKind, id: string): Promise<CourseLevelModel> {
  const t = NAMED[kind].table(db);
  return liveById(db.orm, t, parseId(id), NAMED[kind].label);
}

const nameClash = (kind: NamedKind) => `A live ${NAMED[kind].label.toLowerCase()} has this name`;

export async function namedCreate({ db, viewer, input, kind }: EduWriteArgs & { kind: NamedKind }): Promise<CourseLevelModel> {
  assertCan(viewer, 'courseCatalogue:write');
  const values = parseInput(createNamedInput, input);
  const t = NAMED[kind].table(db);
  return guardUnique(
    async () => {
      return insertOne(db.orm, t, { ...values, ...created(viewer) });
    },
    { message: nameClash(kind), path: 'input.name' },
  );
}

export async function namedUpdate({
  db,
  viewer,
  id,
  input,
  kind,
}: EduTargetArgs & EduWriteArgs & { kind: NamedKind }): Promise<CourseLevelModel> {
  const current = await liveNamed(db, kind, id);
  assertCan(viewer, 'courseCatalogue:write');
  const patch = parseInput(updateNamedInput, input);
  if (isEmptyPatch(patch)) return current;
  const t = NAMED[kind].table(db);
  return guardUnique(
    async () => {
      return updateExisting(db.orm, t, current.id, { ...patch, ...updated(viewer) }, NAMED[kind].label);
    },
    { message: nameClash(kind), path: 'input.name' },
  );
}

export async function namedDelete({ db, viewer, id, kind }: EduTargetArgs & { kind: NamedKind }): Promise<CourseLevelModel> {
  const current = await liveNamed(db, kind, id);
  assertCan(viewer, 'courseCatalogue:write');
  const t = NAMED[kind].table(db);
  return inTransaction(db.orm, async (tx) => {
    await tx.select({ id: t.id }).from(t).where(eq(t.id, current.id)).for('update');
    const used = await liveCourseCount(tx, db, NAMED[kind].courseColumn, current.id);
    if (used > 0) throw conflict(`${NAMED[kind].label} "${current.name}" is used by ${used} live course(s)`);
    if (kind === 'broadField') {
      const nf = db.t.narrowFields;
      const [narrow] = await tx
        .select({ n: count() })
        .from(nf)
        .where(and(eq(nf.broadFieldId, current.id), isNull(nf.deletedAt)));
      if (narrow!.n > 0) throw conflict(`Broad field "${current.name}" still has ${narrow!.n} live narrow field(s)`);
    }
    const [row] = await tx
      .update(t)
      .set({ deletedAt: new Date(), ...updated(viewer) })
      .where(and(eq(t.id, current.id), isNull(t.deletedAt)))
      .returning();
    return row ?? current;
  });
}

// Narrow fields.

export async function narrowFieldList({
  db,
  first,
  after,
  filter,
}: EduListArgs & { filter?: unknown }): Promise<Connection<NarrowFieldModel>> {
  const f = parseInput(narrowFieldFilterInput, filter ?? {}, 'filter');
  const t = db.t.narrowFields;
  const where = and(
    isNull(t.deletedAt),
    f.broadFieldId ? eq(t.broadFieldId, f.broadFieldId) : undefined,
    f.search ? ilike(t.name, containsPattern(f.search)) : undefined,
  );
  return keysetList({ orm: db.orm, table: t, where, order: [t.name, t.id], first, after });
}

export async function narrowFieldListByIds({ db, ids }: EduIdsArgs): Promise<NarrowFieldModel[]> {
  if (!ids.length) return [];
  const t = db.t.narrowFields;
  return db.orm
    .select()
    .from(t)
    .where(inArray(t.id, [...ids]));
}

/** The live narrow fields of each broad field, for BroadField.narrowFields. */
export async function narrowFieldsByBroadFieldIds({ db, ids }: EduIdsArgs): Promise<Map<string, NarrowFieldModel[]>> {
  const t = db.t.narrowFields;
  const rows = await db.orm
    .select()
    .from(t)
    .where(and(inArray(t.broadFieldId, [...ids]), isNull(t.deletedAt)))
    .orderBy(asc(t.name), asc(t.id));
  return groupBy(
    rows,
    (r) => r.broadFieldId,
    (r) => r,
  );
}

async function liveNarrowField(db: TenantDb, id: string): Promise<NarrowFieldModel> {
  const t = db.t.narrowFields;
  return liveById(db.orm, t, parseId(id), 'Narrow field');
}

const narrowClash = 'A live narrow field of this broad field has this name';

export async function narrowFieldCreate({ db, viewer, input }: EduWriteArgs): Promise<NarrowFieldModel> {
  assertCan(viewer, 'courseCatalogue:write');
  const values = parseInput(createNarrowFieldInput, input);
  return guardUnique(
    () =>
      inTransaction(db.orm, async (tx) => {
        await liveReference(tx, db, 'broadField', values.broadFieldId, 'input.broadFieldId');
        return insertOne(tx, db.t.narrowFields, { ...values, ...created(viewer) });
      }),
    { message: narrowClash, path: 'input.name' },
  );
}

export async function narrowFieldUpdate({ db, viewer, id, input }: EduTargetArgs & EduWriteArgs): Promise<NarrowFieldModel> {
  const field = await liveNarrowField(db, id);
  assertCan(viewer, 'courseCatalogue:write');
  const patch = parseInput(updateNarrowFieldInput, input);
  if (isEmptyPatch(patch)) return field;
  const nf = db.t.narrowFields;
  return guardUnique(
    () =>
      inTransaction(db.orm, async (tx) => {
        if (patch.broadFieldId && patch.broadFieldId !== field.broadFieldId) {
          await tx.select({ id: nf.id }).from(nf).where(eq(nf.id, field.id)).for('update');
          await liveReference(tx, db, 'broadField', patch.broadFieldId, 'input.broadFieldId');
          // Moving the field would leave its courses with a narrow field of another broad field.
          if ((await liveCourseCount(tx, db, 'narrowFieldId', field.id)) > 0) {
            throw conflict(`Narrow field "${field.name}" is used by live courses; it cannot move to another broad field`);
          }
        }
        return updateExisting(tx, nf, field.id, { ...patch, ...updated(viewer) }, 'Narrow field');
      }),
    { message: narrowClash, path: 'input.name' },
  );
}

export async function narrowFieldDelete({ db, viewer, id }: EduTargetArgs): Promise<NarrowFieldModel> {
  const field = await liveNarrowField(db, id);
  assertCan(viewer, 'courseCatalogue:write');
  const nf = db.t.narrowFields;
  return inTransaction(db.orm, async (tx) => {
    await tx.select({ id: nf.id }).from(nf).where(eq(nf.id, field.id)).for('update');
    const used = await liveCourseCount(tx, db, 'narrowFieldId', field.id);
    if (used > 0) throw conflict(`Narrow field "${field.name}" is used by ${used} live course(s)`);
    const [row] = await tx
      .update(nf)
      .set({ deletedAt: new Date(), ...updated(viewer) })
      .where(and(eq(nf.id, field.id), isNull(nf.deletedAt)))
      .returning();
    return row ?? field;
  });
}

async function liveCourseCount(
  ex: Executor,
  db: TenantDb,
  column: 'levelId' | 'broadFieldId' | 'narrowFieldId',
  id: string,
): Promise<number> {
  const c = db.t.courses;
  const [row] = await ex
    .select({ n: count() })
    .from(c)
    .where(and(eq(c[column], id), isNull(c.deletedAt)));
  return row!.n;
}

/**
 * A referenced level or field must be live; otherwise the input is wrong at `path`. Read FOR SHARE
 * inside the write's transaction, so it stays live until the write commits.
 */
async function liveReference(tx: Executor, db: TenantDb, kind: NamedKind | 'narrowField', id: string, path: string) {
  const t = kind === 'narrowField' ? db.t.narrowFields : NAMED[kind].table(db);
  const [row] = await tx
    .select({ id: t.id })
    .from(t)
    .where(and(eq(t.id, id), isNull(t.deletedAt)))
    .for('share');
  if (!row)
    throw badInput([
      { path, message: 'is not a live ' + (kind === 'narrowField' ? 'narrow field' : NAMED[kind].label.toLowerCase()) },
    ]);
}

// Courses.

/** A course of a deleted institute goes with it (soft delete does not cascade in the rows). */
function instituteLive(db: TenantDb, instituteId: AnyPgColumn): SQL {
  const i = db.t.institutes;
  return exists(
    db.orm
      .select({ one: sql`1` })
      .from(i)
      .where(and(sql`${i.id} = ${instituteId}`, isNull(i.deletedAt))),
  );
}

export async function courseList({
  db,
  first,
  after,
  filter,
}: EduListArgs & { filter?: unknown }): Promise<Connection<CourseModel>> {
  const f = parseInput(courseFilterInput, filter ?? {}, 'filter');
  const c = db.t.courses;
  const where = and(
    isNull(c.deletedAt),
    instituteLive(db, c.instituteId),
    f.instituteId ? eq(c.instituteId, f.instituteId) : undefined,
    f.levelId ? eq(c.levelId, f.levelId) : undefined,
    f.broadFieldId ? eq(c.broadFieldId, f.broadFieldId) : undefined,
    f.narrowFieldId ? eq(c.narrowFieldId, f.narrowFieldId) : undefined,
    f.search ? ilike(c.name, containsPattern(f.search)) : undefined,
  );
  return keysetList({ orm: db.orm, table: c, where, order: [c.name, c.id], first, after });
}

export async function courseGetById({ db, id }: EduTargetArgs): Promise<CourseModel> {
  const c = db.t.courses;
  return oneOr404(
    await db.orm
      .select()
      .from(c)
      .where(and(eq(c.id, parseId(id)), isNull(c.deletedAt), instituteLive(db, c.instituteId))),
    'Course',
  );
}

/** Courses by id, deleted ones included: an application keeps showing the course it named. */
export async function courseListByIds({ db, ids }: EduIdsArgs): Promise<CourseModel[]> {
  if (!ids.length) return [];
  return db.orm
    .select()
    .from(db.t.courses)
    .where(inArray(db.t.courses.id, [...ids]));
}

/** The live courses of each institute, for Institute.courses. */
export async function coursesByInstituteIds({ db, ids }: EduIdsArgs): Promise<Map<string, CourseModel[]>> {
  const c = db.t.courses;
  const rows = await db.orm
    .select()
    .from(c)
    .where(and(inArray(c.instituteId, [...ids]), isNull(c.deletedAt)))
    .orderBy(asc(c.name), asc(c.id));
  return groupBy(
    rows,
    (r) => r.instituteId,
    (r) => r,
  );
}

/** The original never checked that the narrow field is one of the broad field's. */
async function assertFieldsMatch(tx: Executor, db: TenantDb, broadFieldId: string, narrowFieldId: string): Promise<void> {
  const nf = db.t.narrowFields;
  const [row] = await tx
    .select({ id: nf.id })
    .from(nf)
    .where(and(eq(nf.id, narrowFieldId), eq(nf.broadFieldId, broadFieldId)))
    .for('share');
  if (!row) throw badInput([{ path: 'input.narrowFieldId', message: 'must be a narrow field of the chosen broad field' }]);
}

export async function courseCreate({ db, viewer, input }: EduWriteArgs): Promise<CourseModel> {
  assertCan(viewer, 'courseCatalogue:write');
  const values = parseInput(createCourseInput, input);
  await inputRef('input.instituteId', 'institute', () =>
    instituteGetById({ db, viewer, id: values.instituteId, includeDeleted: false, path: 'input.instituteId' }),
  );
  return inTransaction(db.orm, async (tx) => {
    await liveReference(tx, db, 'level', values.levelId, 'input.levelId');
    await liveReference(tx, db, 'broadField', values.broadFieldId, 'input.broadFieldId');
    await liveReference(tx, db, 'narrowField', values.narrowFieldId, 'input.narrowFieldId');
    await assertFieldsMatch(tx, db, values.broadFieldId, values.narrowFieldId);
    await faultPoint('course.create.checked');
    return insertOne(tx, db.t.courses, { ...values, ...created(viewer) });
  });
}

export async function courseUpdate({ db, viewer, id, input }: EduTargetArgs & EduWriteArgs): Promise<CourseModel> {
  const course = await courseGetById({ db, viewer, id });
  assertCan(viewer, 'courseCatalogue:write');
  const patch = parseInput(updateCourseInput, input);
  if (isEmptyPatch(patch)) return course;
  return inTransaction(db.orm, async (tx) => {
    if (patch.levelId && patch.levelId !== course.levelId) {
      await liveReference(tx, db, 'level', patch.levelId, 'input.levelId');
    }
    if (patch.broadFieldId && patch.broadFieldId !== course.broadFieldId) {
      await liveReference(tx, db, 'broadField', patch.broadFieldId, 'input.broadFieldId');
    }
    if (patch.narrowFieldId && patch.narrowFieldId !== course.narrowFieldId) {
      await liveReference(tx, db, 'narrowField', patch.narrowFieldId, 'input.narrowFieldId');
    }
    if (patch.broadFieldId || patch.narrowFieldId) {
      const broad = patch.broadFieldId ?? course.broadFieldId;
      await assertFieldsMatch(tx, db, broad, patch.narrowFieldId ?? course.narrowFieldId);
    }
    return updateExisting(tx, db.t.courses, course.id, { ...patch, ...updated(viewer) }, 'Course');
  });
}

/** Soft delete; applications naming the course keep showing it. */
export async function courseDelete({ db, viewer, id }: EduTargetArgs): Promise<CourseModel> {
  const course = await courseGetById({ db, viewer, id });
  assertCan(viewer, 'courseCatalogue:write');
  return updateExisting(db.orm, db.t.courses, course.id, { deletedAt: new Date(), ...updated(viewer) }, 'Course');
}
