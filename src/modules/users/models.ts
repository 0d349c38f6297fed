// The rows behind the users module's types (codegen maps `X` to `XModel`), and the columns each
// field resolver of User reads (src/db/row-columns.ts; never the hash).
import type { Connection } from '../../db/paging.js';
import type { RowFields } from '../../db/row-columns.js';
import { tenantTables, type TenantTables } from '../../db/tables/tenant.js';

export type UserModel = Omit<TenantTables['users']['$inferSelect'], 'passwordHash'>;
export type UserConnectionModel = Connection<UserModel>;

export interface RolePermissionsModel {
  role: TenantTables['users']['$inferSelect']['role'];
  actions: string[];
  defaultActions: string[];
  grantableActions: string[];
  editable: boolean;
  customized: boolean;
}

export const USER_ROW = {
  typeName: 'User',
  table: tenantTables.users,
  always: ['id'],
  computed: { fullName: ['firstName', 'lastName'], branches: [], regions: [] },
  hidden: ['passwordHash'],
} satisfies RowFields<typeof tenantTables.users>;
