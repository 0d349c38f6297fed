// Writes of broad fields (BRANCH_ADMIN and above): names are unique among live broad fields, and
// one a live course or narrow field names cannot be deleted.
import { and, count, eq, isNull } from 'drizzle-orm';
import { conflict } from '../../../errors.js';
import { broadFieldRows } from '../selectors/broad-field.js';
import { namedCatalogueWrites } from './course.js';

export const {
  create: broadFieldCreate,
  update: broadFieldUpdate,
  delete: broadFieldDelete,
} = namedCatalogueWrites(broadFieldRows, 'broadFieldId', async (ex, { db }, field) => {
  const nf = db.t.narrowFields;
  const [narrow] = await ex
    .select({ n: count() })
    .from(nf)
    .where(and(eq(nf.broadFieldId, field.id), isNull(nf.deletedAt)));
  if (narrow!.n > 0) throw conflict(`Broad field "${field.name as string}" still has ${narrow!.n} live narrow field(s)`);
});
