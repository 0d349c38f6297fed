// The rows behind the users module's types (codegen maps `X` to `XModel`).
import type { Connection } from '../../db/paging.js';
import type { TenantTables } from '../../db/tables/tenant.js';

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
