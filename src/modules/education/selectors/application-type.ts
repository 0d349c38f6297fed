// Reads of application types: tenant-wide master data every role may read; deleted types only
// for those who may restore them.
import { and, eq } from 'drizzle-orm';
import { liveCountsBy } from '../../../db/live-counts.js';
import { contains, entityReads, type IdsArgs } from './crud.js';
import { applicationTypeFilterInput } from '../validation.js';

export const applicationTypeRows = entityReads({
  table: (t) => t.applicationTypes,
  label: 'Application type',
  actions: { write: 'applicationType:write', delete: 'applicationType:write' },
  order: (t) => [t.title, t.id],
});

export const applicationTypeList = applicationTypeRows.listBy(applicationTypeFilterInput, (t, f) =>
  and(f.isActive === null || f.isActive === undefined ? undefined : eq(t.isActive, f.isActive), contains(t.title, f.search)),
);

/**
 * One type, deleted ones only with `includeDeleted` (by default: for those who may restore them);
 * and types by id, deleted ones included (an application keeps showing its type).
 */
export const { get: applicationTypeGetById, listByIds: applicationTypeListByIds } = applicationTypeRows;

/** Number of live college applications per type, for ApplicationType.hasApplications. */

export type ApplicationTypeApplicationCountsArgs = IdsArgs;

export async function applicationTypeApplicationCounts({
  db,
  ids,
}: ApplicationTypeApplicationCountsArgs): Promise<Map<string, number>> {
  return liveCountsBy(db.orm, db.t.collegeApplications, db.t.collegeApplications.applicationTypeId, ids);
}
