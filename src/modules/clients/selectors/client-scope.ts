// Reading one client for another module's write: the client must be live and in the viewer's
// data scope, else NOT_FOUND (no existence oracle), exactly like reading it by id.
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { branchScope } from '../../../access/scope.js';
import type { TenantViewer } from '../../../auth/viewer.js';
import type { Executor, TenantDb } from '../../../db/tenant-db.js';
import { notFound } from '../../../errors.js';
import { parseInput, uuid } from '../../shared-validation.js';
import type { ClientModel } from '../models.js';

export interface ClientReadArgs {
  db: TenantDb;
  viewer: TenantViewer;
}

export type ClientGetVisibleArgs = ClientReadArgs & { id: unknown; path?: string; ex?: Executor };

/** The live client `id` if the viewer may see it; NOT_FOUND otherwise. `ex` lets a service read inside its transaction. */
export async function clientGetVisible({ db, viewer, id, path = 'id', ex = db.orm }: ClientGetVisibleArgs): Promise<ClientModel> {
  const clientId = parseInput(uuid, id, path);
  const c = db.t.clients;
  const [row] = await ex
    .select()
    .from(c)
    .where(and(eq(c.id, clientId), isNull(c.deletedAt), branchScope(db, viewer, c.branchId)));
  if (!row) throw notFound('Client');
  return row;
}

export type ClientListByIdsArgs = ClientReadArgs & { ids: readonly string[] };

/** Live clients by id in the viewer's scope, for the loaders of fields that point at a client. */
export async function clientListByIds({ db, viewer, ids }: ClientListByIdsArgs): Promise<ClientModel[]> {
  if (!ids.length) return [];
  const c = db.t.clients;
  return db.orm
    .select()
    .from(c)
    .where(and(inArray(c.id, [...ids]), isNull(c.deletedAt), branchScope(db, viewer, c.branchId)));
}
