// Writes of institute entry requirements (BRANCH_ADMIN and above), on live rows of a live institute.
import { instituteRequirementRows } from '../selectors/institute-requirement.js';
import { createInstituteRequirementInput, updateInstituteRequirementInput } from '../validation.js';
import { institutePartWrites } from './institute.js';

export const {
  create: instituteRequirementCreate,
  update: instituteRequirementUpdate,
  delete: instituteRequirementDelete,
} = institutePartWrites(instituteRequirementRows, {
  create: createInstituteRequirementInput,
  update: updateInstituteRequirementInput,
});
