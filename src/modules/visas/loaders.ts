// Per-request loaders of the visas module: categories and types by id, a category's types, and a
// client's applications (scoped like the list), so nested lists cost a constant number of queries.
import type { Scoped } from '../../graphql/loader-kit.js';
import { batchLoaders } from '../shared-loaders.js';
import { visaCategoryListByIds, visaTypeListByCategoryIds, visaTypeListByIds } from './selectors/visa-catalogue.js';
import { visaApplicationListByClientIds } from './selectors/visa-applications.js';

export function visaLoaders(need: Scoped) {
  const { rowById, listBy } = batchLoaders(need);
  return {
    visaCategoryById: rowById(visaCategoryListByIds),
    visaTypeById: rowById(visaTypeListByIds),
    visaTypesByCategoryId: listBy(visaTypeListByCategoryIds),
    visaApplicationsByClientId: listBy(visaApplicationListByClientIds),
  };
}
