// Reads of courses: tenant-wide master data every role may read; a course of a deleted institute
// goes with it (soft delete does not cascade in the rows).
import { and, asc, eq, exists, isNull, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Executor } from '../../../db/database.js';
import { liveCount } from '../../../db/live-counts.js';
import type { TenantTables } from '../../../db/tables/tenant.js';
import type { TenantDb } from '../../../db/tenant-db.js';
import { parseInput } from '../../shared-validation.js';
import { contains, entityReads, type EntityReadSpec, type EntityTable, type PageArgs, type TargetArgs } from './crud.js';
import { courseFilterInput, listSearch } from '../validation.js';

function instituteLive(db: TenantDb, instituteId: AnyPgColumn): SQL {
  const i = db.t.institutes;
  return exists(
    db.orm
      .select({ one: sql`1` })
      .from(i)
      .where(and(sql`${i.id} = ${instituteId}`, isNull(i.deletedAt))),
  );
}

/** Every role reads the course catalogue; BRANCH_ADMIN and above write it. */
const CATALOGUE_ACTIONS = { write: 'courseCatalogue:write', delete: 'courseCatalogue:write' } as const;

export type CatalogueListByNameArgs = PageArgs & { search?: unknown };

/** The reads of a catalogue entity (a course, or a level or field courses name): by name. */
export function catalogueRows<T extends EntityTable & { name: AnyPgColumn }>(
  table: (t: TenantTables) => T,
  label: string,
  more: Pick<EntityReadSpec<T>, 'alsoLive' | 'children'> = {},
) {
  const rows = entityReads({ table, label, actions: CATALOGUE_ACTIONS, order: (r) => [r.name, r.id], ...more });
  return {
    ...rows,
    /** A page of the live rows whose name contains `search`. */
    listByName: ({ search, ...page }: CatalogueListByNameArgs) =>
      rows.list({ ...page, where: (r) => contains(r.name, parseInput(listSearch, search, 'search')) }),
  };
}

export const courseRows = catalogueRows((t) => t.courses, 'Course', {
  alsoLive: (db, c) => instituteLive(db, c.instituteId),
  children: { parent: (c) => c.instituteId, key: (c) => c.instituteId, order: (c) => [asc(c.name), asc(c.id)] },
});

export const courseList = courseRows.listBy(courseFilterInput, (c, f) =>
  and(
    f.instituteId ? eq(c.instituteId, f.instituteId) : undefined,
    f.levelId ? eq(c.levelId, f.levelId) : undefined,
    f.broadFieldId ? eq(c.broadFieldId, f.broadFieldId) : undefined,
    f.narrowFieldId ? eq(c.narrowFieldId, f.narrowFieldId) : undefined,
    contains(c.name, f.search),
  ),
);

/**
 * One live course of a live institute (NOT_FOUND otherwise); courses by id, deleted ones included
 * (an application keeps showing the course it named); and the live courses of each institute.
 */
export const { live: courseGetById, listByIds: courseListByIds, listByParentIds: courseListByInstituteIds } = courseRows;

/** How many live courses name a level or field, counted inside the write that needs it. */
export interface CourseLiveCountArgs extends TargetArgs {
  ex: Executor;
  by: 'levelId' | 'broadFieldId' | 'narrowFieldId';
}

export async function courseLiveCount({ db, ex, by, id }: CourseLiveCountArgs): Promise<number> {
  return liveCount(ex, db.t.courses, db.t.courses[by], id);
}
