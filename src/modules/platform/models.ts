// The rows behind the platform module's types: tenants and their administration (codegen maps `X` to `XModel`).
import type { Connection } from '../../db/paging.js';
import type { platformAdmins, platformAuditLog } from '../../db/tables/public.js';
import type { TenantTables } from '../../db/tables/tenant.js';
import type { TenantRecord } from '../../tenancy/registry.js';

export type PlatformAdminModel = Omit<typeof platformAdmins.$inferSelect, 'passwordHash'>;
export type PlatformAdminConnectionModel = Connection<PlatformAdminModel>;

type TenantUserRow = TenantTables['users']['$inferSelect'];
export type TenantAdminModel = Pick<
  TenantUserRow,
  'id' | 'email' | 'firstName' | 'lastName' | 'isActive' | 'lastLoginAt' | 'createdAt'
> & { tenant: TenantRecord };
export type TenantAdminConnectionModel = Connection<TenantAdminModel>;

export type PlatformAuditRecordModel = typeof platformAuditLog.$inferSelect;
export type PlatformAuditRecordConnectionModel = Connection<PlatformAuditRecordModel>;

export type TenantModel = TenantRecord;
export type TenantConnectionModel = Connection<TenantRecord>;

export interface TenantSuperAdminModel {
  id: string;
  email: string;
  tenant: TenantRecord;
}

export interface SignUpPayloadModel {
  tenant: TenantRecord;
  session: { accessToken: string; refreshToken: string; accessTokenExpiresAt: Date };
}
