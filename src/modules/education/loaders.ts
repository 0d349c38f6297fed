// Per-request loaders of the education module: every relation a list of institutes, courses,
// application types or college applications can reach batches through one of these.
import { byId, byKey, type Scoped } from '../../graphql/loader-kit.js';
import type {
  ApplicationStageModel,
  CollegeApplicationModel,
  CourseModel,
  InstituteContactModel,
  InstituteIntakeModel,
  InstituteLocationModel,
  InstituteRequirementModel,
  NarrowFieldModel,
} from './models.js';
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
  const list = <V>(fetch: (ids: readonly string[]) => Promise<Map<string, V[]>>) => byKey<V[]>(fetch, () => []);
  return {
    instituteById: byId((ids) => instituteListByIds({ ...need(), ids })),
    instituteContactsByInstituteId: list<InstituteContactModel>((ids) => instituteContactListByInstituteIds({ ...need(), ids })),
    instituteRequirementsByInstituteId: list<InstituteRequirementModel>((ids) =>
      instituteRequirementListByInstituteIds({ ...need(), ids }),
    ),
    instituteLocationsByInstituteId: list<InstituteLocationModel>((ids) =>
      instituteLocationListByInstituteIds({ ...need(), ids }),
    ),
    instituteIntakesByInstituteId: list<InstituteIntakeModel>((ids) => instituteIntakeListByInstituteIds({ ...need(), ids })),
    instituteLocationById: byId((ids) => instituteLocationListByIds({ ...need(), ids })),
    instituteIntakeById: byId((ids) => instituteIntakeListByIds({ ...need(), ids })),
    coursesByInstituteId: list<CourseModel>((ids) => courseListByInstituteIds({ ...need(), ids })),
    courseById: byId((ids) => courseListByIds({ ...need(), ids })),
    courseLevelById: byId((ids) => courseLevelListByIds({ ...need(), ids })),
    broadFieldById: byId((ids) => broadFieldListByIds({ ...need(), ids })),
    narrowFieldById: byId((ids) => narrowFieldListByIds({ ...need(), ids })),
    narrowFieldsByBroadFieldId: list<NarrowFieldModel>((ids) => narrowFieldListByBroadFieldIds({ ...need(), ids })),
    applicationTypeById: byId((ids) => applicationTypeListByIds({ ...need(), ids })),
    applicationTypeApplicationCount: byKey(
      (ids) => applicationTypeApplicationCounts({ ...need(), ids }),
      () => 0,
    ),
    applicationStageById: byId((ids) => applicationStageListByIds({ ...need(), ids })),
    stagesByApplicationTypeId: list<ApplicationStageModel>((ids) => applicationStageListByApplicationTypeIds({ ...need(), ids })),
    collegeApplicationsByClientId: list<CollegeApplicationModel>((ids) => collegeApplicationListByClientIds({ ...need(), ids })),
  };
}
