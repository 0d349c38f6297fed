// The rows behind the client module's GraphQL types (codegen maps `X` to `XModel`).
import type { Connection } from '../../db/paging.js';
import type { TenantTables } from '../../db/tables/tenant.js';

export type ClientModel = TenantTables['clients']['$inferSelect'];
export type ClientConnectionModel = Connection<ClientModel>;
export type PassportModel = TenantTables['passports']['$inferSelect'];
export type LanguageExamModel = TenantTables['languageExams']['$inferSelect'];
export type LanguageExamConnectionModel = Connection<LanguageExamModel>;
export type ProficiencyModel = TenantTables['proficiencies']['$inferSelect'];
export type QualificationModel = TenantTables['qualifications']['$inferSelect'];
export type EmploymentModel = TenantTables['employments']['$inferSelect'];
export type NoteModel = TenantTables['notes']['$inferSelect'];
export type NoteConnectionModel = Connection<NoteModel>;
export type ClientActivityModel = TenantTables['clientActivities']['$inferSelect'];
export type ClientActivityConnectionModel = Connection<ClientActivityModel>;
export type ProfilePictureModel = TenantTables['profilePictures']['$inferSelect'];
