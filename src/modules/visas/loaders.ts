// Per-request loaders of the visas module: categories and types by id, a category's types, and a
// client's applications (scoped like the list), so nested lists cost a constant number of queries.
import { byId, byKey, type Scoped } from '../../graphql/loader-kit.js';
import { visaCategoryListByIds, visaTypeListByCategoryIds, visaTypeListByIds } from './selectors/visa-catalogue.js';
import type { VisaApplicationModel, VisaTypeModel } from './models.js';
import { visaApplicationListByClientIds } from './selectors/visa-applications.js';

export function visaLoaders(need: Scoped) {
  return {
    visaCategoryById: byId((ids) => visaCategoryListByIds({ ...need(), ids })),
    visaTypeById: byId((ids) => visaTypeListByIds({ ...need(), ids })),
    visaTypesByCategoryId: byKey<VisaTypeModel[]>(
      (ids) => visaTypeListByCategoryIds({ ...need(), ids }),
      () => [],
    ),
    visaApplicationsByClientId: byKey<VisaApplicationModel[]>(
      (ids) => visaApplicationListByClientIds({ ...need(), ids }),
      () => [],
    ),
  };
}
