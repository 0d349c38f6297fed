// Reads of broad fields of education: tenant-wide master data every role may read, by name; by id,
// deleted ones included (a course or narrow field keeps showing the one it named).
import { catalogueRows } from './course.js';

export const broadFieldRows = catalogueRows((t) => t.broadFields, 'Broad field');

export const { listByName: broadFieldList, listByIds: broadFieldListByIds } = broadFieldRows;
