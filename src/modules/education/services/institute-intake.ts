// Writes of institute intakes (BRANCH_ADMIN and above), on live rows of a live institute.
import { instituteIntakeRows } from '../selectors/institute-intake.js';
import { createInstituteIntakeInput, updateInstituteIntakeInput } from '../validation.js';
import { institutePartWrites } from './institute.js';

export const {
  create: instituteIntakeCreate,
  update: instituteIntakeUpdate,
  delete: instituteIntakeDelete,
} = institutePartWrites(instituteIntakeRows, { create: createInstituteIntakeInput, update: updateInstituteIntakeInput });
