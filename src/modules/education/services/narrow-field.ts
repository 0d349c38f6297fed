// Writes of narrow fields (BRANCH_ADMIN and above): a narrow field belongs to a live broad field,
// its name is unique among the live ones of that broad field, and one that live courses name can
// neither move to another broad field nor be deleted.
import { eq } from 'drizzle-orm';
import { conflict } from '../../../errors.js';
import { broadFieldRows } from '../selectors/broad-field.js';
import { courseLiveCount } from '../selectors/course.js';
import { narrowFieldRows } from '../selectors/narrow-field.js';
import { createNarrowFieldInput, updateNarrowFieldInput } from '../validation.js';
import { catalogueWrites } from './course.js';

const writes = catalogueWrites(narrowFieldRows, {
  usedBy: 'narrowFieldId',
  validation: { create: createNarrowFieldInput, update: updateNarrowFieldInput },
  clash: { message: 'A live narrow field of this broad field has this name', path: 'input.name' },
  createInTx: (ex, args, values) =>
    broadFieldRows.reference({ ...args, ex, share: true, id: values.broadFieldId, path: 'input.broadFieldId' }),
  updateInTx: async (ex, args, field, patch) => {
    if (!patch.broadFieldId || patch.broadFieldId === field.broadFieldId) return;
    const nf = args.db.t.narrowFields;
    await ex.select({ id: nf.id }).from(nf).where(eq(nf.id, field.id)).for('update');
    await broadFieldRows.reference({ ...args, ex, share: true, id: patch.broadFieldId, path: 'input.broadFieldId' });
    // Moving the field would leave its courses with a narrow field of another broad field.
    if ((await courseLiveCount({ ...args, ex, by: 'narrowFieldId', id: field.id })) > 0) {
      throw conflict(`Narrow field "${field.name}" is used by live courses; it cannot move to another broad field`);
    }
  },
});

export const { create: narrowFieldCreate, update: narrowFieldUpdate, delete: narrowFieldDelete } = writes;
