// The columns each field resolver of Branch reads (src/db/row-columns.ts).
import { tenantTables } from '../../db/tables/tenant.js';
import type { RowFields } from '../../db/row-columns.js';

export const BRANCH_ROW = {
  typeName: 'Branch',
  table: tenantTables.branches,
  always: ['id'],
  computed: { region: ['regionId'] },
} satisfies RowFields<typeof tenantTables.branches>;
