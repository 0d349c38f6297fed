// Reads of narrow fields of education: tenant-wide master data every role may read, by name; by id,
// deleted ones included (a course keeps showing the one it named); and the live ones of each broad field.
import { and, asc, eq } from 'drizzle-orm';
import type { Connection } from '../../../db/paging.js';
import { parseInput } from '../../shared-validation.js';
import { contains, type PageArgs } from '../crud.js';
import type { NarrowFieldModel } from '../models.js';
import { narrowFieldFilterInput } from '../validation.js';
import { catalogueRows } from './course.js';

export const narrowFieldRows = catalogueRows((t) => t.narrowFields, 'Narrow field', {
  children: { parent: (n) => n.broadFieldId, key: (n) => n.broadFieldId, order: (n) => [asc(n.name), asc(n.id)] },
});

export type NarrowFieldListArgs = PageArgs & { filter?: unknown };

export async function narrowFieldList({ filter, ...page }: NarrowFieldListArgs): Promise<Connection<NarrowFieldModel>> {
  const f = parseInput(narrowFieldFilterInput, filter ?? {}, 'filter');
  return narrowFieldRows.list({
    ...page,
    where: (n) => and(f.broadFieldId ? eq(n.broadFieldId, f.broadFieldId) : undefined, contains(n.name, f.search)),
  });
}

export const { listByIds: narrowFieldListByIds, listByParentIds: narrowFieldListByBroadFieldIds } = narrowFieldRows;
