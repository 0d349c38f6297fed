// Writes of institute campuses (BRANCH_ADMIN and above), on live rows of a live institute.
import { instituteLocationRows } from '../selectors/institute-location.js';
import { createInstituteLocationInput, updateInstituteLocationInput } from '../validation.js';
import { institutePartWrites } from './institute.js';

export const {
  create: instituteLocationCreate,
  update: instituteLocationUpdate,
  delete: instituteLocationDelete,
} = institutePartWrites(instituteLocationRows, { create: createInstituteLocationInput, update: updateInstituteLocationInput });
