// Reads of course levels: tenant-wide master data every role may read, by name; by id, deleted ones
// included (a course keeps showing the level it named).
import { catalogueRows } from './course.js';

export const courseLevelRows = catalogueRows((t) => t.courseLevels, 'Course level');

export const { listByName: courseLevelList, listByIds: courseLevelListByIds } = courseLevelRows;
