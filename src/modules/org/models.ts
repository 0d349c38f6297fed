// The rows behind the org module's types (codegen maps `X` to `XModel`), and the columns each
// field resolver of Branch reads (src/db/row-columns.ts).
import type { Connection } from '../../db/paging.js';
import type { RowFields } from '../../db/row-columns.js';
import { tenantTables, type TenantTables } from '../../db/tables/tenant.js';

export type RegionModel = TenantTables['regions']['$inferSelect'];
export type RegionConnectionModel = Connection<RegionModel>;
export type BranchModel = TenantTables['branches']['$inferSelect'];
export type BranchConnectionModel = Connection<BranchModel>;

export const BRANCH_ROW = {
  typeName: 'Branch',
  table: tenantTables.branches,
  always: ['id'],
  computed: { region: ['regionId'] },
} satisfies RowFields<typeof tenantTables.branches>;
