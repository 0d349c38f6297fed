// Writes of the visa catalogue (BRANCH_ADMIN and above). Category names and codes are unique
// (checked case-insensitively here, with the unique indexes behind it); a visa type with
// applications cannot be deleted, nor can a category holding one.
import { and, eq, inArray, ne, sql, type SQL } from 'drizzle-orm';
import { assertCan } from '../../../access/can.js';
import type { TenantViewer } from '../../../auth/viewer.js';
import { guardUnique, insertOne, updateExisting, type Clash } from '../../../db/rows.js';
import { inTransaction, type TenantDb } from '../../../db/tenant-db.js';
import { badInput, conflict, foreignKeyViolation } from '../../../errors.js';
import { parseInput } from '../../shared-validation.js';
import { visaCategoryGetById, visaTypeDisplayName, visaTypeGetById } from '../selectors/visa-catalogue.js';
import type { VisaCategoryModel, VisaTypeModel } from '../models.js';
import { createVisaCategoryInput, createVisaTypeInput, updateVisaCategoryInput, updateVisaTypeInput } from '../validation.js';

export interface VisaWriteArgs {
  db: TenantDb;
  viewer: TenantViewer;
}

async function assertCategoryFree(
  db: TenantDb,
  values: { name?: string; code?: string | null },
  exceptId?: string,
): Promise<void> {
  const vc = db.t.visaCategories;
  const others = exceptId ? ne(vc.id, exceptId) : undefined;
  const check = async (column: SQL, value: string, path: string, what: string) => {
    const [hit] = await db.orm
      .select({ id: vc.id })
      .from(vc)
      .where(and(sql`lower(${column}) = lower(${value})`, others))
      .limit(1);
    if (hit) throw conflict(`A visa category with the ${what} "${value}" exists`, path);
  };
  if (values.name) await check(sql`${vc.name}`, values.name, 'input.name', 'name');
  if (values.code) await check(sql`${vc.code}`, values.code, 'input.code', 'code');
}

/** The category's name and code are each unique (case-insensitively); the index names which. */
function categoryTaken(constraint: string): Clash {
  const field = constraint.includes('code') ? 'code' : 'name';
  return { message: `A visa category with this ${field} exists`, path: `input.${field}` };
}

export type VisaCategoryCreateArgs = VisaWriteArgs & { input: unknown };

export async function visaCategoryCreate({ db, viewer, input }: VisaCategoryCreateArgs): Promise<VisaCategoryModel> {
  assertCan(viewer, 'visaCatalogue:write');
  const values = parseInput(createVisaCategoryInput, input);
  await assertCategoryFree(db, values);
  return guardUnique(() => insertOne(db.orm, db.t.visaCategories, values), categoryTaken);
}

export type VisaCategoryUpdateArgs = VisaWriteArgs & { id: string; input: unknown };

export async function visaCategoryUpdate({ db, viewer, id, input }: VisaCategoryUpdateArgs): Promise<VisaCategoryModel> {
  const category = await visaCategoryGetById({ db, viewer, id });
  assertCan(viewer, 'visaCatalogue:write');
  const patch = parseInput(updateVisaCategoryInput, input);
  if (patch.name === undefined && patch.code === undefined && patch.description === undefined) return category;
  await assertCategoryFree(db, patch, category.id);
  return guardUnique(() => updateExisting(db.orm, db.t.visaCategories, category.id, patch, 'Visa category'), categoryTaken);
}

export type VisaCategoryDeleteArgs = VisaWriteArgs & { id: string };

/** Deletes the category and its types; clients interested in it lose the link (SET NULL). */
export async function visaCategoryDelete({ db, viewer, id }: VisaCategoryDeleteArgs): Promise<boolean> {
  const category = await visaCategoryGetById({ db, viewer, id });
  assertCan(viewer, 'visaCatalogue:write');
  const { visaCategories: vc, visaTypes: vt, visaApplications: va } = db.t;
  try {
    return await inTransaction(db.orm, async (tx) => {
      await tx.select({ id: vc.id }).from(vc).where(eq(vc.id, category.id)).for('update');
      const [used] = await tx
        .select({ id: va.id })
        .from(va)
        .where(inArray(va.visaTypeId, tx.select({ id: vt.id }).from(vt).where(eq(vt.visaCategoryId, category.id))))
        .limit(1);
      if (used) throw conflict(`Visa category "${category.name}" has visa types with applications; it cannot be deleted`);
      const res = await tx.delete(vc).where(eq(vc.id, category.id)).returning({ id: vc.id });
      return res.length === 1;
    });
  } catch (err) {
    if (foreignKeyViolation(err))
      throw conflict(`Visa category "${category.name}" has visa types with applications; it cannot be deleted`);
    throw err;
  }
}

async function assertCategoryExists(db: TenantDb, id: string, path: string): Promise<void> {
  const vc = db.t.visaCategories;
  const [row] = await db.orm.select({ id: vc.id }).from(vc).where(eq(vc.id, id));
  if (!row) throw badInput([{ path, message: 'is not a visa category' }]);
}

export type VisaTypeCreateArgs = VisaWriteArgs & { input: unknown };

export async function visaTypeCreate({ db, viewer, input }: VisaTypeCreateArgs): Promise<VisaTypeModel> {
  assertCan(viewer, 'visaCatalogue:write');
  const values = parseInput(createVisaTypeInput, input);
  await assertCategoryExists(db, values.visaCategoryId, 'input.visaCategoryId');
  return insertOne(db.orm, db.t.visaTypes, values);
}

export type VisaTypeUpdateArgs = VisaWriteArgs & { id: string; input: unknown };

export async function visaTypeUpdate({ db, viewer, id, input }: VisaTypeUpdateArgs): Promise<VisaTypeModel> {
  const type = await visaTypeGetById({ db, viewer, id });
  assertCan(viewer, 'visaCatalogue:write');
  const patch = parseInput(updateVisaTypeInput, input);
  if (patch.visaCategoryId) await assertCategoryExists(db, patch.visaCategoryId, 'input.visaCategoryId');
  if (Object.values(patch).every((v) => v === undefined)) return type;
  return updateExisting(db.orm, db.t.visaTypes, type.id, patch, 'Visa type');
}

export type VisaTypeDeleteArgs = VisaWriteArgs & { id: string };

/** Hard delete, refused while any application uses the type (also PROTECTed by the foreign key). */
export async function visaTypeDelete({ db, viewer, id }: VisaTypeDeleteArgs): Promise<boolean> {
  const type = await visaTypeGetById({ db, viewer, id });
  assertCan(viewer, 'visaCatalogue:write');
  const { visaTypes: vt, visaApplications: va } = db.t;
  const inUse = () => conflict(`Visa type "${visaTypeDisplayName(type)}" has applications; it cannot be deleted`);
  try {
    return await inTransaction(db.orm, async (tx) => {
      await tx.select({ id: vt.id }).from(vt).where(eq(vt.id, type.id)).for('update');
      const [used] = await tx.select({ id: va.id }).from(va).where(eq(va.visaTypeId, type.id)).limit(1);
      if (used) throw inUse();
      const res = await tx.delete(vt).where(eq(vt.id, type.id)).returning({ id: vt.id });
      return res.length === 1;
    });
  } catch (err) {
    if (foreignKeyViolation(err)) throw inUse();
    throw err;
  }
}
