// Regions and branches at the service level: who writes them (a region manager inside its regions
// only), unique names, and what must be empty before a delete. Each test makes its own regions and
// branches, so the fixture's organisation stays as it was.
import { describe, expect, it } from 'vitest';
import { branchGetById } from '../../src/modules/org/selectors.js';
import {
  branchCreate,
  branchDelete,
  branchRestore,
  branchUpdate,
  regionCreate,
  regionDelete,
} from '../../src/modules/org/services.js';
import { clientSetDeleted } from '../../src/modules/clients/services/clients.js';
import { refused, useServiceOrg } from '../kit/service-kit.js';

const org = useServiceOrg();
let n = 0;
const named = (what: string) => ({ name: `${what} ${++n}` });

async function newRegion() {
  return regionCreate({ db: org.db, viewer: await org.viewer('SUPER_ADMIN'), input: named('Region') });
}

describe('who writes regions and branches', () => {
  it('a country manager creates a region; a region manager may not', async () => {
    expect(
      (await regionCreate({ db: org.db, viewer: await org.viewer('COUNTRY_MANAGER@B11'), input: named('Region') })).id,
    ).toBeTruthy();
    await refused(
      regionCreate({ db: org.db, viewer: await org.viewer('REGION_MANAGER@B11'), input: named('Region') }),
      'FORBIDDEN',
    );
  });

  it('a region manager creates branches in its region only, and none without a region', async () => {
    const viewer = await org.viewer('REGION_MANAGER@B11');
    const branch = await branchCreate({ db: org.db, viewer, input: { ...named('Branch'), regionId: org.fx.regions.R1 } });
    expect(branch.regionId).toBe(org.fx.regions.R1);
    await refused(branchCreate({ db: org.db, viewer, input: { ...named('Branch'), regionId: org.fx.regions.R2 } }), 'FORBIDDEN');
    await refused(branchCreate({ db: org.db, viewer, input: named('Branch') }), 'FORBIDDEN');
  });

  it('a region manager may not move a branch of its region into another', async () => {
    const viewer = await org.viewer('REGION_MANAGER@B21');
    const { id } = await branchCreate({ db: org.db, viewer, input: { ...named('Branch'), regionId: org.fx.regions.R2 } });
    await refused(branchUpdate({ db: org.db, viewer, id, input: { regionId: org.fx.regions.R1 } }), 'FORBIDDEN');
    expect((await branchGetById({ db: org.db, viewer, id })).regionId).toBe(org.fx.regions.R2);
  });

  it('a name already taken is a CONFLICT on the name, for regions and branches alike', async () => {
    const owner = await org.viewer('SUPER_ADMIN');
    await refused(regionCreate({ db: org.db, viewer: owner, input: { name: 'Region R1' } }), 'CONFLICT', 'input.name');
    await refused(branchCreate({ db: org.db, viewer: owner, input: { name: 'Branch B11' } }), 'CONFLICT', 'input.name');
  });
});

describe('what a delete needs', () => {
  it('a region with a live branch stays; once the branch is deleted, the region goes', async () => {
    const owner = await org.viewer('SUPER_ADMIN');
    const region = await newRegion();
    const branch = await branchCreate({ db: org.db, viewer: owner, input: { ...named('Branch'), regionId: region.id } });
    await refused(regionDelete({ db: org.db, viewer: owner, id: region.id }), 'CONFLICT');
    await branchDelete({ db: org.db, viewer: owner, id: branch.id });
    expect(await regionDelete({ db: org.db, viewer: owner, id: region.id })).toBe(true);
  });

  it('a branch with a live client stays; deleted, it leaves its users’ scope until it is restored', async () => {
    const owner = await org.viewer('SUPER_ADMIN');
    const branch = await branchCreate({ db: org.db, viewer: owner, input: { ...named('Branch'), regionId: org.fx.regions.R1 } });
    const consultant = await org.newViewer('CONSULTANT', { branches: [branch.id] });
    expect(consultant.branchIds).toEqual([branch.id]);
    const clientId = await org.client(branch.id);
    await refused(branchDelete({ db: org.db, viewer: owner, id: branch.id }), 'CONFLICT');
    await clientSetDeleted({ db: org.db, viewer: owner, id: clientId, deleted: true });
    expect((await branchDelete({ db: org.db, viewer: owner, id: branch.id })).deletedAt).toBeInstanceOf(Date);
    expect((await org.reread(consultant)).branchIds).toEqual([]);
    await branchRestore({ db: org.db, viewer: owner, id: branch.id });
    expect((await org.reread(consultant)).branchIds).toEqual([branch.id]);
  });
});
