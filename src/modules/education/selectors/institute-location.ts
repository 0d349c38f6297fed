// Reads of institute campuses: the live ones of each institute by country and state; by id, deleted
// ones included (an application keeps showing the campus it named); and a campus's one-line form.
import { asc } from 'drizzle-orm';
import type { InstituteLocationModel } from '../models.js';
import { institutePartRows } from './institute.js';

export const instituteLocationRows = institutePartRows(
  (t) => t.instituteLocations,
  'Institute location',
  (l) => [asc(l.country), asc(l.state), asc(l.id)],
);

export const { listByParentIds: instituteLocationListByInstituteIds, listByIds: instituteLocationListByIds } =
  instituteLocationRows;

export interface InstituteLocationDisplayArgs {
  location: Pick<InstituteLocationModel, 'state' | 'country'>;
}

/** How a campus is shown in one line: its state and country. */
export function instituteLocationDisplay({ location }: InstituteLocationDisplayArgs): string {
  return [location.state, location.country].filter(Boolean).join(', ');
}
