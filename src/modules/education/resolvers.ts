// GraphQL entry points of the education module: institutes and their parts, the course catalogue,
// application types and stages, college applications and their statistics.
import type { Resolvers } from '../../graphql/generated/resolvers-types.generated.js';
import { requireTenant } from '../../graphql/guards.js';
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
async function present<T>(row: Promise<T | null>, what: string): Promise<T> {
  const found = await row;
  if (!found) throw new Error(`${what} missing`);
  return found;
}

export const educationResolvers: Resolvers = {
  Query: {
    institutes: (_p, args, ctx) =>
      instituteList({ ...requireTenant(ctx), first: args.first, after: args.after, filter: args.filter }),
    institute: (_p, { id }, ctx) => instituteGetById({ ...requireTenant(ctx), id }),
    courseLevels: (_p, args, ctx) =>
      courseLevelList({ ...requireTenant(ctx), first: args.first, after: args.after, search: args.search }),
    broadFields: (_p, args, ctx) =>
      broadFieldList({ ...requireTenant(ctx), first: args.first, after: args.after, search: args.search }),
    narrowFields: (_p, args, ctx) =>
      narrowFieldList({ ...requireTenant(ctx), first: args.first, after: args.after, filter: args.filter }),
    courses: (_p, args, ctx) => courseList({ ...requireTenant(ctx), first: args.first, after: args.after, filter: args.filter }),
    course: (_p, { id }, ctx) => courseGetById({ ...requireTenant(ctx), id }),
    applicationTypes: (_p, args, ctx) =>
      applicationTypeList({ ...requireTenant(ctx), first: args.first, after: args.after, filter: args.filter }),
    applicationType: (_p, { id }, ctx) => applicationTypeGetById({ ...requireTenant(ctx), id }),
    collegeApplications: (_p, args, ctx) =>
      collegeApplicationList({ ...requireTenant(ctx), first: args.first, after: args.after, filter: args.filter }),
    collegeApplication: (_p, { id }, ctx) => collegeApplicationGetById({ ...requireTenant(ctx), id }),
    collegeApplicationStageCounts: (_p, { filter }, ctx) => collegeApplicationStageCounts({ ...requireTenant(ctx), filter }),
    collegeDashboard: (_p, { period }, ctx) => collegeApplicationDashboard({ ...requireTenant(ctx), period }),
  },
  Mutation: {
    createInstitute: (_p, { input }, ctx) => instituteCreate({ ...requireTenant(ctx), input }),
    updateInstitute: (_p, { id, input }, ctx) => instituteUpdate({ ...requireTenant(ctx), id, input }),
    deleteInstitute: (_p, { id }, ctx) => instituteDelete({ ...requireTenant(ctx), id }),
    restoreInstitute: (_p, { id }, ctx) => instituteRestore({ ...requireTenant(ctx), id }),
    createInstituteContact: (_p, { input }, ctx) => instituteContactCreate({ ...requireTenant(ctx), input }),
    updateInstituteContact: (_p, { id, input }, ctx) => instituteContactUpdate({ ...requireTenant(ctx), id, input }),
    deleteInstituteContact: (_p, { id }, ctx) => instituteContactDelete({ ...requireTenant(ctx), id }),
    createInstituteRequirement: (_p, { input }, ctx) => instituteRequirementCreate({ ...requireTenant(ctx), input }),
    updateInstituteRequirement: (_p, { id, input }, ctx) => instituteRequirementUpdate({ ...requireTenant(ctx), id, input }),
    deleteInstituteRequirement: (_p, { id }, ctx) => instituteRequirementDelete({ ...requireTenant(ctx), id }),
    createInstituteLocation: (_p, { input }, ctx) => instituteLocationCreate({ ...requireTenant(ctx), input }),
    updateInstituteLocation: (_p, { id, input }, ctx) => instituteLocationUpdate({ ...requireTenant(ctx), id, input }),
    deleteInstituteLocation: (_p, { id }, ctx) => instituteLocationDelete({ ...requireTenant(ctx), id }),
    createInstituteIntake: (_p, { input }, ctx) => instituteIntakeCreate({ ...requireTenant(ctx), input }),
    updateInstituteIntake: (_p, { id, input }, ctx) => instituteIntakeUpdate({ ...requireTenant(ctx), id, input }),
    deleteInstituteIntake: (_p, { id }, ctx) => instituteIntakeDelete({ ...requireTenant(ctx), id }),
    createCourseLevel: (_p, { input }, ctx) => courseLevelCreate({ ...requireTenant(ctx), input }),
    updateCourseLevel: (_p, { id, input }, ctx) => courseLevelUpdate({ ...requireTenant(ctx), id, input }),
    deleteCourseLevel: (_p, { id }, ctx) => courseLevelDelete({ ...requireTenant(ctx), id }),
    createBroadField: (_p, { input }, ctx) => broadFieldCreate({ ...requireTenant(ctx), input }),
    updateBroadField: (_p, { id, input }, ctx) => broadFieldUpdate({ ...requireTenant(ctx), id, input }),
    deleteBroadField: (_p, { id }, ctx) => broadFieldDelete({ ...requireTenant(ctx), id }),
    createNarrowField: (_p, { input }, ctx) => narrowFieldCreate({ ...requireTenant(ctx), input }),
    updateNarrowField: (_p, { id, input }, ctx) => narrowFieldUpdate({ ...requireTenant(ctx), id, input }),
    deleteNarrowField: (_p, { id }, ctx) => narrowFieldDelete({ ...requireTenant(ctx), id }),
    createCourse: (_p, { input }, ctx) => courseCreate({ ...requireTenant(ctx), input }),
    updateCourse: (_p, { id, input }, ctx) => courseUpdate({ ...requireTenant(ctx), id, input }),
    deleteCourse: (_p, { id }, ctx) => courseDelete({ ...requireTenant(ctx), id }),
    createApplicationType: (_p, { input }, ctx) => applicationTypeCreate({ ...requireTenant(ctx), input }),
    updateApplicationType: (_p, { id, input }, ctx) => applicationTypeUpdate({ ...requireTenant(ctx), id, input }),
    deleteApplicationType: (_p, { id }, ctx) => applicationTypeDelete({ ...requireTenant(ctx), id }),
    restoreApplicationType: (_p, { id }, ctx) => applicationTypeRestore({ ...requireTenant(ctx), id }),
    createApplicationStage: (_p, { input }, ctx) => applicationStageCreate({ ...requireTenant(ctx), input }),
    updateApplicationStage: (_p, { id, input }, ctx) => applicationStageUpdate({ ...requireTenant(ctx), id, input }),
    deleteApplicationStage: (_p, { id }, ctx) => applicationStageDelete({ ...requireTenant(ctx), id }),
    reorderApplicationStages: (_p, { applicationTypeId, stageIds }, ctx) =>
      applicationStageReorder({ ...requireTenant(ctx), applicationTypeId, stageIds }),
    createCollegeApplication: (_p, { input }, ctx) => collegeApplicationCreate({ ...requireTenant(ctx), input }),
    updateCollegeApplication: (_p, { id, input }, ctx) => collegeApplicationUpdate({ ...requireTenant(ctx), id, input }),
    moveCollegeApplication: (_p, { id, stageId }, ctx) => collegeApplicationMove({ ...requireTenant(ctx), id, stageId }),
    deleteCollegeApplication: (_p, { id }, ctx) => collegeApplicationDelete({ ...requireTenant(ctx), id }),
    restoreCollegeApplication: (_p, { id }, ctx) => collegeApplicationRestore({ ...requireTenant(ctx), id }),
  },
  Institute: {
    contacts: (i, _a, ctx) => ctx.loaders.instituteContactsByInstituteId.load(i.id),
    requirements: (i, _a, ctx) => ctx.loaders.instituteRequirementsByInstituteId.load(i.id),
    locations: (i, _a, ctx) => ctx.loaders.instituteLocationsByInstituteId.load(i.id),
    intakes: (i, _a, ctx) => ctx.loaders.instituteIntakesByInstituteId.load(i.id),
    courses: (i, _a, ctx) => ctx.loaders.coursesByInstituteId.load(i.id),
    createdBy: (i, _a, ctx) => (i.createdById ? ctx.loaders.userById.load(i.createdById) : null),
    updatedBy: (i, _a, ctx) => (i.updatedById ? ctx.loaders.userById.load(i.updatedById) : null),
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
    narrowFields: (f, _a, ctx) => ctx.loaders.narrowFieldsByBroadFieldId.load(f.id),
  },
  NarrowField: {
    broadField: (f, _a, ctx) => present(ctx.loaders.broadFieldById.load(f.broadFieldId), 'Broad field'),
  },
  Course: {
    institute: (c, _a, ctx) => present(ctx.loaders.instituteById.load(c.instituteId), 'Institute'),
    level: (c, _a, ctx) => present(ctx.loaders.courseLevelById.load(c.levelId), 'Course level'),
    broadField: (c, _a, ctx) => present(ctx.loaders.broadFieldById.load(c.broadFieldId), 'Broad field'),
    narrowField: (c, _a, ctx) => present(ctx.loaders.narrowFieldById.load(c.narrowFieldId), 'Narrow field'),
    createdBy: (c, _a, ctx) => (c.createdById ? ctx.loaders.userById.load(c.createdById) : null),
  },
  ApplicationType: {
    stages: (t, _a, ctx) => ctx.loaders.stagesByApplicationTypeId.load(t.id),
    stagesCount: async (t, _a, ctx) => (await ctx.loaders.stagesByApplicationTypeId.load(t.id)).length,
    hasApplications: async (t, _a, ctx) => (await ctx.loaders.applicationTypeApplicationCount.load(t.id)) > 0,
    createdBy: (t, _a, ctx) => (t.createdById ? ctx.loaders.userById.load(t.createdById) : null),
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
    assignedTo: (a, _a, ctx) => (a.assignedToId ? ctx.loaders.userById.load(a.assignedToId) : null),
    createdBy: (a, _a, ctx) => (a.createdById ? ctx.loaders.userById.load(a.createdById) : null),
    updatedBy: (a, _a, ctx) => (a.updatedById ? ctx.loaders.userById.load(a.updatedById) : null),
  },
  Client: {
    collegeApplications: (c, _a, ctx) => ctx.loaders.collegeApplicationsByClientId.load(c.id),
  },
};
