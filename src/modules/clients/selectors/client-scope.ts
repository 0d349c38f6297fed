// Reading one client for another module's write: the client must be live and in the viewer's
// data scope, else NOT_FOUND (no existence oracle), exactly like reading it by id.
import { and, isNull, type SQL } from 'drizzle-orm';
import { branchScope } from '../../../access/scope.js';
import type { TenantViewer } from '../../../auth/viewer.js';
import { rowsWhere, rowWhere } from '../../../db/scoped-rows.js';
import type { Executor, TenantArgs, TenantDb } from '../../../db/tenant-db.js';
import { parseInput, uuid } from '../../shared-validation.js';
import type { IdsArgs } from '../../shared-args.js';
import type { ClientModel } from '../models.js';

export type ClientReadArgs = TenantArgs;

/** Live clients in the viewer's data scope. */
function visibleClients(db: TenantDb, viewer: TenantViewer): SQL {
  const c = db.t.clients;
  return and(isNull(c.deletedAt), branchScope(db, viewer, c.branchId))!;
}

export type ClientGetVisibleArgs = ClientReadArgs & { id: unknown; path?: string; ex?: Executor };

/** The live client `id` if the viewer may see it; NOT_FOUND otherwise. `ex` lets a service read inside its transaction. */
export async function clientGetVisible({ db, viewer, id, path = 'id', ex = db.orm }: ClientGetVisibleArgs): Promise<ClientModel> {
  const clientId = parseInput(uuid, id, path);
  return rowWhere(ex, db.t.clients, clientId, visibleClients(db, viewer), 'Client');
}

export type ClientListByIdsArgs = ClientReadArgs & IdsArgs;

/** Live clients by id in the viewer's scope, for the loaders of fields that point at a client. */
export async function clientListByIds({ db, viewer, ids }: ClientListByIdsArgs): Promise<ClientModel[]> {
  return rowsWhere(db.orm, db.t.clients, ids, visibleClients(db, viewer));
}
