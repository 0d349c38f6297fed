// Visa applications at the service level: for whose clients one may be opened, what a status change
// records, and who may delete and restore one.
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { visaApplicationGetById } from '../../src/modules/visas/selectors/visa-applications.js';
import {
  visaApplicationCreate,
  visaApplicationDelete,
  visaApplicationRestore,
  visaApplicationUpdate,
} from '../../src/modules/visas/services/visa-applications.js';
import { visaCategoryCreate, visaTypeCreate } from '../../src/modules/visas/services/visa-catalogue.js';
import { refused, useServiceOrg } from '../kit/service-kit.js';

const org = useServiceOrg();
const { fx } = org;
let visaTypeId = '';
const money = { immigrationFee: '650.00', serviceFee: '1200.00' };

beforeAll(async () => {
  const viewer = await org.viewer('SUPER_ADMIN');
  const category = await visaCategoryCreate({ db: org.db, viewer, input: { name: 'Student', code: 'ST' } });
  const input = { visaCategoryId: category.id, name: 'Subclass 500', checklist: ['Passport', 'CoE'] };
  visaTypeId = (await visaTypeCreate({ db: org.db, viewer, input })).id;
});

/** A new application for a new client of B11, opened by that branch's consultant. */
async function application() {
  const viewer = await org.viewer('CONSULTANT@B11');
  const clientId = await org.client('B11');
  return visaApplicationCreate({ db: org.db, viewer, input: { clientId, visaTypeId, ...money } });
}

/** The status events stored for application `id`, oldest first. */
async function statusEvents(id: string) {
  const e = org.db.t.events;
  const rows = await org.db.orm
    .select()
    .from(e)
    .where(and(eq(e.entityId, id), eq(e.eventType, 'VisaApplication.status.UPDATE')))
    .orderBy(e.createdAt);
  return rows.map((r) => [r.previousState.status, r.currentState.status]);
}

describe('opening an application', () => {
  it('starts to be applied for, with its type’s checklist as documents not yet received', async () => {
    const a = await application();
    expect(a.status).toBe('TO_BE_APPLIED');
    expect(a.requiredDocuments).toEqual([
      { name: 'Passport', received: false },
      { name: 'CoE', received: false },
    ]);
  });

  it("a consultant cannot open one for another branch's client: the client is NOT_FOUND", async () => {
    const clientId = await org.client('B12');
    const viewer = await org.viewer('CONSULTANT@B11');
    await refused(visaApplicationCreate({ db: org.db, viewer, input: { clientId, visaTypeId, ...money } }), 'NOT_FOUND');
  });

  it('an unknown visa type is bad input on its field', async () => {
    const input = { clientId: await org.client('B11'), visaTypeId: fx.branches.B11, ...money };
    await refused(
      visaApplicationCreate({ db: org.db, viewer: await org.viewer('CONSULTANT@B11'), input }),
      'BAD_USER_INPUT',
      'input.visaTypeId',
    );
  });

  it('a consultant cannot give it to a consultant of another branch', async () => {
    const input = { clientId: await org.client('B11'), visaTypeId, ...money, assignedToId: fx.users['CONSULTANT@B21']!.id };
    await refused(visaApplicationCreate({ db: org.db, viewer: await org.viewer('CONSULTANT@B11'), input }), 'FORBIDDEN');
  });
});

describe('status changes', () => {
  it('each change of status is recorded with where it came from; a save without one records none', async () => {
    const { id } = await application();
    const viewer = await org.viewer('CONSULTANT@B11');
    await visaApplicationUpdate({ db: org.db, viewer, id, input: { status: 'VISA_APPLIED', dateApplied: '2030-01-10' } });
    await visaApplicationUpdate({ db: org.db, viewer, id, input: { notes: 'Biometrics booked' } });
    await visaApplicationUpdate({ db: org.db, viewer, id, input: { status: 'VISA_APPLIED' } });
    const granted = await visaApplicationUpdate({
      db: org.db,
      viewer,
      id,
      input: { status: 'GRANTED', dateGranted: '2030-03-01' },
    });
    expect(granted).toMatchObject({ status: 'GRANTED', dateApplied: '2030-01-10', dateGranted: '2030-03-01' });
    expect(await statusEvents(id)).toEqual([
      ['TO_BE_APPLIED', 'VISA_APPLIED'],
      ['VISA_APPLIED', 'GRANTED'],
    ]);
  });

  it('a status that is not one is refused on its field, and the application keeps its own', async () => {
    const { id } = await application();
    const viewer = await org.viewer('CONSULTANT@B11');
    await refused(
      visaApplicationUpdate({ db: org.db, viewer, id, input: { status: 'APPROVED' } }),
      'BAD_USER_INPUT',
      'input.status',
    );
    expect((await visaApplicationGetById({ db: org.db, viewer, id })).status).toBe('TO_BE_APPLIED');
  });
});

describe('deleting and restoring', () => {
  it('a consultant may not delete an application', async () => {
    const { id } = await application();
    await refused(visaApplicationDelete({ db: org.db, viewer: await org.viewer('CONSULTANT@B11'), id }), 'FORBIDDEN');
  });

  it('a deleted application is gone for the consultant until the branch admin restores it', async () => {
    const { id } = await application();
    const admin = await org.viewer('BRANCH_ADMIN@B11');
    const consultant = await org.viewer('CONSULTANT@B11');
    expect((await visaApplicationDelete({ db: org.db, viewer: admin, id })).deletedAt).toBeInstanceOf(Date);
    await refused(visaApplicationGetById({ db: org.db, viewer: consultant, id }), 'NOT_FOUND');
    expect((await visaApplicationRestore({ db: org.db, viewer: admin, id })).deletedAt).toBeNull();
    expect((await visaApplicationGetById({ db: org.db, viewer: consultant, id })).id).toBe(id);
  });
});
