// Per-request loaders of the education module: every relation a list of institutes, courses,
// application types or college applications can reach batches through one of these.
import { byId, byKey, type Scoped } from '../../graphql/loader-kit.js';
import {
  applicationStageListByIds,
  applicationTypeApplicationCounts,
  applicationTypeListByIds,
  stagesByApplicationTypeIds,
} from './application-types.js';
import {
  courseListByIds,
  coursesByInstituteIds,
  namedListByIds,
  narrowFieldListByIds,
  narrowFieldsByBroadFieldIds,
} from './catalogue.js';
import { collegeApplicationsByClientIds } from './college-applications.js';
import {
  instituteContactsByInstituteIds,
  instituteIntakeListByIds,
  instituteIntakesByInstituteIds,
  instituteLocationListByIds,
  instituteLocationsByInstituteIds,
  instituteRequirementsByInstituteIds,
} from './institute-parts.js';
import { instituteListByIds } from './institutes.js';
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

export function educationLoaders(need: Scoped) {
  const list = <V>(fetch: (ids: readonly string[]) => Promise<Map<string, V[]>>) => byKey<V[]>(fetch, () => []);
  return {
    instituteById: byId((ids) => instituteListByIds({ ...need(), ids })),
    instituteContactsByInstituteId: list<InstituteContactModel>((ids) => instituteContactsByInstituteIds({ ...need(), ids })),
    instituteRequirementsByInstituteId: list<InstituteRequirementModel>((ids) =>
      instituteRequirementsByInstituteIds({ ...need(), ids }),
    ),
    instituteLocationsByInstituteId: list<InstituteLocationModel>((ids) => instituteLocationsByInstituteIds({ ...need(), ids })),
    instituteIntakesByInstituteId: list<InstituteIntakeModel>((ids) => instituteIntakesByInstituteIds({ ...need(), ids })),
    instituteLocationById: byId((ids) => instituteLocationListByIds({ ...need(), ids })),
    instituteIntakeById: byId((ids) => instituteIntakeListByIds({ ...need(), ids })),
    coursesByInstituteId: list<CourseModel>((ids) => coursesByInstituteIds({ ...need(), ids })),
    courseById: byId((ids) => courseListByIds({ ...need(), ids })),
    courseLevelById: byId((ids) => namedListByIds({ ...need(), ids, kind: 'level' })),
    broadFieldById: byId((ids) => namedListByIds({ ...need(), ids, kind: 'broadField' })),
    narrowFieldById: byId((ids) => narrowFieldListByIds({ ...need(), ids })),
    narrowFieldsByBroadFieldId: list<NarrowFieldModel>((ids) => narrowFieldsByBroadFieldIds({ ...need(), ids })),
    applicationTypeById: byId((ids) => applicationTypeListByIds({ ...need(), ids })),
    applicationTypeApplicationCount: byKey(
      (ids) => applicationTypeApplicationCounts({ ...need(), ids }),
      () => 0,
    ),
    applicationStageById: byId((ids) => applicationStageListByIds({ ...need(), ids })),
    stagesByApplicationTypeId: list<ApplicationStageModel>((ids) => stagesByApplicationTypeIds({ ...need(), ids })),
    collegeApplicationsByClientId: list<CollegeApplicationModel>((ids) => collegeApplicationsByClientIds({ ...need(), ids })),
  };
}
