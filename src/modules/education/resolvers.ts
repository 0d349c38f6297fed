// GraphQL entry points of the education module: institutes and their parts, the course catalogue,
// application types and stages, college applications and their statistics.
import type { Resolvers } from '../../graphql/generated/resolvers-types.generated.js';
import { byParentId, required, tenantField, userRef } from '../../graphql/guards.js';
import { applicationStageIsFinal } from './selectors/application-stage.js';
import { applicationTypeGetById, applicationTypeList } from './selectors/application-type.js';
import { broadFieldList } from './selectors/broad-field.js';
import {
  collegeApplicationDashboard,
  collegeApplicationGetById,
  collegeApplicationList,
  collegeApplicationStageCounts,
} from './selectors/college-application.js';
import { courseLevelList } from './selectors/course-level.js';
import { courseGetById, courseList } from './selectors/course.js';
import { instituteLocationDisplay } from './selectors/institute-location.js';
import { instituteGetById, instituteList } from './selectors/institute.js';
import { narrowFieldList } from './selectors/narrow-field.js';
import {
  applicationStageCreate,
  applicationStageDelete,
  applicationStageReorder,
  applicationStageUpdate,
} from './services/application-stage.js';
import {
  applicationTypeCreate,
  applicationTypeDelete,
  applicationTypeRestore,
  applicationTypeUpdate,
} from './services/application-type.js';
import { broadFieldCreate, broadFieldDelete, broadFieldUpdate } from './services/broad-field.js';
import {
  collegeApplicationCreate,
  collegeApplicationDelete,
  collegeApplicationMove,
  collegeApplicationRestore,
  collegeApplicationUpdate,
} from './services/college-application.js';
import { courseLevelCreate, courseLevelDelete, courseLevelUpdate } from './services/course-level.js';
import { courseCreate, courseDelete, courseUpdate } from './services/course.js';
import { instituteContactCreate, instituteContactDelete, instituteContactUpdate } from './services/institute-contact.js';
import { instituteIntakeCreate, instituteIntakeDelete, instituteIntakeUpdate } from './services/institute-intake.js';
import { instituteLocationCreate, instituteLocationDelete, instituteLocationUpdate } from './services/institute-location.js';
import {
  instituteRequirementCreate,
  instituteRequirementDelete,
  instituteRequirementUpdate,
} from './services/institute-requirement.js';
import { instituteCreate, instituteDelete, instituteRestore, instituteUpdate } from './services/institute.js';
import { narrowFieldCreate, narrowFieldDelete, narrowFieldUpdate } from './services/narrow-field.js';

/** A required relation: its row always exists (foreign key), so a miss is a server error. */
const present = <T>(row: Promise<T | null>, what: string): Promise<T> => required(row, `${what} missing`);

export const educationResolvers: Resolvers = {
  Query: {
    institutes: tenantField(instituteList),
    institute: tenantField(instituteGetById),
    courseLevels: tenantField(courseLevelList),
    broadFields: tenantField(broadFieldList),
    narrowFields: tenantField(narrowFieldList),
    courses: tenantField(courseList),
    course: tenantField(courseGetById),
    applicationTypes: tenantField(applicationTypeList),
    applicationType: tenantField(applicationTypeGetById),
    collegeApplications: tenantField(collegeApplicationList),
    collegeApplication: tenantField(collegeApplicationGetById),
    collegeApplicationStageCounts: tenantField(collegeApplicationStageCounts),
    collegeDashboard: tenantField(collegeApplicationDashboard),
  },
  Mutation: {
    createInstitute: tenantField(instituteCreate),
    updateInstitute: tenantField(instituteUpdate),
    deleteInstitute: tenantField(instituteDelete),
    restoreInstitute: tenantField(instituteRestore),
    createInstituteContact: tenantField(instituteContactCreate),
    updateInstituteContact: tenantField(instituteContactUpdate),
    deleteInstituteContact: tenantField(instituteContactDelete),
    createInstituteRequirement: tenantField(instituteRequirementCreate),
    updateInstituteRequirement: tenantField(instituteRequirementUpdate),
    deleteInstituteRequirement: tenantField(instituteRequirementDelete),
    createInstituteLocation: tenantField(instituteLocationCreate),
    updateInstituteLocation: tenantField(instituteLocationUpdate),
    deleteInstituteLocation: tenantField(instituteLocationDelete),
    createInstituteIntake: tenantField(instituteIntakeCreate),
    updateInstituteIntake: tenantField(instituteIntakeUpdate),
    deleteInstituteIntake: tenantField(instituteIntakeDelete),
    createCourseLevel: tenantField(courseLevelCreate),
    updateCourseLevel: tenantField(courseLevelUpdate),
    deleteCourseLevel: tenantField(courseLevelDelete),
    createBroadField: tenantField(broadFieldCreate),
    updateBroadField: tenantField(broadFieldUpdate),
    deleteBroadField: tenantField(broadFieldDelete),
    createNarrowField: tenantField(narrowFieldCreate),
    updateNarrowField: tenantField(narrowFieldUpdate),
    deleteNarrowField: tenantField(narrowFieldDelete),
    createCourse: tenantField(courseCreate),
    updateCourse: tenantField(courseUpdate),
    deleteCourse: tenantField(courseDelete),
    createApplicationType: tenantField(applicationTypeCreate),
    updateApplicationType: tenantField(applicationTypeUpdate),
    deleteApplicationType: tenantField(applicationTypeDelete),
    restoreApplicationType: tenantField(applicationTypeRestore),
    createApplicationStage: tenantField(applicationStageCreate),
    updateApplicationStage: tenantField(applicationStageUpdate),
    deleteApplicationStage: tenantField(applicationStageDelete),
    reorderApplicationStages: tenantField(applicationStageReorder),
    createCollegeApplication: tenantField(collegeApplicationCreate),
    updateCollegeApplication: tenantField(collegeApplicationUpdate),
    moveCollegeApplication: tenantField(collegeApplicationMove),
    deleteCollegeApplication: tenantField(collegeApplicationDelete),
    restoreCollegeApplication: tenantField(collegeApplicationRestore),
  },
  Institute: {
    contacts: byParentId((l) => l.instituteContactsByInstituteId),
    requirements: byParentId((l) => l.instituteRequirementsByInstituteId),
    locations: byParentId((l) => l.instituteLocationsByInstituteId),
    intakes: byParentId((l) => l.instituteIntakesByInstituteId),
    courses: byParentId((l) => l.coursesByInstituteId),
    createdBy: userRef('createdById'),
    updatedBy: userRef('updatedById'),
  },
  InstituteContact: {
    institute: (r, _a, ctx) => present(ctx.loaders.instituteById.load(r.instituteId), 'Institute'),
  },
  InstituteRequirement: {
    institute: (r, _a, ctx) => present(ctx.loaders.instituteById.load(r.instituteId), 'Institute'),
  },
  InstituteLocation: {
    institute: (r, _a, ctx) => present(ctx.loaders.instituteById.load(r.instituteId), 'Institute'),
    display: (r) => instituteLocationDisplay({ location: r }),
  },
  InstituteIntake: {
    institute: (r, _a, ctx) => present(ctx.loaders.instituteById.load(r.instituteId), 'Institute'),
  },
  BroadField: {
    narrowFields: byParentId((l) => l.narrowFieldsByBroadFieldId),
  },
  NarrowField: {
    broadField: (f, _a, ctx) => present(ctx.loaders.broadFieldById.load(f.broadFieldId), 'Broad field'),
  },
  Course: {
    institute: (c, _a, ctx) => present(ctx.loaders.instituteById.load(c.instituteId), 'Institute'),
    level: (c, _a, ctx) => present(ctx.loaders.courseLevelById.load(c.levelId), 'Course level'),
    broadField: (c, _a, ctx) => present(ctx.loaders.broadFieldById.load(c.broadFieldId), 'Broad field'),
    narrowField: (c, _a, ctx) => present(ctx.loaders.narrowFieldById.load(c.narrowFieldId), 'Narrow field'),
    createdBy: userRef('createdById'),
  },
  ApplicationType: {
    stages: byParentId((l) => l.stagesByApplicationTypeId),
    stagesCount: async (t, _a, ctx) => (await ctx.loaders.stagesByApplicationTypeId.load(t.id)).length,
    hasApplications: async (t, _a, ctx) => (await ctx.loaders.applicationTypeApplicationCount.load(t.id)) > 0,
    createdBy: userRef('createdById'),
  },
  ApplicationStage: {
    name: (s) => s.stageName,
    applicationType: (s, _a, ctx) => present(ctx.loaders.applicationTypeById.load(s.applicationTypeId), 'Application type'),
    isFinalStage: async (s, _a, ctx) =>
      applicationStageIsFinal({ stage: s, stagesOfType: await ctx.loaders.stagesByApplicationTypeId.load(s.applicationTypeId) }),
  },
  CollegeApplication: {
    client: (a, _a, ctx) => present(ctx.loaders.clientById.load(a.clientId), 'Client'),
    applicationType: (a, _a, ctx) => present(ctx.loaders.applicationTypeById.load(a.applicationTypeId), 'Application type'),
    stage: (a, _a, ctx) => present(ctx.loaders.applicationStageById.load(a.stageId), 'Application stage'),
    institute: (a, _a, ctx) => present(ctx.loaders.instituteById.load(a.instituteId), 'Institute'),
    course: (a, _a, ctx) => present(ctx.loaders.courseById.load(a.courseId), 'Course'),
    intake: (a, _a, ctx) => present(ctx.loaders.instituteIntakeById.load(a.intakeId), 'Institute intake'),
    location: (a, _a, ctx) => present(ctx.loaders.instituteLocationById.load(a.locationId), 'Institute location'),
    superAgent: (a, _a, ctx) => (a.superAgentId ? ctx.loaders.agentById.load(a.superAgentId) : null),
    subAgent: (a, _a, ctx) => (a.subAgentId ? ctx.loaders.agentById.load(a.subAgentId) : null),
    assignedTo: userRef('assignedToId'),
    createdBy: userRef('createdById'),
    updatedBy: userRef('updatedById'),
  },
  Client: {
    collegeApplications: byParentId((l) => l.collegeApplicationsByClientId),
  },
};
