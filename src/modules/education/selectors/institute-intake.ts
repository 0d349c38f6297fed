// Reads of institute intakes: the live ones of each institute, latest first, and intakes by id,
// deleted ones included (an application keeps showing the intake it named).
import { asc, desc } from 'drizzle-orm';
import { institutePartRows } from './institute.js';

export const instituteIntakeRows = institutePartRows(
  (t) => t.instituteIntakes,
  'Institute intake',
  (k) => [desc(k.intakeDate), asc(k.id)],
);

export const { listByParentIds: instituteIntakeListByInstituteIds, listByIds: instituteIntakeListByIds } = instituteIntakeRows;
