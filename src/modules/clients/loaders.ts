// Per-request loaders of clients and their parts.
import { byKey, type Scoped } from '../../graphql/loader-kit.js';
import { batchLoaders } from '../shared-loaders.js';
import type { ClientActivityModel, NoteModel } from './models.js';
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
  const { rowById, rowBy, listBy, countBy } = batchLoaders(need);
  return {
    clientById: rowById(clientListByIds),
    passportByClientId: rowBy(passportListByClientIds, (p) => p.clientId),
    profilePictureByClientId: rowBy(profilePictureListByClientIds, (p) => p.clientId),
    proficienciesByClientId: listBy(proficiencyListByClientIds),
    qualificationsByClientId: listBy(qualificationListByClientIds),
    employmentsByClientId: listBy(employmentListByClientIds),
    languageExamById: rowById(languageExamListByIds),
    // Keyed `<clientId>:<page size>`: the first page of each client's notes / timeline.
    notesFirstPage: byKey<{ row: NoteModel; at: string }[]>(
      (keys) => firstPagesByClient({ ...need(), table: 'notes', keys }),
      () => [],
    ),
    timelineFirstPage: byKey<{ row: ClientActivityModel; at: string }[]>(
      (keys) => firstPagesByClient({ ...need(), table: 'clientActivities', keys }),
      () => [],
    ),
    noteCount: countBy((batch) => countsByClient({ ...batch, table: 'notes' })),
    timelineCount: countBy((batch) => countsByClient({ ...batch, table: 'clientActivities' })),
  };
}
