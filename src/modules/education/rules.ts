// Shield rules of the education module's root fields (merged into src/access/permissions.ts).
// Master data is read by every role and written by BRANCH_ADMIN and above; college applications
// are open to every role, their rows limited to the viewer's scope by the selectors.
import { may, type ModuleRules } from '../../access/rules.js';

const read = may('catalogue:read');
const instituteWrite = may('institute:write');
const instituteDelete = may('institute:delete');
const catalogueWrite = may('courseCatalogue:write');
const typeWrite = may('applicationType:write');

export const educationRules: ModuleRules = {
  Query: {
    institutes: read,
    institute: read,
    courseLevels: read,
    broadFields: read,
    narrowFields: read,
    courses: read,
    course: read,
    applicationTypes: read,
    applicationType: read,
    collegeApplications: may('collegeApplication:read'),
    collegeApplication: may('collegeApplication:read'),
    collegeApplicationStageCounts: may('dashboard:read'),
    collegeDashboard: may('dashboard:read'),
  },
  Mutation: {
    createInstitute: instituteWrite,
    updateInstitute: instituteWrite,
    deleteInstitute: instituteDelete,
    restoreInstitute: instituteDelete,
    createInstituteContact: instituteWrite,
    updateInstituteContact: instituteWrite,
    deleteInstituteContact: instituteDelete,
    createInstituteRequirement: instituteWrite,
    updateInstituteRequirement: instituteWrite,
    deleteInstituteRequirement: instituteDelete,
    createInstituteLocation: instituteWrite,
    updateInstituteLocation: instituteWrite,
    deleteInstituteLocation: instituteDelete,
    createInstituteIntake: instituteWrite,
    updateInstituteIntake: instituteWrite,
    deleteInstituteIntake: instituteDelete,
    createCourseLevel: catalogueWrite,
    updateCourseLevel: catalogueWrite,
    deleteCourseLevel: catalogueWrite,
    createBroadField: catalogueWrite,
    updateBroadField: catalogueWrite,
    deleteBroadField: catalogueWrite,
    createNarrowField: catalogueWrite,
    updateNarrowField: catalogueWrite,
    deleteNarrowField: catalogueWrite,
    createCourse: catalogueWrite,
    updateCourse: catalogueWrite,
    deleteCourse: catalogueWrite,
    createApplicationType: typeWrite,
    updateApplicationType: typeWrite,
    deleteApplicationType: typeWrite,
    restoreApplicationType: typeWrite,
    createApplicationStage: typeWrite,
    updateApplicationStage: typeWrite,
    deleteApplicationStage: typeWrite,
    reorderApplicationStages: typeWrite,
    createCollegeApplication: may('collegeApplication:create'),
    updateCollegeApplication: may('collegeApplication:update'),
    moveCollegeApplication: may('collegeApplication:update'),
    deleteCollegeApplication: may('collegeApplication:delete'),
    restoreCollegeApplication: may('collegeApplication:delete'),
  },
};
