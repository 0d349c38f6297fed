// The rows behind the education module's GraphQL types (codegen maps `X` to `XModel`).
import type { Connection } from '../../db/paging.js';
import type { TenantTables } from '../../db/tables/tenant.js';

export type InstituteModel = TenantTables['institutes']['$inferSelect'];
export type InstituteConnectionModel = Connection<InstituteModel>;
export type InstituteContactModel = TenantTables['instituteContacts']['$inferSelect'];
export type InstituteRequirementModel = TenantTables['instituteRequirements']['$inferSelect'];
export type InstituteLocationModel = TenantTables['instituteLocations']['$inferSelect'];
export type InstituteIntakeModel = TenantTables['instituteIntakes']['$inferSelect'];
export type CourseLevelModel = TenantTables['courseLevels']['$inferSelect'];
export type CourseLevelConnectionModel = Connection<CourseLevelModel>;
export type BroadFieldModel = TenantTables['broadFields']['$inferSelect'];
export type BroadFieldConnectionModel = Connection<BroadFieldModel>;
export type NarrowFieldModel = TenantTables['narrowFields']['$inferSelect'];
export type NarrowFieldConnectionModel = Connection<NarrowFieldModel>;
export type CourseModel = TenantTables['courses']['$inferSelect'];
export type CourseConnectionModel = Connection<CourseModel>;
export type ApplicationTypeModel = TenantTables['applicationTypes']['$inferSelect'];
export type ApplicationTypeConnectionModel = Connection<ApplicationTypeModel>;
export type ApplicationStageModel = TenantTables['applicationStages']['$inferSelect'];
export type CollegeApplicationModel = TenantTables['collegeApplications']['$inferSelect'];
export type CollegeApplicationConnectionModel = Connection<CollegeApplicationModel>;

export interface CollegeStageCountModel {
  stage: ApplicationStageModel;
  count: number;
}
export interface CollegeStageCountsModel {
  total: number;
  byStage: CollegeStageCountModel[];
}
export interface CollegeApplicationTypeCountModel {
  applicationType: ApplicationTypeModel;
  count: number;
}
export interface CollegeInstituteCountModel {
  institute: InstituteModel;
  count: number;
}
export interface CollegeDashboardModel {
  period: 'TODAY' | 'THIS_WEEK' | 'THIS_MONTH' | 'ALL';
  totalApplications: number;
  finalStageCount: number;
  pendingAssignments: number;
  intakeBreakdown: { intakeDate: string; count: number }[];
  applicationTypeBreakdown: CollegeApplicationTypeCountModel[];
  instituteBreakdown: CollegeInstituteCountModel[];
  recentApplications: CollegeApplicationModel[];
}
