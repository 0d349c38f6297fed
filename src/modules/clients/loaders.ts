// Per-request loaders of clients and their parts.
import { byField, byId, byKey, type Scoped } from '../../graphql/loader-kit.js';
import type { EmploymentModel, ProficiencyModel, QualificationModel } from './models.js';
import {
  employmentListByClientIds,
  languageExamListByIds,
  passportListByClientIds,
  proficiencyListByClientIds,
  profilePictureListByClientIds,
  qualificationListByClientIds,
} from './profile-selectors.js';
import { clientListByIds } from './scope.js';

export function clientLoaders(need: Scoped) {
  return {
    clientById: byId((ids) => clientListByIds({ ...need(), ids })),
    passportByClientId: byField(
      (ids) => passportListByClientIds({ ...need(), ids }),
      (p) => p.clientId,
    ),
    profilePictureByClientId: byField(
      (ids) => profilePictureListByClientIds({ ...need(), ids }),
      (p) => p.clientId,
    ),
    proficienciesByClientId: byKey<ProficiencyModel[]>(
      (ids) => proficiencyListByClientIds({ ...need(), ids }),
      () => [],
    ),
    qualificationsByClientId: byKey<QualificationModel[]>(
      (ids) => qualificationListByClientIds({ ...need(), ids }),
      () => [],
    ),
    employmentsByClientId: byKey<EmploymentModel[]>(
      (ids) => employmentListByClientIds({ ...need(), ids }),
      () => [],
    ),
    languageExamById: byId((ids) => languageExamListByIds({ ...need(), ids })),
  };
}
