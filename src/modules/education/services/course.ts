// Writes of courses (BRANCH_ADMIN and above): a course belongs to a live institute and names a live
// level, broad field and narrow field, the narrow field one of the broad field's (the original
// never checked that). The level and fields are read FOR SHARE inside the write's transaction, so a
// delete of one (which locks it FOR UPDATE before it counts its courses) waits for the write.
import { and, eq } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { z } from 'zod';
import type { Executor } from '../../../db/database.js';
import { faultPoint } from '../../../db/fault-points.js';
import type { TenantArgs } from '../../../db/tenant-db.js';
import { badInput, conflict } from '../../../errors.js';
import type { EntityReads, EntityTable } from '../selectors/crud.js';
import { entityWrites, type EntityWriteSpec } from './crud.js';
import { broadFieldRows } from '../selectors/broad-field.js';
import { courseLevelRows } from '../selectors/course-level.js';
import { courseLiveCount, courseRows, type CourseLiveCountArgs } from '../selectors/course.js';
import { instituteReference } from '../selectors/institute.js';
import { narrowFieldRows } from '../selectors/narrow-field.js';
import { createCourseInput, createNamedInput, updateCourseInput, updateNamedInput } from '../validation.js';

type Refs = { levelId?: string; broadFieldId?: string; narrowFieldId?: string };

/** The level and fields `refs` names must be live; held FOR SHARE until the write commits. */
async function liveRefs(ex: Executor, args: TenantArgs, refs: Refs): Promise<void> {
  const at = (path: keyof Refs) => ({ ...args, ex, share: true, id: refs[path]!, path: `input.${path}` });
  if (refs.levelId) await courseLevelRows.reference(at('levelId'));
  if (refs.broadFieldId) await broadFieldRows.reference(at('broadFieldId'));
  if (refs.narrowFieldId) await narrowFieldRows.reference(at('narrowFieldId'));
}

async function assertFieldsMatch(ex: Executor, { db }: TenantArgs, broadFieldId: string, narrowFieldId: string): Promise<void> {
  const nf = db.t.narrowFields;
  const [row] = await ex
    .select({ id: nf.id })
    .from(nf)
    .where(and(eq(nf.id, narrowFieldId), eq(nf.broadFieldId, broadFieldId)))
    .for('share');
  if (!row) throw badInput([{ path: 'input.narrowFieldId', message: 'must be a narrow field of the chosen broad field' }]);
}

/** What names a level or field among a course's columns. */
type CourseColumn = CourseLiveCountArgs['by'];

/**
 * The writes of a catalogue entity, whose rows cannot be deleted while live courses name them
 * (`usedBy`): the delete locks the row before it counts them, and a course write holds it FOR
 * SHARE, so one waits for the other.
 */
export function catalogueWrites<T extends EntityTable & { name: AnyPgColumn }, C extends z.ZodType, U extends z.ZodType>(
  rows: EntityReads<T>,
  { usedBy, deleteGuard, ...spec }: EntityWriteSpec<T, C, U> & { usedBy: CourseColumn },
) {
  return entityWrites(rows, {
    ...spec,
    deleteGuard: async (ex, args, row) => {
      const used = await courseLiveCount({ ...args, ex, by: usedBy, id: row.id });
      if (used > 0) throw conflict(`${rows.spec.label} "${row.name as string}" is used by ${used} live course(s)`);
      await deleteGuard?.(ex, args, row);
    },
  });
}

/** The writes of a level or field with just a name, unique among the live ones. */
export function namedCatalogueWrites<T extends EntityTable & { name: AnyPgColumn }>(
  rows: EntityReads<T>,
  usedBy: CourseColumn,
  deleteGuard?: EntityWriteSpec<T, z.ZodType, z.ZodType>['deleteGuard'],
) {
  return catalogueWrites(rows, {
    validation: { create: createNamedInput, update: updateNamedInput },
    clash: { message: `A live ${rows.spec.label.toLowerCase()} has this name`, path: 'input.name' },
    usedBy,
    deleteGuard,
  });
}

const writes = entityWrites(courseRows, {
  validation: { create: createCourseInput, update: updateCourseInput },
  beforeCreate: (args, values) => instituteReference({ ...args, id: values.instituteId, path: 'input.instituteId' }),
  createInTx: async (ex, args, values) => {
    await liveRefs(ex, args, values);
    await assertFieldsMatch(ex, args, values.broadFieldId, values.narrowFieldId);
    await faultPoint('course.create.checked');
  },
  updateInTx: async (ex, args, course, patch) => {
    const changed = (key: keyof Refs) => (patch[key] && patch[key] !== course[key] ? patch[key] : undefined);
    await liveRefs(ex, args, {
      levelId: changed('levelId'),
      broadFieldId: changed('broadFieldId'),
      narrowFieldId: changed('narrowFieldId'),
    });
    if (patch.broadFieldId || patch.narrowFieldId) {
      await assertFieldsMatch(ex, args, patch.broadFieldId ?? course.broadFieldId, patch.narrowFieldId ?? course.narrowFieldId);
    }
  },
});

/** Course writes; a delete is soft, and applications naming the course keep showing it. */
export const { create: courseCreate, update: courseUpdate, delete: courseDelete } = writes;
