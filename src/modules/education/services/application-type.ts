// Writes of application types (BRANCH_ADMIN and above): soft delete, refused while live college
// applications use the type, and restore.
import { liveCount } from '../../../db/live-counts.js';
import { conflict } from '../../../errors.js';
import { entityWrites } from './crud.js';
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
    const used = await liveCount(ex, db.t.collegeApplications, db.t.collegeApplications.applicationTypeId, type.id);
    if (used > 0) {
      throw conflict(`Application type "${type.title}" is used by ${used} live college application(s); it cannot be deleted`);
    }
  },
});
