// Writes of application types (BRANCH_ADMIN and above): soft delete, refused while live college
// applications use the type, and restore.
import { and, count, eq, isNull } from 'drizzle-orm';
import { conflict } from '../../../errors.js';
import { entityWrites } from '../crud.js';
import { applicationTypeRows } from '../selectors/application-type.js';
import { createApplicationTypeInput, updateApplicationTypeInput } from '../validation.js';

export const {
  create: applicationTypeCreate,
  update: applicationTypeUpdate,
  delete: applicationTypeDelete,
  restore: applicationTypeRestore,
} = entityWrites(applicationTypeRows, {
  validation: { create: createApplicationTypeInput, update: updateApplicationTypeInput },
  deleteGuard: async (ex, { db }, type) => {
    const a = db.t.collegeApplications;
    const [used] = await ex
      .select({ n: count() })
      .from(a)
      .where(and(eq(a.applicationTypeId, type.id), isNull(a.deletedAt)));
    if (used!.n > 0) {
      throw conflict(`Application type "${type.title}" is used by ${used!.n} live college application(s); it cannot be deleted`);
    }
  },
});
