// Writes of broad fields (BRANCH_ADMIN and above): names are unique among live broad fields, and
// one a live course or narrow field names cannot be deleted.
import { liveCount } from '../../../db/live-counts.js';
import { conflict } from '../../../errors.js';
import { broadFieldRows } from '../selectors/broad-field.js';
import { namedCatalogueWrites } from './course.js';

export const {
  create: broadFieldCreate,
  update: broadFieldUpdate,
  delete: broadFieldDelete,
} = namedCatalogueWrites(broadFieldRows, 'broadFieldId', async (ex, { db }, field) => {
  const narrow = await liveCount(ex, db.t.narrowFields, db.t.narrowFields.broadFieldId, field.id);
  if (narrow > 0) throw conflict(`Broad field "${field.name as string}" still has ${narrow} live narrow field(s)`);
});
