// The rows behind the org module's types (codegen maps `X` to `XModel`).
import type { Connection } from '../../db/paging.js';
import type { TenantTables } from '../../db/tables/tenant.js';

export type RegionModel = TenantTables['regions']['$inferSelect'];
export type RegionConnectionModel = Connection<RegionModel>;
export type BranchModel = TenantTables['branches']['$inferSelect'];
export type BranchConnectionModel = Connection<BranchModel>;
