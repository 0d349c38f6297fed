// Writes of institutes (BRANCH_ADMIN and above). A delete is soft: parts, courses and applications
// stay, so a restore brings the institute back whole (the original could never find one to restore).
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { z } from 'zod';
import type { EntityReads, EntityTable } from '../selectors/crud.js';
import { entityWrites } from './crud.js';
import { instituteReference, instituteRows } from '../selectors/institute.js';
import { createInstituteInput, updateInstituteInput } from '../validation.js';

export const {
  create: instituteCreate,
  update: instituteUpdate,
  delete: instituteDelete,
  restore: instituteRestore,
} = entityWrites(instituteRows, { validation: { create: createInstituteInput, update: updateInstituteInput } });

/** The writes of one kind of institute part: added to a live institute, changed and deleted while live. */
export function institutePartWrites<
  T extends EntityTable & { instituteId: AnyPgColumn },
  C extends z.ZodType,
  U extends z.ZodType,
>(rows: EntityReads<T>, validation: { create: C; update: U }) {
  return entityWrites(rows, {
    validation,
    beforeCreate: ({ db, viewer }, values) =>
      instituteReference({ db, viewer, id: (values as { instituteId: string }).instituteId, path: 'input.instituteId' }),
  });
}
