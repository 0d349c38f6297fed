// The rows behind the visas module's GraphQL types (codegen maps `X` to `XModel`).
import type { Connection } from '../../db/paging.js';
import type { TenantTables } from '../../db/tables/tenant.js';

export type VisaCategoryModel = TenantTables['visaCategories']['$inferSelect'];
export type VisaCategoryConnectionModel = Connection<VisaCategoryModel>;
export type VisaTypeModel = TenantTables['visaTypes']['$inferSelect'];
export type VisaTypeConnectionModel = Connection<VisaTypeModel>;
export type VisaApplicationModel = TenantTables['visaApplications']['$inferSelect'];
export type VisaApplicationConnectionModel = Connection<VisaApplicationModel>;

export interface VisaStatusCountsModel {
  toBeApplied: number;
  visaApplied: number;
  caseOpened: number;
  granted: number;
  rejected: number;
  withdrawn: number;
  total: number;
}

export interface VisaPeriodCountsModel {
  today: number;
  thisWeek: number;
  thisMonth: number;
}

export interface VisaTypeCountModel {
  visaType: VisaTypeModel;
  count: number;
}

export interface VisaDashboardModel {
  totalApplications: number;
  statusCounts: VisaStatusCountsModel;
  createdCounts: VisaPeriodCountsModel;
  grantedCounts: VisaPeriodCountsModel;
  topVisaTypes: VisaTypeCountModel[];
  recentApplications: VisaApplicationModel[];
  unassignedCount: number;
}
