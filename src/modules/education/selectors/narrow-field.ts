// Reads of narrow fields of education: tenant-wide master data every role may read, by name; by id,
// deleted ones included (a course keeps showing the one it named); and the live ones of each broad field.
import { and, asc, eq } from 'drizzle-orm';
import { contains } from './crud.js';
import { narrowFieldFilterInput } from '../validation.js';
import { catalogueRows } from './course.js';

export const narrowFieldRows = catalogueRows((t) => t.narrowFields, 'Narrow field', {
  children: { parent: (n) => n.broadFieldId, key: (n) => n.broadFieldId, order: (n) => [asc(n.name), asc(n.id)] },
});

export const narrowFieldList = narrowFieldRows.listBy(narrowFieldFilterInput, (n, f) =>
  and(f.broadFieldId ? eq(n.broadFieldId, f.broadFieldId) : undefined, contains(n.name, f.search)),
);

export const { listByIds: narrowFieldListByIds, listByParentIds: narrowFieldListByBroadFieldIds } = narrowFieldRows;
