// Column groups shared by many tables (ids, timestamps, lifecycle), so every table spells them alike.
import { sql, type SQL } from 'drizzle-orm';
import { check, date, index, numeric, timestamp, uuid, varchar, type AnyPgColumn } from 'drizzle-orm/pg-core';

export const id = () => uuid('id').primaryKey().defaultRandom();
export const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
export const updatedAt = () =>
  timestamp('updated_at', { withTimezone: true })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date());
export const tsNullable = (name: string) => timestamp(name, { withTimezone: true });

/** Text that is never null: empty when not given. */
export const str = (name: string, length: number) => varchar(name, { length }).notNull().default('');
/** An amount of money, read as a string so no precision is lost on the way. */
export const money = (name: string) => numeric(name, { precision: 12, scale: 2, mode: 'string' });
/** A calendar date without a time, read as `YYYY-MM-DD`. */
export const day = (name: string) => date(name, { mode: 'string' });

/** A foreign key that must be set; `onDelete` says what deleting its target does to the row. */
export function requiredRef(name: string, target: () => AnyPgColumn, onDelete: 'cascade' | 'restrict') {
  return uuid(name).notNull().references(target, { onDelete });
}

/** A foreign key that may be empty, and is emptied when its target is deleted. */
export function optionalRef(name: string, target: () => AnyPgColumn) {
  return uuid(name).references(target, { onDelete: 'set null' });
}

/** The lifecycle (audit) columns: who created and last changed a row, and when. */
export function lifecycle(userId: () => AnyPgColumn) {
  return {
    createdById: optionalRef('created_by_id', userId),
    updatedById: optionalRef('updated_by_id', userId),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  };
}

/** Soft deletion: lists hide rows with deleted_at set; restore clears it. */
export const deletedAt = () => tsNullable('deleted_at');

/** A trigram index for `ILIKE '%text%'` (the searches), on live rows when `where` is given. */
export function trigramIndex(name: string, expression: SQL | AnyPgColumn, where?: SQL) {
  // The operator class is named with its schema: nothing here depends on the search_path.
  const built = index(name).using('gin', sql`${expression} public.gin_trgm_ops`);
  return where ? built.where(where) : built;
}

/** A CHECK constraint that keeps a text column inside an enum. */
export function enumCheck(name: string, column: AnyPgColumn, values: readonly string[]) {
  return check(name, sql`${column} in (${sql.raw(values.map((v) => `'${v}'`).join(','))})`);
}
