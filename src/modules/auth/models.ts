// The objects behind the auth module's types (codegen maps `X` to `XModel`).
import type { TenantTables } from '../../db/tables/tenant.js';
import type { TenantRecord } from '../../tenancy/registry.js';

export type TenantInfoModel = TenantRecord;

export interface MeModel {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  role: 'SUPER_SUPER_ADMIN' | TenantTables['users']['$inferSelect']['role'];
  tenant: TenantRecord | null;
}
