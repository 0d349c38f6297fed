// The objects resolvers return for each GraphQL type (codegen mappers point here).
import type { Connection } from '../db/paging.js';
import type { TenantTables } from '../db/tables/tenant.js';
import type { TenantRecord } from '../tenancy/registry.js';

export type TenantModel = TenantRecord;
export type TenantInfoModel = TenantRecord;
export type TenantConnectionModel = Connection<TenantRecord>;
export type RegionModel = TenantTables['regions']['$inferSelect'];
export type RegionConnectionModel = Connection<RegionModel>;
export type BranchModel = TenantTables['branches']['$inferSelect'];
export type BranchConnectionModel = Connection<BranchModel>;

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

export interface TenantSuperAdminModel {
  id: string;
  email: string;
  tenant: TenantRecord;
}

export interface MeModel {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  role: 'SUPER_SUPER_ADMIN' | TenantTables['users']['$inferSelect']['role'];
  tenant: TenantRecord | null;
}

export interface SignUpPayloadModel {
  tenant: TenantRecord;
  session: { accessToken: string; refreshToken: string; accessTokenExpiresAt: Date };
}
