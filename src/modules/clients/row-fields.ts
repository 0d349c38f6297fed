// The columns each field resolver of Client reads (src/db/row-columns.ts): the list reads
// only the columns its selection needs.
import { tenantTables } from '../../db/tables/tenant.js';
import type { RowFields } from '../../db/row-columns.js';

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
