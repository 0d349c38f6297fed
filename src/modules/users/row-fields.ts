// The columns each field resolver of User reads (src/db/row-columns.ts); never the hash.
import { tenantTables } from '../../db/tables/tenant.js';
import type { RowFields } from '../../db/row-columns.js';

export const USER_ROW = {
  typeName: 'User',
  table: tenantTables.users,
  always: ['id'],
  computed: { fullName: ['firstName', 'lastName'], branches: [], regions: [] },
  hidden: ['passwordHash'],
} satisfies RowFields<typeof tenantTables.users>;
