// Reads of institutes: tenant-wide master data, deleted rows only for those who may restore them.
import { or, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { TenantTables } from '../../../db/tables/tenant.js';
import { contains, entityReads, type EntityTable } from './crud.js';
import { instituteFilterInput } from '../validation.js';

export const instituteRows = entityReads({
  table: (t) => t.institutes,
  label: 'Institute',
  actions: { write: 'institute:write', delete: 'institute:delete' },
  order: (i) => [i.name, i.id],
});

export const instituteList = instituteRows.listBy(instituteFilterInput, (i, f) =>
  or(contains(i.name, f.search), contains(i.shortName, f.search)),
);

/**
 * One institute, deleted ones only with `includeDeleted` (by default: for those who may restore
 * them); institutes by id, deleted ones included (an application keeps showing the one it named);
 * and an institute an input names, BAD_USER_INPUT at its `path` unless it is live.
 */
export const { get: instituteGetById, listByIds: instituteListByIds, reference: instituteReference } = instituteRows;

/** The reads of one kind of institute part: its live rows under each institute, in `order`. */
export function institutePartRows<T extends EntityTable & { instituteId: AnyPgColumn }>(
  table: (t: TenantTables) => T,
  label: string,
  order: (t: T) => SQL[],
) {
  return entityReads({
    table,
    label,
    actions: instituteRows.spec.actions,
    children: { parent: (p) => p.instituteId, key: (p) => p.instituteId as string, order },
  });
}
