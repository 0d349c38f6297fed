// Per-request loaders of clients and their parts.
import { byField, byId, byKey, type Scoped } from '../../graphql/loader-kit.js';
import type { ClientActivityModel, EmploymentModel, NoteModel, ProficiencyModel, QualificationModel } from './models.js';
import {
  countsByClient,
  employmentListByClientIds,
  firstPagesByClient,
  languageExamListByIds,
  passportListByClientIds,
  proficiencyListByClientIds,
  profilePictureListByClientIds,
  qualificationListByClientIds,
} from './selectors/client-profile.js';
import { clientListByIds } from './selectors/client-scope.js';

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
    // Keyed `<clientId>:<page size>`: the first page of each client's notes / timeline.
    notesFirstPage: byKey<{ row: NoteModel; at: string }[]>(
      (keys) => firstPagesByClient({ ...need(), table: 'notes', keys }),
      () => [],
    ),
    timelineFirstPage: byKey<{ row: ClientActivityModel; at: string }[]>(
      (keys) => firstPagesByClient({ ...need(), table: 'clientActivities', keys }),
      () => [],
    ),
    noteCount: byKey(
      (ids) => countsByClient({ ...need(), table: 'notes', ids }),
      () => 0,
    ),
    timelineCount: byKey(
      (ids) => countsByClient({ ...need(), table: 'clientActivities', ids }),
      () => 0,
    ),
  };
}
