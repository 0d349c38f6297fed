// The writes calendar events and reminders share once loaded and checked: insert stamped with its
// author, change by id, delete by id, each in its own transaction.
import { eq } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { TenantViewer } from '../../../auth/viewer.js';
import { insertOne, updateExisting, type TableWithId } from '../../../db/rows.js';
import { inTransaction, type TenantDb } from '../../../db/tenant-db.js';
import { created } from '../../shared-writes.js';

/** A table of entries that record who created and last changed them. */
export type EntryTable = TableWithId & { createdById: AnyPgColumn; updatedById: AnyPgColumn };

type Row<T extends EntryTable> = T['$inferSelect'];
type Patch<T extends EntryTable> = Partial<T['$inferInsert']>;

export interface EntryInsertArgs<T extends EntryTable> {
  db: TenantDb;
  viewer: TenantViewer;
  table: T;
  values: Omit<T['$inferInsert'], 'createdById' | 'updatedById'>;
}

/** Inserts an entry the viewer writes (as its creator and last editor) and gives it back. */
export function entryInsert<T extends EntryTable>({ db, viewer, table, values }: EntryInsertArgs<T>): Promise<Row<T>> {
  const row = { ...values, ...created(viewer) } as T['$inferInsert'];
  return inTransaction(db.orm, (tx) => insertOne(tx, table, row));
}

export interface EntryUpdateArgs<T extends EntryTable> {
  db: TenantDb;
  table: T;
  id: string;
  set: Patch<T>;
  /** What NOT_FOUND names when the entry went meanwhile. */
  what: string;
}

/** Changes a loaded entry; NOT_FOUND naming `what` when it went meanwhile. */
export function entryUpdate<T extends EntryTable>({ db, table, id, set, what }: EntryUpdateArgs<T>): Promise<Row<T>> {
  return inTransaction(db.orm, (tx) => updateExisting(tx, table, id, set, what));
}

export interface EntryDeleteArgs {
  db: TenantDb;
  table: EntryTable;
  id: string;
}

/** Deletes a loaded entry (true, as the mutation answers). */
export async function entryDelete({ db, table, id }: EntryDeleteArgs): Promise<boolean> {
  await inTransaction(db.orm, (tx) => tx.delete(table).where(eq(table.id, id)));
  return true;
}
