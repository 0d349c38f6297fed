// Education: institutes and their parts, the course catalogue, application types with ordered
// stages, and college applications scoped by their client's branch, with counts and a dashboard.
import { beforeAll, describe, expect, it } from 'vitest';
import { createTenant, login, must, type GqlResult } from './kit/server.js';
import { holdAt, lockWaiter } from './kit/hold.js';
import { collegeAppInput, educationKit, educationWorld, type World } from './kit/education-kit.js';
import { useOrgServer } from './kit/use-server.js';

// The statement count below must see only the request's statements, not the background processor's.
const { server, fx, platform, as, owner } = useOrgServer({ EVENTS_PROCESSOR: 'off' });

type Vars = Record<string, unknown>;
type Auth = { tenant: string; token: string };
const fieldsOf = (r: GqlResult) => (r.errors?.[0]?.extensions?.fields ?? []).map((f) => f.path).sort();

let n = 0;
const unique = (prefix: string) => `${prefix} ${++n}-${Date.now() % 100000}`;

const k = educationKit(
  () => server,
  () => fx.as('SUPER_ADMIN'),
);
const world = (auth = k) => educationWorld(auth);

const CREATE_APP = `mutation($i: CreateCollegeApplicationInput!) {
  createCollegeApplication(input: $i) { id stage { id name position isFinalStage } client { id } institute { id } course { id } }
}`;
const appInput = collegeAppInput;

const STAGES = 'query($id: ID!) { applicationType(id: $id) { stagesCount stages { id name position isFinalStage } } }';
async function stagesOf(typeId: string): Promise<{ id: string; name: string; position: number; isFinalStage: boolean }[]> {
  return (await must(owner(STAGES, { id: typeId }))).applicationType.stages;
}
const REORDER =
  'mutation($t: ID!, $s: [ID!]!) { reorderApplicationStages(applicationTypeId: $t, stageIds: $s) { id name position } }';

describe('validation', () => {
  it('an institute without a name or with a long short name is refused with both field paths', async () => {
    const r = await owner('mutation($i: CreateInstituteInput!) { createInstitute(input: $i) { id } }', {
      i: { name: ' ', shortName: 'x'.repeat(21) },
    });
    expect(r.codes).toEqual(['BAD_USER_INPUT']);
    expect(fieldsOf(r)).toEqual(['input.name', 'input.shortName']);
  });

  it('a campus with a bad country and email names those fields', async () => {
    const instituteId = await k.institute();
    const r = await owner('mutation($i: CreateInstituteLocationInput!) { createInstituteLocation(input: $i) { id } }', {
      i: { instituteId, state: 'NSW', country: 'Australia', email: 'nope' },
    });
    expect(r.codes).toEqual(['BAD_USER_INPUT']);
    expect(fieldsOf(r)).toEqual(['input.country', 'input.email']);
  });

  it('an application type with a tax above 100% and a bad currency is refused', async () => {
    const r = await owner('mutation($i: CreateApplicationTypeInput!) { createApplicationType(input: $i) { id } }', {
      i: { title: 'T', currency: 'dollars', taxPercentage: '150' },
    });
    expect(fieldsOf(r)).toEqual(['input.currency', 'input.taxPercentage']);
  });

  it('a consultant may read master data but not write it', async () => {
    const id = await k.institute();
    expect((await as('CONSULTANT@B21', 'query($id: ID!) { institute(id: $id) { id } }', { id })).codes).toEqual([]);
    const r = await as('CONSULTANT@B11', 'mutation($id: ID!) { updateInstitute(id: $id, input: { phone: "1" }) { id } }', { id });
    expect(r.codes).toEqual(['FORBIDDEN']);
  });
});

describe('institutes', () => {
  it('an institute shows its live parts; deleted parts disappear', async () => {
    const w = await world();
    const contact = (
      await must(
        owner('mutation($i: CreateInstituteContactInput!) { createInstituteContact(input: $i) { id gender } }', {
          i: { instituteId: w.instituteId, name: 'Ada', gender: 'FEMALE', email: 'ada@uni.test' },
        }),
      )
    ).createInstituteContact;
    await must(
      owner('mutation($i: CreateInstituteRequirementInput!) { createInstituteRequirement(input: $i) { id requirementType } }', {
        i: { instituteId: w.instituteId, title: 'IELTS 6.5', requirementType: 'LANGUAGE' },
      }),
    );
    const Q = `query($id: ID!) { institute(id: $id) {
      contacts { id name } requirements { title requirementType } locations { display country } intakes { intakeDate } courses { id level { id } }
    } }`;
    const before = (await must(owner(Q, { id: w.instituteId }))).institute;
    expect(before.contacts).toEqual([{ id: contact.id, name: 'Ada' }]);
    expect(before.requirements).toEqual([{ title: 'IELTS 6.5', requirementType: 'LANGUAGE' }]);
    expect(before.locations).toEqual([{ display: 'Victoria, AU', country: 'AU' }]);
    expect(before.intakes).toEqual([{ intakeDate: '2030-02-01' }]);
    expect(before.courses).toEqual([{ id: w.courseId, level: { id: w.levelId } }]);
    await must(owner('mutation($id: ID!) { deleteInstituteContact(id: $id) { deletedAt } }', { id: contact.id }));
    expect((await must(owner(Q, { id: w.instituteId }))).institute.contacts).toEqual([]);
  });

  it('a deleted institute leaves the list and comes back on restore (the original could not restore)', async () => {
    const name = unique('Restorable');
    const id = (
      await must(
        owner('mutation($i: CreateInstituteInput!) { createInstitute(input: $i) { id } }', { i: { name, shortName: 'R' } }),
      )
    ).createInstitute.id;
    const LIST = 'query($s: String) { institutes(filter: { search: $s }) { totalCount nodes { id } } }';
    expect((await must(owner(LIST, { s: name }))).institutes.totalCount).toBe(1);
    const deleted = (await must(owner('mutation($id: ID!) { deleteInstitute(id: $id) { deletedAt } }', { id }))).deleteInstitute;
    expect(deleted.deletedAt).not.toBeNull();
    expect((await must(owner(LIST, { s: name }))).institutes.totalCount).toBe(0);
    expect((await as('CONSULTANT@B11', 'query($id: ID!) { institute(id: $id) { id } }', { id })).codes).toEqual(['NOT_FOUND']);
    const restored = (
      await must(as('BRANCH_ADMIN@B11', 'mutation($id: ID!) { restoreInstitute(id: $id) { id deletedAt } }', { id }))
    ).restoreInstitute;
    expect(restored).toEqual({ id, deletedAt: null });
    expect((await must(owner(LIST, { s: name }))).institutes.nodes).toEqual([{ id }]);
  });

  it('institutes page with opaque cursors and search by short name', async () => {
    const tag = unique('PAGE').replace(/\W/g, '').slice(0, 12);
    for (let i = 0; i < 3; i++) {
      await must(
        owner('mutation($i: CreateInstituteInput!) { createInstitute(input: $i) { id } }', {
          i: { name: `P${i}`, shortName: tag },
        }),
      );
    }
    const Q =
      'query($s: String, $a: String) { institutes(first: 2, after: $a, filter: { search: $s }) { totalCount nodes { name } pageInfo { hasNextPage endCursor } } }';
    const p1 = (await must(owner(Q, { s: tag }))).institutes;
    expect(p1.totalCount).toBe(3);
    expect(p1.nodes.map((x: { name: string }) => x.name)).toEqual(['P0', 'P1']);
    const p2 = (await must(owner(Q, { s: tag, a: p1.pageInfo.endCursor }))).institutes;
    expect(p2.nodes.map((x: { name: string }) => x.name)).toEqual(['P2']);
    expect(p2.pageInfo.hasNextPage).toBe(false);
  });
});

describe('the course catalogue', () => {
  it('a course whose narrow field belongs to another broad field is refused', async () => {
    const w = await world();
    const otherBroad = await k.broad();
    const r = await owner('mutation($i: CreateCourseInput!) { createCourse(input: $i) { id } }', {
      i: {
        name: 'Mismatch',
        instituteId: w.instituteId,
        levelId: w.levelId,
        broadFieldId: otherBroad,
        narrowFieldId: w.narrowFieldId,
        totalTuitionFee: '1',
        coeFee: '1',
      },
    });
    expect(r.codes).toEqual(['BAD_USER_INPUT']);
    expect(fieldsOf(r)).toEqual(['input.narrowFieldId']);
    const u = await owner('mutation($id: ID!, $b: ID!) { updateCourse(id: $id, input: { broadFieldId: $b }) { id } }', {
      id: w.courseId,
      b: otherBroad,
    });
    expect(fieldsOf(u)).toEqual(['input.narrowFieldId']);
  });

  it('course level names are unique among live levels, and free again once the level is deleted', async () => {
    const name = unique('Diploma');
    const CREATE = 'mutation($n: String!) { createCourseLevel(input: { name: $n }) { id } }';
    const first = (await must(owner(CREATE, { n: name }))).createCourseLevel.id;
    expect((await owner(CREATE, { n: name.toUpperCase() })).codes).toEqual(['CONFLICT']);
    await must(owner('mutation($id: ID!) { deleteCourseLevel(id: $id) { id } }', { id: first }));
    expect((await owner(CREATE, { n: name })).codes).toEqual([]);
  });

  it('a level, broad field or narrow field used by a live course cannot be deleted', async () => {
    const w = await world();
    for (const [field, id] of [
      ['deleteCourseLevel', w.levelId],
      ['deleteBroadField', w.broadFieldId],
      ['deleteNarrowField', w.narrowFieldId],
    ]) {
      expect((await owner(`mutation($id: ID!) { ${field}(id: $id) { id } }`, { id })).codes).toEqual(['CONFLICT']);
    }
    await must(owner('mutation($id: ID!) { deleteCourse(id: $id) { id } }', { id: w.courseId }));
    expect((await owner('mutation($id: ID!) { deleteCourseLevel(id: $id) { id } }', { id: w.levelId })).codes).toEqual([]);
    expect((await owner('mutation($id: ID!) { deleteNarrowField(id: $id) { id } }', { id: w.narrowFieldId })).codes).toEqual([]);
    expect((await owner('mutation($id: ID!) { deleteBroadField(id: $id) { id } }', { id: w.broadFieldId })).codes).toEqual([]);
  });

  // PostgreSQL only: PGlite is one session, so the delete cannot run while the course's transaction
  // is open there, and there is no lock to observe.
  it.runIf(process.env.DATABASE_URL)(
    'a level deleted while a course naming it is being written waits, then is refused',
    async () => {
      const w = await world();
      const levelId = await k.level();
      const hold = holdAt('course.create.checked');
      try {
        const creating = owner('mutation($i: CreateCourseInput!) { createCourse(input: $i) { id level { id } } }', {
          i: {
            name: unique('Course'),
            instituteId: w.instituteId,
            levelId,
            broadFieldId: w.broadFieldId,
            narrowFieldId: w.narrowFieldId,
            totalTuitionFee: '30000.00',
            coeFee: '250',
          },
        });
        // The create must reach its hold: one that ends first (in error or not) fails here.
        await Promise.race([
          hold.reached,
          creating.then((r) => {
            throw new Error(`the create ended before its hold: ${JSON.stringify(r.errors)}`);
          }),
        ]);
        let settled = false;
        const deleting = owner('mutation($id: ID!) { deleteCourseLevel(id: $id) { id } }', { id: levelId }).finally(
          () => (settled = true),
        );
        // The course's transaction holds the level FOR SHARE: the delete's FOR UPDATE waits on it.
        await lockWaiter(process.env.DATABASE_URL!, '%course_levels%for update%');
        expect(settled).toBe(false);
        hold.release();
        expect((await must(creating)).createCourse.level).toEqual({ id: levelId });
        expect((await deleting).codes).toEqual(['CONFLICT']);
      } finally {
        hold.end();
      }
      const levels = await must(owner('{ courseLevels(first: 100) { nodes { id } } }'));
      expect(levels.courseLevels.nodes).toContainEqual({ id: levelId });
    },
  );

  it('a broad field lists its narrow fields', async () => {
    const broad = await k.broad();
    const narrow = await k.narrow(broad);
    const r = await must(
      owner(
        'query($b: ID!) { narrowFields(filter: { broadFieldId: $b }) { nodes { id broadField { id narrowFields { id } } } } }',
        { b: broad },
      ),
    );
    expect(r.narrowFields.nodes).toEqual([{ id: narrow, broadField: { id: broad, narrowFields: [{ id: narrow }] } }]);
  });
});

describe('application stages keep positions 1..n', () => {
  it('appending and inserting at a position shift the later stages; only the last is final', async () => {
    const t = await k.type();
    const a = await k.stage(t, 'A');
    const b = await k.stage(t, 'B');
    const c = await k.stage(t, 'C');
    const d = await k.stage(t, 'D', 2);
    const stages = await stagesOf(t);
    expect(stages.map((s) => [s.id, s.position, s.isFinalStage])).toEqual([
      [a, 1, false],
      [d, 2, false],
      [b, 3, false],
      [c, 4, true],
    ]);
    const r = await owner(
      'mutation($t: ID!) { createApplicationStage(input: { applicationTypeId: $t, name: "X", position: 9 }) { id } }',
      { t },
    );
    expect(fieldsOf(r)).toEqual(['input.position']);
  });

  it('reorder takes the complete new order and renumbers 1..n', async () => {
    const t = await k.type();
    const [a, b, c] = [await k.stage(t, 'A'), await k.stage(t, 'B'), await k.stage(t, 'C')];
    const r = (await must(owner(REORDER, { t, s: [c, a, b] }))).reorderApplicationStages;
    expect(r.map((s: { id: string; position: number }) => [s.id, s.position])).toEqual([
      [c, 1],
      [a, 2],
      [b, 3],
    ]);
    expect((await stagesOf(t)).map((s) => s.name)).toEqual(['C', 'A', 'B']);
  });

  it('reorder with a missing, duplicated or foreign stage is BAD_USER_INPUT and changes nothing', async () => {
    const t = await k.type();
    const [a, b, c] = [await k.stage(t, 'A'), await k.stage(t, 'B'), await k.stage(t, 'C')];
    const foreign = await k.stage(await k.type(), 'Elsewhere');
    const missing = await owner(REORDER, { t, s: [c, a] });
    expect(missing.codes).toEqual(['BAD_USER_INPUT']);
    expect(fieldsOf(missing)).toEqual(['stageIds']);
    const twice = await owner(REORDER, { t, s: [c, a, a] });
    expect(fieldsOf(twice)).toEqual(['stageIds', 'stageIds.2']);
    const other = await owner(REORDER, { t, s: [c, b, a, foreign] });
    expect(other.codes).toEqual(['BAD_USER_INPUT']);
    expect(fieldsOf(other)).toEqual(['stageIds.3']);
    expect((await stagesOf(t)).map((s) => [s.id, s.position])).toEqual([
      [a, 1],
      [b, 2],
      [c, 3],
    ]);
  });

  it('deleting a stage closes the gap; a stage with a live application cannot be deleted', async () => {
    const w = await world();
    const [applied, offer, enrolled] = w.stageIds;
    await must(owner('mutation($id: ID!) { deleteApplicationStage(id: $id) }', { id: offer }));
    expect((await stagesOf(w.applicationTypeId)).map((s) => [s.id, s.position, s.isFinalStage])).toEqual([
      [applied, 1, false],
      [enrolled, 2, true],
    ]);
    await must(owner(CREATE_APP, { i: appInput(w, await k.client(fx.branches.B11)) }));
    expect((await owner('mutation($id: ID!) { deleteApplicationStage(id: $id) }', { id: applied })).codes).toEqual(['CONFLICT']);
    expect((await stagesOf(w.applicationTypeId)).length).toBe(2);
  });

  it('a failure midway through a reorder leaves every position as it was', async () => {
    const t = await k.type();
    const [a, b, c] = [await k.stage(t, 'A'), await k.stage(t, 'B'), await k.stage(t, 'C')];
    const schema = `"${fx.tenant.schemaName}"`;
    // The first step parks the stages at temporary positions; the trigger then fails the second.
    await server.runtime.database.exec(`
      create function ${schema}.edu_fail_second_step() returns trigger language plpgsql as $$
      begin
        if old.position >= 1000000 then raise exception 'injected failure'; end if;
        return new;
      end $$;
      create trigger edu_fail_second_step before update on ${schema}.application_stages
        for each row execute function ${schema}.edu_fail_second_step();`);
    try {
      const r = await owner(REORDER, { t, s: [c, b, a] });
      expect(r.codes).toEqual(['INTERNAL_SERVER_ERROR']);
    } finally {
      await server.runtime.database.exec(`
        drop trigger edu_fail_second_step on ${schema}.application_stages;
        drop function ${schema}.edu_fail_second_step();`);
    }
    expect((await stagesOf(t)).map((s) => [s.id, s.position])).toEqual([
      [a, 1],
      [b, 2],
      [c, 3],
    ]);
  });
});

describe('application types', () => {
  it('an application type in use cannot be deleted until its applications are', async () => {
    const w = await world();
    const app = (await must(owner(CREATE_APP, { i: appInput(w, await k.client(fx.branches.B12)) }))).createCollegeApplication;
    const DEL = 'mutation($id: ID!) { deleteApplicationType(id: $id) { id deletedAt } }';
    const r = await owner(DEL, { id: w.applicationTypeId });
    expect(r.codes).toEqual(['CONFLICT']);
    const HAS = 'query($id: ID!) { applicationType(id: $id) { hasApplications deletedAt } }';
    expect((await must(owner(HAS, { id: w.applicationTypeId }))).applicationType).toEqual({
      hasApplications: true,
      deletedAt: null,
    });
    await must(owner('mutation($id: ID!) { deleteCollegeApplication(id: $id) { id } }', { id: app.id }));
    expect((await owner(DEL, { id: w.applicationTypeId })).codes).toEqual([]);
    const restored = await must(
      owner('mutation($id: ID!) { restoreApplicationType(id: $id) { deletedAt } }', { id: w.applicationTypeId }),
    );
    expect(restored.restoreApplicationType.deletedAt).toBeNull();
  });
});

describe('college applications', () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  });

  it('an application created while its type is deleted is refused, never left on the deleted type', async () => {
    const own = await world();
    const clientId = await k.client(fx.branches.B11);
    const hold = holdAt('collegeApplication.create.checked');
    try {
      const creating = as('CONSULTANT@B11', CREATE_APP, { i: appInput(own, clientId) });
      await Promise.race([hold.reached, creating.then((r) => expect(r.errors, JSON.stringify(r.errors)).toBeUndefined())]);
      await must(owner('mutation($id: ID!) { deleteApplicationType(id: $id) { id } }', { id: own.applicationTypeId }));
      hold.release();
      const r = await creating;
      expect(r.codes).toEqual(['BAD_USER_INPUT']);
      expect(r.errors![0]!.extensions!.fields).toEqual([
        { path: 'input.applicationTypeId', message: 'is not a live application type' },
      ]);
    } finally {
      hold.end();
    }
  });

  it('a new application starts at the first stage and shows its client, institute and course', async () => {
    const clientId = await k.client(fx.branches.B11);
    const app = (await must(as('CONSULTANT@B11', CREATE_APP, { i: appInput(w, clientId) }))).createCollegeApplication;
    expect(app).toMatchObject({
      stage: { id: w.stageIds[0], name: 'Applied', position: 1, isFinalStage: false },
      client: { id: clientId },
      institute: { id: w.instituteId },
      course: { id: w.courseId },
    });
    const viaClient = await must(
      owner('query($id: ID!) { client(id: $id) { collegeApplications { id createdBy { id } } } }', { id: clientId }),
    );
    expect(viaClient.client.collegeApplications).toEqual([{ id: app.id, createdBy: { id: fx.users['CONSULTANT@B11']!.id } }]);
  });

  it('a course, intake or campus of another institute is refused', async () => {
    const other = await world();
    const clientId = await k.client(fx.branches.B11);
    const r = await owner(CREATE_APP, { i: appInput(w, clientId, { courseId: other.courseId, intakeId: other.intakeId }) });
    expect(r.codes).toEqual(['BAD_USER_INPUT']);
    expect(fieldsOf(r)).toEqual(['input.courseId']);
    const r2 = await owner(CREATE_APP, { i: appInput(w, clientId, { locationId: other.locationId }) });
    expect(fieldsOf(r2)).toEqual(['input.locationId']);
  });

  it('changing the institute re-checks the stored course, intake and campus', async () => {
    const other = await world();
    const app = (await must(owner(CREATE_APP, { i: appInput(w, await k.client(fx.branches.B11)) }))).createCollegeApplication;
    const UPD =
      'mutation($id: ID!, $i: UpdateCollegeApplicationInput!) { updateCollegeApplication(id: $id, input: $i) { institute { id } course { id } } }';
    const r = await owner(UPD, { id: app.id, i: { instituteId: other.instituteId, courseId: other.courseId } });
    expect(fieldsOf(r)).toEqual(['input.intakeId']);
    const moved = await must(
      owner(UPD, {
        id: app.id,
        i: { instituteId: other.instituteId, courseId: other.courseId, intakeId: other.intakeId, locationId: other.locationId },
      }),
    );
    expect(moved.updateCollegeApplication).toEqual({ institute: { id: other.instituteId }, course: { id: other.courseId } });
  });

  it('an inactive type or a type without stages cannot be used', async () => {
    const clientId = await k.client(fx.branches.B11);
    const empty = await k.type();
    expect(fieldsOf(await owner(CREATE_APP, { i: appInput(w, clientId, { applicationTypeId: empty }) }))).toEqual([
      'input.applicationTypeId',
    ]);
    const inactive = await k.type();
    await k.stage(inactive, 'Only');
    await must(
      owner('mutation($id: ID!) { updateApplicationType(id: $id, input: { isActive: false }) { isActive } }', { id: inactive }),
    );
    expect(fieldsOf(await owner(CREATE_APP, { i: appInput(w, clientId, { applicationTypeId: inactive }) }))).toEqual([
      'input.applicationTypeId',
    ]);
  });

  it('agents must be live and of the right type; null clears them', async () => {
    const agent = async (agentType: string) =>
      (
        await must(
          owner('mutation($i: CreateAgentInput!) { createAgent(input: $i) { id } }', {
            i: { agentName: unique('Agent'), agentType },
          }),
        )
      ).createAgent.id as string;
    const [superAgent, subAgent] = [await agent('SUPER_AGENT'), await agent('SUB_AGENT')];
    const clientId = await k.client(fx.branches.B11);
    const wrong = await owner(CREATE_APP, { i: appInput(w, clientId, { superAgentId: subAgent, subAgentId: superAgent }) });
    expect(fieldsOf(wrong)).toEqual(['input.superAgentId']);
    const app = (await must(owner(CREATE_APP, { i: appInput(w, clientId, { superAgentId: superAgent, subAgentId: subAgent }) })))
      .createCollegeApplication;
    const UPD =
      'mutation($id: ID!, $i: UpdateCollegeApplicationInput!) { updateCollegeApplication(id: $id, input: $i) { superAgent { id } subAgent { id } superAgentId } }';
    expect((await must(owner(UPD, { id: app.id, i: { notes: 'x' } }))).updateCollegeApplication).toEqual({
      superAgent: { id: superAgent },
      subAgent: { id: subAgent },
      superAgentId: superAgent,
    });
    expect((await must(owner(UPD, { id: app.id, i: { superAgentId: null } }))).updateCollegeApplication.superAgent).toBeNull();
  });

  it('the assignee must be inside the actor’s user scope', async () => {
    const clientId = await k.client(fx.branches.B11);
    const r = await as('CONSULTANT@B11', CREATE_APP, {
      i: appInput(w, clientId, { assignedToId: fx.users['CONSULTANT@B21']!.id }),
    });
    expect(r.codes).toEqual(['FORBIDDEN']);
    const ok = await as('CONSULTANT@B11', CREATE_APP, {
      i: appInput(w, clientId, { assignedToId: fx.users['BRANCH_ADMIN@B11']!.id }),
    });
    expect(ok.codes).toEqual([]);
  });

  it('moving to a stage of another type is refused; to one of its own type works', async () => {
    const app = (await must(owner(CREATE_APP, { i: appInput(w, await k.client(fx.branches.B11)) }))).createCollegeApplication;
    const foreign = await k.stage(await k.type(), 'Foreign');
    const MOVE = 'mutation($id: ID!, $s: ID!) { moveCollegeApplication(id: $id, stageId: $s) { stage { id isFinalStage } } }';
    expect(fieldsOf(await owner(MOVE, { id: app.id, s: foreign }))).toEqual(['stageId']);
    const moved = await must(owner(MOVE, { id: app.id, s: w.stageIds[2] }));
    expect(moved.moveCollegeApplication.stage).toEqual({ id: w.stageIds[2], isFinalStage: true });
  });

  it('scoped roles see the applications of their branches only; out of scope reads are NOT_FOUND', async () => {
    const inB11 = (await must(owner(CREATE_APP, { i: appInput(w, await k.client(fx.branches.B11)) }))).createCollegeApplication
      .id;
    const inB21 = (await must(owner(CREATE_APP, { i: appInput(w, await k.client(fx.branches.B21)) }))).createCollegeApplication
      .id;
    const LIST = 'query($t: ID!) { collegeApplications(first: 100, filter: { applicationTypeId: $t }) { nodes { id } } }';
    const ids = async (who: string) =>
      (await must(as(who, LIST, { t: w.applicationTypeId }))).collegeApplications.nodes.map((x: { id: string }) => x.id);
    for (const who of ['CONSULTANT@B11', 'BRANCH_ADMIN@B11', 'REGION_MANAGER@B11']) {
      expect(await ids(who)).toContain(inB11);
      expect(await ids(who)).not.toContain(inB21);
      expect((await as(who, 'query($id: ID!) { collegeApplication(id: $id) { id } }', { id: inB21 })).codes).toEqual([
        'NOT_FOUND',
      ]);
    }
    expect(await ids('COUNTRY_MANAGER@B11')).toEqual(expect.arrayContaining([inB11, inB21]));
    const move = 'mutation($id: ID!, $s: ID!) { moveCollegeApplication(id: $id, stageId: $s) { id } }';
    expect((await as('CONSULTANT@B21', move, { id: inB11, s: w.stageIds[1] })).codes).toEqual(['NOT_FOUND']);
  });

  it('deleted applications and applications of deleted clients leave the list; restore brings an application back', async () => {
    const clientId = await k.client(fx.branches.B11);
    const app = (await must(owner(CREATE_APP, { i: appInput(w, clientId) }))).createCollegeApplication.id;
    const LIST = 'query($c: ID!) { collegeApplications(filter: { clientId: $c }) { totalCount } }';
    expect(
      (await as('CONSULTANT@B11', 'mutation($id: ID!) { deleteCollegeApplication(id: $id) { id } }', { id: app })).codes,
    ).toEqual(['FORBIDDEN']);
    await must(as('BRANCH_ADMIN@B11', 'mutation($id: ID!) { deleteCollegeApplication(id: $id) { deletedAt } }', { id: app }));
    expect((await must(owner(LIST, { c: clientId }))).collegeApplications.totalCount).toBe(0);
    await must(as('BRANCH_ADMIN@B11', 'mutation($id: ID!) { restoreCollegeApplication(id: $id) { deletedAt } }', { id: app }));
    expect((await must(owner(LIST, { c: clientId }))).collegeApplications.totalCount).toBe(1);
    await must(owner('mutation($id: ID!) { deleteClient(id: $id) { id } }', { id: clientId }));
    expect((await must(owner(LIST, { c: clientId }))).collegeApplications.totalCount).toBe(0);
    expect((await owner('query($id: ID!) { collegeApplication(id: $id) { id } }', { id: app })).codes).toEqual(['NOT_FOUND']);
  });

  it('applications page newest first with opaque cursors, without gaps or repeats', async () => {
    const clientId = await k.client(fx.branches.B12);
    const created: string[] = [];
    for (let i = 0; i < 5; i++)
      created.push((await must(owner(CREATE_APP, { i: appInput(w, clientId) }))).createCollegeApplication.id);
    const Q = `query($c: ID!, $a: String) { collegeApplications(first: 2, after: $a, filter: { clientId: $c }) {
      totalCount nodes { id } pageInfo { hasNextPage endCursor } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 3; page++) {
      const conn: { totalCount: number; nodes: { id: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } = (
        await must(owner(Q, { c: clientId, a: after }))
      ).collegeApplications;
      expect(conn.totalCount).toBe(5);
      seen.push(...conn.nodes.map((x) => x.id));
      expect(conn.pageInfo.hasNextPage).toBe(page < 2);
      after = conn.pageInfo.endCursor;
    }
    expect(seen).toEqual([...created].reverse());
  });

  it('a page of applications with all their relations costs the same number of statements for 2 or 6 rows', async () => {
    const clientId = await k.client(fx.branches.B12);
    for (let i = 0; i < 6; i++) await must(owner(CREATE_APP, { i: appInput(w, clientId) }));
    const Q = `query($c: ID!, $n: Int!) { collegeApplications(first: $n, filter: { clientId: $c }) { nodes {
      client { id } applicationType { title stages { id } } stage { name isFinalStage } institute { name } course { level { name } broadField { name } narrowField { name } }
      intake { intakeDate } location { display } assignedTo { id } superAgent { id } createdBy { id }
    } } }`;
    const statements = async (count: number) => {
      let seen = 0;
      const stop = server.runtime.database.observe(() => seen++);
      try {
        expect((await must(owner(Q, { c: clientId, n: count }))).collegeApplications.nodes).toHaveLength(count);
      } finally {
        stop();
      }
      return seen;
    };
    expect(await statements(6)).toBe(await statements(2));
  });
});

describe('stage counts and the dashboard', () => {
  /** A tenant of its own, so the figures are exactly those of this data set. */
  it('count the applications the viewer sees, per stage, final stage, intake, type and institute', async () => {
    const t = await createTenant(server, platform.token);
    let ownerAuth: Auth = { tenant: t.slug, token: t.ownerTokens.accessToken };
    const d = educationKit(
      () => server,
      () => ownerAuth,
    );
    const region = (await d.ok('mutation { createRegion(input: { name: "R" }) { id } }')).createRegion.id;
    const branch = async (name: string) =>
      (await d.ok('mutation($i: CreateBranchInput!) { createBranch(input: $i) { id } }', { i: { name, regionId: region } }))
        .createBranch.id as string;
    const [b1, b2] = [await branch('One'), await branch('Two')];
    const email = `co@${t.slug}.test`;
    await d.ok('mutation($i: CreateUserInput!) { createUser(input: $i) { id } }', {
      i: { email, password: 'consult-pass-1', firstName: 'C', lastName: 'O', role: 'CONSULTANT', branchIds: [b1] },
    });
    const consultant: Auth = { tenant: t.slug, token: (await login(server, email, 'consult-pass-1', t.slug)).accessToken };

    const wT = await world(d);
    // A second type "Zeta" (sorts after wT's) with two stages, at a second institute.
    const zeta = await d.type('Zeta type');
    await d.stage(zeta, 'Z1');
    const z2 = await d.stage(zeta, 'Z2');
    const i2 = await d.institute();
    const [loc2, intake2] = [await d.location(i2), await d.intake(i2, '2020-07-01')];
    const course2 = (
      await d.ok('mutation($i: CreateCourseInput!) { createCourse(input: $i) { id } }', {
        i: {
          name: 'C2',
          instituteId: i2,
          levelId: wT.levelId,
          broadFieldId: wT.broadFieldId,
          narrowFieldId: wT.narrowFieldId,
          totalTuitionFee: '1',
          coeFee: '1',
        },
      })
    ).createCourse.id;
    const [c1, c2] = [await d.client(b1), await d.client(b2)];
    const create = async (i: Vars) => (await d.ok(CREATE_APP, { i })).createCollegeApplication.id as string;
    const move = (id: string, s: string) =>
      d.ok('mutation($id: ID!, $s: ID!) { moveCollegeApplication(id: $id, stageId: $s) { id } }', { id, s });
    const me = (await d.ok('{ me { id } }')).me.id;

    const a1 = await create(appInput(wT, c1, { assignedToId: me }));
    await move(a1, wT.stageIds[2]!); // final, intake 2030-02-01, assigned
    const a2 = await create(appInput(wT, c1)); // first stage, unassigned
    const a3 = await create({
      ...appInput(wT, c2),
      applicationTypeId: zeta,
      instituteId: i2,
      courseId: course2,
      intakeId: intake2,
      locationId: loc2,
    });
    await move(a3, z2); // final, intake 2020-07-01, unassigned, branch Two
    const a4 = await create(appInput(wT, c1));
    await d.ok('mutation($id: ID!) { deleteCollegeApplication(id: $id) { id } }', { id: a4 }); // not counted

    const COUNTS = '{ collegeApplicationStageCounts { total byStage { count stage { id name } } } }';
    expect((await d.ok(COUNTS)).collegeApplicationStageCounts).toEqual({
      total: 3,
      byStage: [
        { count: 1, stage: { id: wT.stageIds[0], name: 'Applied' } },
        { count: 1, stage: { id: wT.stageIds[2], name: 'Enrolled' } },
        { count: 1, stage: { id: z2, name: 'Z2' } },
      ],
    });
    const filtered = await d.ok('query($t: ID!) { collegeApplicationStageCounts(filter: { applicationTypeId: $t }) { total } }', {
      t: zeta,
    });
    expect(filtered.collegeApplicationStageCounts.total).toBe(1);

    const DASH = `query($p: CollegeDashboardPeriod) { collegeDashboard(period: $p) {
      period totalApplications finalStageCount pendingAssignments
      intakeBreakdown { intakeDate count }
      applicationTypeBreakdown { applicationType { id } count }
      instituteBreakdown { institute { id } count }
      recentApplications { id }
    } }`;
    expect((await d.ok(DASH)).collegeDashboard).toEqual({
      period: 'ALL',
      totalApplications: 3,
      finalStageCount: 2,
      pendingAssignments: 2,
      intakeBreakdown: [
        { intakeDate: '2030-02-01', count: 1 },
        { intakeDate: '2020-07-01', count: 1 },
      ],
      applicationTypeBreakdown: [
        { applicationType: { id: wT.applicationTypeId }, count: 2 },
        { applicationType: { id: zeta }, count: 1 },
      ],
      instituteBreakdown: [
        { institute: { id: wT.instituteId }, count: 2 },
        { institute: { id: i2 }, count: 1 },
      ],
      recentApplications: [{ id: a3 }, { id: a2 }, { id: a1 }],
    });
    const month = (await d.ok(DASH, { p: 'THIS_MONTH' })).collegeDashboard;
    expect(month.intakeBreakdown).toEqual([{ intakeDate: '2030-02-01', count: 1 }]);
    expect(month.totalApplications).toBe(3);

    // The consultant of branch One sees a1 and a2 only.
    ownerAuth = consultant;
    const mine = (await d.ok(DASH)).collegeDashboard;
    expect(mine).toMatchObject({ totalApplications: 2, finalStageCount: 1, pendingAssignments: 1 });
    expect(mine.recentApplications).toEqual([{ id: a2 }, { id: a1 }]);
    expect((await d.ok(COUNTS)).collegeApplicationStageCounts.total).toBe(2);
  });
});
