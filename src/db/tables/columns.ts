// Column groups shared by many tables (ids, timestamps, lifecycle), so every table spells them alike.
import { sql, type SQL } from 'drizzle-orm';
import { check, index, timestamp, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';

export const id = () => uuid('id').primaryKey().defaultRandom();
export const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
export const updatedAt = () =>
  timestamp('updated_at', { withTimezone: true })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date());
export const tsNullable = (name: string) => timestamp(name, { withTimezone: true });

/** The lifecycle (audit) columns: who created and last changed a row, and when. */
export function lifecycle(userId: () => AnyPgColumn) {
  return {
    createdById: uuid('created_by_id').references(userId, { onDelete: 'set null' }),
    updatedById: uuid('updated_by_id').references(userId, { onDelete: 'set null' }),
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
