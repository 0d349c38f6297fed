// Writes of visa applications: the client must be visible to the viewer, the visa type must exist,
// and an assignee must be someone the viewer may assign work to. The client never changes. Delete
// is soft (deletedAt) and restorable; each write stores its events in its own transaction.
import { assertCan } from '../../../access/can.js';
import type { TenantViewer } from '../../../auth/viewer.js';
import { inTransaction, type TenantDb } from '../../../db/tenant-db.js';
import { AppError, badInput } from '../../../errors.js';
import { clientGetVisible } from '../../clients/index.js';
import { parseInput } from '../../shared-validation.js';
import { created, insertRecorded, updateRecorded } from '../../shared-writes.js';
import { assertAssignable } from '../../users/index.js';
import { visaTypeGetById } from '../selectors/visa-catalogue.js';
import type { VisaApplicationModel, VisaTypeModel } from '../models.js';
import { visaApplicationGetById } from '../selectors/visa-applications.js';
import { createVisaApplicationInput, updateVisaApplicationInput } from '../validation.js';

export interface VisaApplicationWriteArgs {
  db: TenantDb;
  viewer: TenantViewer;
}

/** An unknown visa type is a bad input, not a missing target. */
async function visaTypeFor(db: TenantDb, viewer: TenantViewer, id: string, path: string): Promise<VisaTypeModel> {
  try {
    return await visaTypeGetById({ db, viewer, id, path });
  } catch (err) {
    if (err instanceof AppError && err.code === 'NOT_FOUND') {
      throw badInput([{ path, message: 'is not a visa type' }]);
    }
    throw err;
  }
}

export type VisaApplicationCreateArgs = VisaApplicationWriteArgs & { input: unknown };

export async function visaApplicationCreate({ db, viewer, input }: VisaApplicationCreateArgs): Promise<VisaApplicationModel> {
  assertCan(viewer, 'visaApplication:create');
  const { assignedToId: assignee, requiredDocuments, ...values } = parseInput(createVisaApplicationInput, input);
  const client = await clientGetVisible({ db, viewer, id: values.clientId, path: 'input.clientId' });
  const type = await visaTypeFor(db, viewer, values.visaTypeId, 'input.visaTypeId');
  const assignedToId =
    assignee === undefined || assignee === null
      ? null
      : await assertAssignable({ db, viewer, userId: assignee, path: 'input.assignedToId' });
  const id = await inTransaction(db.orm, async (tx) => {
    const row = await insertRecorded(tx, db, viewer, 'VisaApplication', db.t.visaApplications, {
      ...values,
      clientId: client.id,
      assignedToId,
      requiredDocuments: requiredDocuments ?? type.checklist.map((name) => ({ name, received: false })),
      ...created(viewer),
    });
    return row.id;
  });
  return visaApplicationGetById({ db, viewer, id });
}

export type VisaApplicationUpdateArgs = VisaApplicationWriteArgs & { id: string; input: unknown };

export async function visaApplicationUpdate({ db, viewer, id, input }: VisaApplicationUpdateArgs): Promise<VisaApplicationModel> {
  const application = await visaApplicationGetById({ db, viewer, id });
  assertCan(viewer, 'visaApplication:update');
  const { assignedToId: assignee, ...patch } = parseInput(updateVisaApplicationInput, input);
  if (patch.visaTypeId) await visaTypeFor(db, viewer, patch.visaTypeId, 'input.visaTypeId');
  // Only a change of assignee is checked: keeping one the viewer could not pick is no new assignment.
  let assignedToId: string | null | undefined;
  if (assignee === null) assignedToId = null;
  else if (assignee !== undefined && assignee !== application.assignedToId) {
    assignedToId = await assertAssignable({ db, viewer, userId: assignee, path: 'input.assignedToId' });
  }
  await visaApplicationChange(db, viewer, application, { ...patch, ...(assignedToId !== undefined ? { assignedToId } : {}) });
  return visaApplicationGetById({ db, viewer, id: application.id });
}

/**
 * Writes a change of a loaded application with its event, in one transaction (setting deletedAt
 * records VisaApplication.DELETE, clearing it deleted_at.UPDATE for a restore).
 */
function visaApplicationChange(
  db: TenantDb,
  viewer: TenantViewer,
  application: VisaApplicationModel,
  changes: Partial<VisaApplicationModel>,
): Promise<VisaApplicationModel> {
  const set = { ...changes, updatedById: viewer.id };
  return inTransaction(db.orm, (tx) =>
    updateRecorded(tx, db, viewer, 'VisaApplication', db.t.visaApplications, application, set, 'Visa application'),
  );
}

export type VisaApplicationDeleteArgs = VisaApplicationWriteArgs & { id: string };

/** Soft-deletes a live application in scope (BRANCH_ADMIN and above); it leaves lists and counts. */
export async function visaApplicationDelete({ db, viewer, id }: VisaApplicationDeleteArgs): Promise<VisaApplicationModel> {
  const application = await visaApplicationGetById({ db, viewer, id });
  assertCan(viewer, 'visaApplication:delete');
  return visaApplicationChange(db, viewer, application, { deletedAt: new Date() });
}

export type VisaApplicationRestoreArgs = VisaApplicationWriteArgs & { id: string };

/** Restores a deleted application in scope; restoring a live one changes nothing. */
export async function visaApplicationRestore({ db, viewer, id }: VisaApplicationRestoreArgs): Promise<VisaApplicationModel> {
  const application = await visaApplicationGetById({ db, viewer, id, includeDeleted: true });
  assertCan(viewer, 'visaApplication:delete');
  if (!application.deletedAt) return application;
  return visaApplicationChange(db, viewer, application, { deletedAt: null });
}
