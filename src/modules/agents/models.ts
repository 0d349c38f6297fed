// The rows behind the agents module's GraphQL types (codegen maps `X` to `XModel`).
import type { Connection } from '../../db/paging.js';
import type { TenantTables } from '../../db/tables/tenant.js';

export type AgentModel = TenantTables['agents']['$inferSelect'];
export type AgentConnectionModel = Connection<AgentModel>;
