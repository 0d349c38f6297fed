// The rows behind the client module's GraphQL types (codegen maps `X` to `XModel`), and the
// columns each field resolver of Client reads (src/db/row-columns.ts): the list reads only the
// columns its selection needs.
import type { Connection } from '../../db/paging.js';
import type { RowFields } from '../../db/row-columns.js';
import { tenantTables, type TenantTables } from '../../db/tables/tenant.js';

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

export const CLIENT_ROW = {
  typeName: 'Client',
  table: tenantTables.clients,
  // The key, and the name order's keyset columns.
  always: ['id', 'firstName', 'lastName'],
  computed: {
    fullName: ['firstName', 'middleName', 'lastName'],
    branch: ['branchId'],
    assignedTo: ['assignedToId'],
    createdBy: ['createdById'],
    agent: ['agentId'],
    visaCategory: ['visaCategoryId'],
    // Read by the client's id, which is always there.
    visaApplications: [],
    collegeApplications: [],
    passport: [],
    proficiencies: [],
    qualifications: [],
    employments: [],
    profilePicture: [],
    notes: [],
    timeline: [],
  },
} satisfies RowFields<typeof tenantTables.clients>;
