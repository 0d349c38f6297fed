// Writes of institute contact persons (BRANCH_ADMIN and above), on live rows of a live institute.
import { instituteContactRows } from '../selectors/institute-contact.js';
import { createInstituteContactInput, updateInstituteContactInput } from '../validation.js';
import { institutePartWrites } from './institute.js';

export const {
  create: instituteContactCreate,
  update: instituteContactUpdate,
  delete: instituteContactDelete,
} = institutePartWrites(instituteContactRows, { create: createInstituteContactInput, update: updateInstituteContactInput });
