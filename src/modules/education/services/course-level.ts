// Writes of course levels (BRANCH_ADMIN and above): names are unique among live levels, and a
// level a live course names cannot be deleted.
import { courseLevelRows } from '../selectors/course-level.js';
import { namedCatalogueWrites } from './course.js';

export const {
  create: courseLevelCreate,
  update: courseLevelUpdate,
  delete: courseLevelDelete,
} = namedCatalogueWrites(courseLevelRows, 'levelId');
