// The rows behind the client module's GraphQL types (codegen maps `X` to `XModel`).
import type { Connection } from '../../db/paging.js';
import type { TenantTables } from '../../db/tables/tenant.js';

export type ClientModel = TenantTables['clients']['$inferSelect'];
export type ClientConnectionModel = Connection<ClientModel>;
