// Reads of institute campuses: the live ones of each institute by country and state; by id, deleted
// ones included (an application keeps showing the campus it named).
import { asc } from 'drizzle-orm';
import { institutePartRows } from './institute.js';

export const instituteLocationRows = institutePartRows(
  (t) => t.instituteLocations,
  'Institute location',
  (l) => [asc(l.country), asc(l.state), asc(l.id)],
);

export const { listByParentIds: instituteLocationListByInstituteIds, listByIds: instituteLocationListByIds } =
  instituteLocationRows;
