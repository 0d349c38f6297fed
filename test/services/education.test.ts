// College applications at the service level: where a new one starts, which references it may
// name, and where it may move. The master data comes from test/kit/education-kit.ts.
import { beforeAll, describe, expect, it } from 'vitest';
import { collegeApplicationCreate, collegeApplicationMove } from '../../src/modules/education/services/college-application.js';
import { collegeAppInput, educationKit, educationWorld, type World } from '../kit/education-kit.js';
import { refused, useServiceOrg } from '../kit/service-kit.js';

const org = useServiceOrg();
const kit = educationKit(
  () => org.server,
  () => org.fx.as('SUPER_ADMIN'),
);
let world: World;

beforeAll(async () => {
  world = await educationWorld(kit);
});

/** A college application for a new client of B11, made by that branch's consultant. */
async function apply(extra: Record<string, unknown> = {}) {
  const viewer = await org.viewer('CONSULTANT@B11');
  const input = collegeAppInput(world, await org.client('B11'), extra);
  return collegeApplicationCreate({ db: org.db, viewer, input });
}

describe('a new college application', () => {
  it('starts at the first stage of its type by position, not the first one made', async () => {
    const applicationTypeId = await kit.type();
    await kit.stage(applicationTypeId, 'Offer');
    const applied = await kit.stage(applicationTypeId, 'Applied', 1);
    expect((await apply({ applicationTypeId })).stageId).toBe(applied);
  });

  it('needs a type with stages', async () => {
    await refused(apply({ applicationTypeId: await kit.type() }), 'BAD_USER_INPUT', 'input.applicationTypeId');
  });

  it('names a course, intake and campus of its own institute only', async () => {
    const other = await kit.institute();
    const intakeId = await kit.intake(other);
    await refused(apply({ intakeId }), 'BAD_USER_INPUT', 'input.intakeId');
  });

  it("a consultant cannot make one for another branch's client", async () => {
    const input = collegeAppInput(world, await org.client('B21'));
    await refused(collegeApplicationCreate({ db: org.db, viewer: await org.viewer('CONSULTANT@B11'), input }), 'NOT_FOUND');
  });
});

describe('moving an application', () => {
  it('goes to another stage of its own type, and never to a stage of another type', async () => {
    const app = await apply();
    const viewer = await org.viewer('CONSULTANT@B11');
    const moved = await collegeApplicationMove({ db: org.db, viewer, id: app.id, stageId: world.stageIds[2]! });
    expect(moved.stageId).toBe(world.stageIds[2]);
    const foreign = await kit.stage(await kit.type(), 'Elsewhere');
    await refused(collegeApplicationMove({ db: org.db, viewer, id: app.id, stageId: foreign }), 'BAD_USER_INPUT', 'stageId');
  });
});
