// Reads of institute entry requirements: the live ones of each institute, by type and title.
import { asc } from 'drizzle-orm';
import { institutePartRows } from './institute.js';

export const instituteRequirementRows = institutePartRows(
  (t) => t.instituteRequirements,
  'Institute requirement',
  (r) => [asc(r.requirementType), asc(r.title), asc(r.id)],
);

export const { listByParentIds: instituteRequirementListByInstituteIds } = instituteRequirementRows;
