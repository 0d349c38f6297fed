// Clients at the service level: whose clients a viewer reads (its branches, every one of them, its
// region's), and where it may put a new client.
import { beforeAll, describe, expect, it } from 'vitest';
import type { TenantViewer } from '../../src/auth/viewer.js';
import { clientGetById, clientList } from '../../src/modules/clients/selectors/clients.js';
import { clientCreate, clientSetDeleted } from '../../src/modules/clients/services/clients.js';
import { BRANCHES, type BranchKey } from '../kit/org-fixture.js';
import { PERSON, refused, useServiceOrg } from '../kit/service-kit.js';

const org = useServiceOrg();
const { fx } = org;
const clientOf = {} as Record<BranchKey, string>;

beforeAll(async () => {
  const owner = await org.viewer('SUPER_ADMIN');
  for (const b of BRANCHES) {
    clientOf[b] = (await clientCreate({ db: org.db, viewer: owner, input: { ...PERSON, branchId: fx.branches[b] } })).id;
  }
});

/** The branches (fixture keys) of the clients `viewer` lists. */
async function branchesSeen(viewer: TenantViewer): Promise<BranchKey[]> {
  const page = await clientList({ db: org.db, viewer, first: 100 });
  const keyOf = (id: string) => BRANCHES.find((b) => fx.branches[b] === id)!;
  return [...new Set(page.nodes.map((c) => keyOf(c.branchId)))].sort();
}

describe('which clients a viewer reads', () => {
  it('a consultant sees only the clients of its branch, and another branch’s client is NOT_FOUND', async () => {
    const viewer = await org.viewer('CONSULTANT@B11');
    expect(await branchesSeen(viewer)).toEqual(['B11']);
    expect((await clientGetById({ db: org.db, viewer, id: clientOf.B11 })).id).toBe(clientOf.B11);
    await refused(clientGetById({ db: org.db, viewer, id: clientOf.B12 }), 'NOT_FOUND');
  });

  it('a consultant of several branches sees the clients of every one of them, and of no other', async () => {
    const viewer = await org.newViewer('CONSULTANT', { branches: ['B11', 'B22'] });
    expect(viewer.branchIds).toHaveLength(2);
    expect(await branchesSeen(viewer)).toEqual(['B11', 'B22']);
    await refused(clientGetById({ db: org.db, viewer, id: clientOf.B21 }), 'NOT_FOUND');
  });

  it('a region manager sees the clients of both branches of its region', async () => {
    expect(await branchesSeen(await org.viewer('REGION_MANAGER@B21'))).toEqual(['B21', 'B22']);
  });

  it('a country manager sees the clients of every branch', async () => {
    expect(await branchesSeen(await org.viewer('COUNTRY_MANAGER@B11'))).toEqual([...BRANCHES].sort());
  });

  it('a deleted client leaves the consultant’s reads', async () => {
    const admin = await org.viewer('BRANCH_ADMIN@B12');
    const { id } = await clientCreate({ db: org.db, viewer: admin, input: PERSON });
    await clientSetDeleted({ db: org.db, viewer: admin, id, deleted: true });
    await refused(clientGetById({ db: org.db, viewer: await org.viewer('CONSULTANT@B12'), id }), 'NOT_FOUND');
  });
});

describe('where a new client may go', () => {
  it('a consultant of one branch need not name it: the client lands there', async () => {
    const c = await clientCreate({ db: org.db, viewer: await org.viewer('CONSULTANT@B21'), input: PERSON });
    expect(c.branchId).toBe(fx.branches.B21);
  });

  it('a consultant of several branches must name one', async () => {
    const viewer = await org.newViewer('CONSULTANT', { branches: ['B11', 'B12'] });
    await refused(clientCreate({ db: org.db, viewer, input: PERSON }), 'BAD_USER_INPUT', 'input.branchId');
    const c = await clientCreate({ db: org.db, viewer, input: { ...PERSON, branchId: fx.branches.B12 } });
    expect(c.branchId).toBe(fx.branches.B12);
  });

  it('a branch outside the viewer’s scope is FORBIDDEN, for a consultant and a region manager alike', async () => {
    const input = { ...PERSON, branchId: fx.branches.B21 };
    await refused(clientCreate({ db: org.db, viewer: await org.viewer('CONSULTANT@B11'), input }), 'FORBIDDEN');
    await refused(clientCreate({ db: org.db, viewer: await org.viewer('REGION_MANAGER@B11'), input }), 'FORBIDDEN');
  });

  it('for a viewer of the whole tenant, an id that is no branch is bad input on the field', async () => {
    const input = { ...PERSON, branchId: '00000000-0000-4000-8000-000000000000' };
    await refused(
      clientCreate({ db: org.db, viewer: await org.viewer('SUPER_ADMIN'), input }),
      'BAD_USER_INPUT',
      'input.branchId',
    );
  });

  it('a client without a first name is refused on that field', async () => {
    const input = { ...PERSON, firstName: ' ', branchId: fx.branches.B11 };
    await refused(
      clientCreate({ db: org.db, viewer: await org.viewer('SUPER_ADMIN'), input }),
      'BAD_USER_INPUT',
      'input.firstName',
    );
  });
});
