// Per-request loaders of the education module: every relation a list of institutes, courses,
// application types or college applications can reach batches through one of these.
import type { Scoped } from '../../graphql/loader-kit.js';
import { batchLoaders } from '../shared-loaders.js';
import { applicationStageListByApplicationTypeIds, applicationStageListByIds } from './selectors/application-stage.js';
import { applicationTypeApplicationCounts, applicationTypeListByIds } from './selectors/application-type.js';
import { broadFieldListByIds } from './selectors/broad-field.js';
import { collegeApplicationListByClientIds } from './selectors/college-application.js';
import { courseLevelListByIds } from './selectors/course-level.js';
import { courseListByIds, courseListByInstituteIds } from './selectors/course.js';
import { instituteContactListByInstituteIds } from './selectors/institute-contact.js';
import { instituteIntakeListByIds, instituteIntakeListByInstituteIds } from './selectors/institute-intake.js';
import { instituteLocationListByIds, instituteLocationListByInstituteIds } from './selectors/institute-location.js';
import { instituteRequirementListByInstituteIds } from './selectors/institute-requirement.js';
import { instituteListByIds } from './selectors/institute.js';
import { narrowFieldListByBroadFieldIds, narrowFieldListByIds } from './selectors/narrow-field.js';

export function educationLoaders(need: Scoped) {
  const { rowById, listBy, countBy } = batchLoaders(need);
  return {
    instituteById: rowById(instituteListByIds),
    instituteContactsByInstituteId: listBy(instituteContactListByInstituteIds),
    instituteRequirementsByInstituteId: listBy(instituteRequirementListByInstituteIds),
    instituteLocationsByInstituteId: listBy(instituteLocationListByInstituteIds),
    instituteIntakesByInstituteId: listBy(instituteIntakeListByInstituteIds),
    instituteLocationById: rowById(instituteLocationListByIds),
    instituteIntakeById: rowById(instituteIntakeListByIds),
    coursesByInstituteId: listBy(courseListByInstituteIds),
    courseById: rowById(courseListByIds),
    courseLevelById: rowById(courseLevelListByIds),
    broadFieldById: rowById(broadFieldListByIds),
    narrowFieldById: rowById(narrowFieldListByIds),
    narrowFieldsByBroadFieldId: listBy(narrowFieldListByBroadFieldIds),
    applicationTypeById: rowById(applicationTypeListByIds),
    applicationTypeApplicationCount: countBy(applicationTypeApplicationCounts),
    applicationStageById: rowById(applicationStageListByIds),
    stagesByApplicationTypeId: listBy(applicationStageListByApplicationTypeIds),
    collegeApplicationsByClientId: listBy(collegeApplicationListByClientIds),
  };
}
