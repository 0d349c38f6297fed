// Permission matrix rows of the education module. Master data is tenant-wide: every role reads it,
// BRANCH_ADMIN and above write it, and ids of another tenant are NOT_FOUND. College applications
// follow their client's branch (B11 in scope, B21 out of scope for the scoped B11 actors).
import { must, type GqlResult } from '../kit/server.js';
import {
  ALL3,
  asOther,
  asOwner,
  call,
  EVERY_ROLE,
  m,
  MASTER,
  once,
  partlyInScope,
  perScope,
  readAs,
  rows,
  SCOPED_DELETE,
  SCOPED_LIST,
  SCOPED_READ,
  seq,
  table,
  write,
  type Op,
  type ReadOp,
  type Scope,
  type Vars,
  type WriteOp,
} from '../kit/matrix.js';

type Run = (query: string, variables?: Record<string, unknown>) => Promise<GqlResult>;
type Pair = { in: string; other: string };

/** Creates education records through the API as one tenant's owner. */
function maker(run: Run) {
  const id = async (query: string, i: Record<string, unknown>) => {
    const data = await must(run(query, { i }));
    return (Object.values(data)[0] as { id: string }).id;
  };
  return {
    institute: () =>
      id('mutation($i: CreateInstituteInput!) { createInstitute(input: $i) { id } }', {
        name: `Matrix uni ${seq()}`,
        shortName: 'MU',
      }),
    contact: (instituteId: string) =>
      id('mutation($i: CreateInstituteContactInput!) { createInstituteContact(input: $i) { id } }', {
        instituteId,
        name: 'Contact',
      }),
    requirement: (instituteId: string) =>
      id('mutation($i: CreateInstituteRequirementInput!) { createInstituteRequirement(input: $i) { id } }', {
        instituteId,
        title: 'Requirement',
      }),
    location: (instituteId: string) =>
      id('mutation($i: CreateInstituteLocationInput!) { createInstituteLocation(input: $i) { id } }', {
        instituteId,
        state: 'Bagmati',
        country: 'NP',
      }),
    intake: (instituteId: string) =>
      id('mutation($i: CreateInstituteIntakeInput!) { createInstituteIntake(input: $i) { id } }', {
        instituteId,
        intakeDate: '2031-03-01',
      }),
    level: () => id('mutation($i: CreateNamedInput!) { createCourseLevel(input: $i) { id } }', { name: `Matrix level ${seq()}` }),
    broad: () => id('mutation($i: CreateNamedInput!) { createBroadField(input: $i) { id } }', { name: `Matrix broad ${seq()}` }),
    narrow: (broadFieldId: string) =>
      id('mutation($i: CreateNarrowFieldInput!) { createNarrowField(input: $i) { id } }', {
        broadFieldId,
        name: `Narrow ${seq()}`,
      }),
    course: (w: { instituteId: string; levelId: string; broadFieldId: string; narrowFieldId: string }) =>
      id('mutation($i: CreateCourseInput!) { createCourse(input: $i) { id } }', {
        ...w,
        name: `Matrix course ${seq()}`,
        totalTuitionFee: '100',
        coeFee: '10',
      }),
    type: () =>
      id('mutation($i: CreateApplicationTypeInput!) { createApplicationType(input: $i) { id } }', {
        title: `Matrix type ${seq()}`,
      }),
    stage: (applicationTypeId: string) =>
      id('mutation($i: CreateApplicationStageInput!) { createApplicationStage(input: $i) { id } }', {
        applicationTypeId,
        name: `Stage ${seq()}`,
      }),
    client: (branchId: string) =>
      id('mutation($i: CreateClientInput!) { createClient(input: $i) { id } }', {
        firstName: `Matrix ${seq()}`,
        lastName: 'Client',
        gender: 'MALE',
        country: 'NP',
        branchId,
      }),
  };
}

const mine = maker(asOwner);
const theirs = maker(asOther);

/** A complete set of master data in one tenant, and a college application per client given. */
async function world(make: ReturnType<typeof maker>) {
  const instituteId = await make.institute();
  const [levelId, broadFieldId] = [await make.level(), await make.broad()];
  const narrowFieldId = await make.narrow(broadFieldId);
  const w = {
    instituteId,
    levelId,
    broadFieldId,
    narrowFieldId,
    contactId: await make.contact(instituteId),
    requirementId: await make.requirement(instituteId),
    locationId: await make.location(instituteId),
    intakeId: await make.intake(instituteId),
    courseId: await make.course({ instituteId, levelId, broadFieldId, narrowFieldId }),
    typeId: await make.type(),
  };
  const stageIds = [await make.stage(w.typeId), await make.stage(w.typeId)];
  return { ...w, stageIds };
}

const here = once(() => world(mine));
const there = once(() => world(theirs));
const pair = async (key: Exclude<keyof Awaited<ReturnType<typeof world>>, 'stageIds'>): Promise<Pair> => ({
  in: (await here())[key],
  other: (await there())[key],
});
const pick = async (key: Parameters<typeof pair>[0], s: Scope) => (await pair(key))[s === 'other' ? 'other' : 'in'];

const CREATE_APP = 'mutation($i: CreateCollegeApplicationInput!) { createCollegeApplication(input: $i) { id } }';
const appInput = (w: Awaited<ReturnType<typeof world>>, clientId: string) => ({
  clientId,
  applicationTypeId: w.typeId,
  instituteId: w.instituteId,
  courseId: w.courseId,
  intakeId: w.intakeId,
  locationId: w.locationId,
  totalTuitionFee: '100',
});

/** Clients in B11 (in scope for every B11 actor), in B21 (out of scope for scoped ones), and in the other tenant. */
const clients = once(async () => ({
  in: await mine.client(m.fx.branches.B11),
  out: await mine.client(m.fx.branches.B21),
  sibling: await mine.client(m.fx.branches.B12),
  other: await theirs.client(m.other.branch),
}));
async function freshApp(s: Scope, deleted = false): Promise<string> {
  const c = await clients();
  const w = s === 'other' ? await there() : await here();
  const run = s === 'other' ? asOther : asOwner;
  const id = (await must(run(CREATE_APP, { i: appInput(w, c[s]) }))).createCollegeApplication.id as string;
  if (deleted) await must(run('mutation($id: ID!) { deleteCollegeApplication(id: $id) { id } }', { id }));
  return id;
}
const apps = perScope((s) => freshApp(s));
const appsOfClient = readAs('query($c: ID!) { collegeApplications(filter: { clientId: $c }) { totalCount } }');
const appOf = async (s: Scope) => (await apps())[s];

/** Master data creation without a target. */
const CREATE = MASTER.create;
const EVERYONE = table('OK', 'OK', 'OK', 'OK', 'OK');

/** A query row taking one id (in this tenant or the other's). */
const byId = (name: ReadOp['name'], query: string, target: (s: Scope) => Promise<string>) =>
  rows.get(name, MASTER.scopes, query, target, MASTER.read);
/**
 * A mutation row taking one id: `read` is a query of `$id` (the target, or `of(s, id)` when what it
 * changes hangs on a parent) read back around it; `extra` is made per call, so every OK shows.
 */
const onId = (
  name: WriteOp['name'],
  query: string,
  target: (s: Scope) => Promise<string>,
  read: string,
  o: { extra?: () => Record<string, unknown>; of?: (s: Scope, id: string) => Promise<string>; expect?: Op['expect'] } = {},
): Op =>
  write({
    name,
    scopes: MASTER.scopes,
    target: async (_a, s) => {
      const id = await target(s);
      return { id, read: o.of ? await o.of(s, id) : id };
    },
    mutate: (a, _s, t) => call(a, query, { id: t.id, ...o.extra?.() }),
    readBack: (t, s) => readAs(read)({ id: t.read }, s),
    expect: o.expect ?? MASTER.write,
  });
const INSTITUTE_READ =
  'query($id: ID!) { institute(id: $id) { phone deletedAt contacts { id phone } requirements { id description } locations { id suburb } intakes { id description } } }';
/** Parts of an institute are read back through it. */
const institutePart = (
  name: WriteOp['name'],
  query: string,
  target: (s: Scope) => Promise<string>,
  extra?: () => Record<string, unknown>,
) => onId(name, query, target, INSTITUTE_READ, { extra, of: (s) => pick('instituteId', s) });
/** The catalogue's named lists: their count (deletes), and the shared course's names (renames). */
const catalogueRead = (list: string, field: string) => `query($id: ID!) { ${list} { totalCount } course(id: $id) { ${field} } }`;
const TYPE_READ = 'query($id: ID!) { applicationType(id: $id) { taxName deletedAt stages { id description } } }';
const APP_READ = 'query($id: ID!) { collegeApplication(id: $id) { notes deletedAt stage { id } } }';
const count = (list: string) => readAs(`{ ${list} { totalCount } }`);

/** A list row: whether the record of the given scope is among the nodes; `vars` are the query's. */
const listOf = (name: ReadOp['name'], query: string, target: (s: Scope) => Promise<string>, vars?: () => Promise<Vars>) =>
  rows.list(name, MASTER.scopes, query, target, MASTER.list, vars);
const createRow = (name: WriteOp['name'], query: string, list: string, input: () => Promise<Record<string, unknown>>): Op =>
  write({
    name,
    scopes: ['in'],
    target: () => input(),
    mutate: (a, _s, i) => call(a, query, { i }),
    readBack: () => count(list)({}),
    expect: CREATE,
  });
/** Creation naming a parent: another tenant's id is a bad input (master data, so no oracle to hide). */
const CREATE_CHILD = table(
  'OK BAD_USER_INPUT',
  'OK BAD_USER_INPUT',
  'OK BAD_USER_INPUT',
  'OK BAD_USER_INPUT',
  'FORBIDDEN FORBIDDEN',
);
/** A create row whose input names a parent (in this tenant, or the other's → BAD_USER_INPUT). */
const childRow = (
  name: WriteOp['name'],
  query: string,
  input: (parentId: string) => Record<string, unknown>,
  parent: (s: Scope) => Promise<string>,
  read: string,
): Op =>
  write({
    name,
    scopes: MASTER.scopes,
    target: (_a, s) => parent(s),
    mutate: (a, _s, p) => call(a, query, { i: input(p) }),
    readBack: (p, s) => readAs(read)({ id: p }, s),
    expect: CREATE_CHILD,
  });
/** A fresh record for `in` (deletes consume their targets), the other tenant's for `other`. */
const fresh =
  (make: (w: Awaited<ReturnType<typeof world>>) => Promise<string>, other: Parameters<typeof pair>[0]) => async (s: Scope) =>
    s === 'other' ? (await there())[other] : make(await here());

/** The shared course's level or broad field name, as the lists' search. */
const courseFieldName = (field: 'level' | 'broadField') => async () => {
  const r = await must(asOwner(`query($id: ID!) { course(id: $id) { ${field} { name } } }`, { id: (await here()).courseId }));
  return { s: r.course[field].name as string };
};
const instituteName = once(async () => {
  const r = await must(asOwner('query($id: ID!) { institute(id: $id) { name } }', { id: (await here()).instituteId }));
  return r.institute.name as string;
});

const u = () => `${seq()}`;
const deletedInstitute = async () => {
  const id = await mine.institute();
  await must(asOwner('mutation($id: ID!) { deleteInstitute(id: $id) { id } }', { id }));
  return id;
};
const deletedType = async () => {
  const id = await mine.type();
  await must(asOwner('mutation($id: ID!) { deleteApplicationType(id: $id) { id } }', { id }));
  return id;
};
const courseOf = (s: Scope) => pick('courseId', s);

/** An institute's parts: each is created on the institute, updated in one field and deleted, read back on it. */
const INSTITUTE_PARTS = [
  { part: 'Contact', key: 'contactId', make: mine.contact, input: { name: 'New contact' }, field: 'phone' },
  {
    part: 'Requirement',
    key: 'requirementId',
    make: mine.requirement,
    input: { title: 'New requirement', requirementType: 'DOCUMENT' },
    field: 'description',
  },
  { part: 'Location', key: 'locationId', make: mine.location, input: { state: 'Gandaki', country: 'NP' }, field: 'suburb' },
  { part: 'Intake', key: 'intakeId', make: mine.intake, input: { intakeDate: '2032-07-01' }, field: 'description' },
] as const;
const partRows = ({ part, key, make, input, field }: (typeof INSTITUTE_PARTS)[number]): Op[] => [
  childRow(
    `createInstitute${part}`,
    `mutation($i: CreateInstitute${part}Input!) { createInstitute${part}(input: $i) { id } }`,
    (instituteId) => ({ instituteId, ...input }),
    (s) => pick('instituteId', s),
    INSTITUTE_READ,
  ),
  institutePart(
    `updateInstitute${part}`,
    `mutation($id: ID!, $v: String) { updateInstitute${part}(id: $id, input: { ${field}: $v }) { id } }`,
    (s) => pick(key, s),
    () => ({ v: u() }),
  ),
  institutePart(
    `deleteInstitute${part}`,
    `mutation($id: ID!) { deleteInstitute${part}(id: $id) { deletedAt } }`,
    fresh((w) => make(w.instituteId), key),
  ),
];

/** The catalogue's named lists a course names: listed, created, renamed and deleted, read back on the shared course. */
const NAMED_LISTS = [
  { list: 'courseLevels', type: 'CourseLevel', key: 'levelId', field: 'level', make: mine.level },
  { list: 'broadFields', type: 'BroadField', key: 'broadFieldId', field: 'broadField', make: mine.broad },
] as const;
const namedListRows = ({ list, type, key, field, make }: (typeof NAMED_LISTS)[number]): Op[] => [
  listOf(
    list,
    `query($s: String) { ${list}(first: 100, search: $s) { nodes { id } } }`,
    (s) => pick(key, s),
    courseFieldName(field),
  ),
  createRow(`create${type}`, `mutation($i: CreateNamedInput!) { create${type}(input: $i) { id } }`, list, async () => ({
    name: `${type} ${seq()}`,
  })),
  onId(
    `update${type}`,
    `mutation($id: ID!, $n: String!) { update${type}(id: $id, input: { name: $n }) { id } }`,
    (s) => pick(key, s),
    catalogueRead(list, `${field} { name }`),
    { extra: () => ({ n: `Renamed ${type} ${seq()}` }), of: courseOf },
  ),
  onId(
    `delete${type}`,
    `mutation($id: ID!) { delete${type}(id: $id) { deletedAt } }`,
    fresh(make, key),
    catalogueRead(list, `${field} { name }`),
    { of: courseOf },
  ),
];

export const ops: Op[] = [
  // Institutes.
  listOf(
    'institutes',
    'query($s: String) { institutes(first: 100, filter: { search: $s }) { nodes { id } } }',
    (s) => pick('instituteId', s),
    async () => ({ s: await instituteName() }),
  ),
  byId('institute', 'query($id: ID!) { institute(id: $id) { id contacts { id } courses { id } } }', (s) =>
    pick('instituteId', s),
  ),
  createRow(
    'createInstitute',
    'mutation($i: CreateInstituteInput!) { createInstitute(input: $i) { id } }',
    'institutes',
    async () => ({ name: `Created uni ${seq()}`, shortName: 'CU' }),
  ),
  onId(
    'updateInstitute',
    'mutation($id: ID!, $p: String) { updateInstitute(id: $id, input: { phone: $p }) { id } }',
    (s) => pick('instituteId', s),
    INSTITUTE_READ,
    { extra: () => ({ p: u() }) },
  ),
  onId(
    'deleteInstitute',
    'mutation($id: ID!) { deleteInstitute(id: $id) { deletedAt } }',
    fresh(() => mine.institute(), 'instituteId'),
    INSTITUTE_READ,
  ),
  onId(
    'restoreInstitute',
    'mutation($id: ID!) { restoreInstitute(id: $id) { deletedAt } }',
    fresh(deletedInstitute, 'instituteId'),
    INSTITUTE_READ,
  ),

  // Institute parts.
  ...INSTITUTE_PARTS.flatMap(partRows),

  // The course catalogue.
  ...NAMED_LISTS.flatMap(namedListRows),
  listOf(
    'narrowFields',
    'query($b: ID!) { narrowFields(first: 100, filter: { broadFieldId: $b }) { nodes { id } } }',
    (s) => pick('narrowFieldId', s),
    async () => ({ b: (await here()).broadFieldId }),
  ),
  childRow(
    'createNarrowField',
    'mutation($i: CreateNarrowFieldInput!) { createNarrowField(input: $i) { id } }',
    (broadFieldId) => ({ broadFieldId, name: `Narrow ${seq()}` }),
    (s) => pick('broadFieldId', s),
    'query($id: ID!) { narrowFields(filter: { broadFieldId: $id }) { totalCount } }',
  ),
  onId(
    'updateNarrowField',
    'mutation($id: ID!, $n: String!) { updateNarrowField(id: $id, input: { name: $n }) { id } }',
    (s) => pick('narrowFieldId', s),
    catalogueRead('narrowFields', 'narrowField { name }'),
    { extra: () => ({ n: `Renamed narrow ${seq()}` }), of: courseOf },
  ),
  onId(
    'deleteNarrowField',
    'mutation($id: ID!) { deleteNarrowField(id: $id) { deletedAt } }',
    fresh((w) => mine.narrow(w.broadFieldId), 'narrowFieldId'),
    catalogueRead('narrowFields', 'narrowField { name }'),
    { of: courseOf },
  ),
  listOf(
    'courses',
    'query($i: ID!) { courses(first: 100, filter: { instituteId: $i }) { nodes { id level { id } } } }',
    (s) => pick('courseId', s),
    async () => ({ i: (await here()).instituteId }),
  ),
  byId('course', 'query($id: ID!) { course(id: $id) { id institute { id } narrowField { id } } }', (s) => pick('courseId', s)),
  write({
    name: 'createCourse',
    scopes: MASTER.scopes,
    target: (_a, s) => pick('instituteId', s),
    mutate: async (a, _s, instituteId) => {
      const { levelId, broadFieldId, narrowFieldId } = await here();
      return call(a, 'mutation($i: CreateCourseInput!) { createCourse(input: $i) { id } }', {
        i: { instituteId, levelId, broadFieldId, narrowFieldId, name: `Course ${seq()}`, totalTuitionFee: '1', coeFee: '1' },
      });
    },
    readBack: (id, s) => readAs('query($id: ID!) { courses(filter: { instituteId: $id }) { totalCount } }')({ id }, s),
    expect: CREATE_CHILD,
  }),
  onId(
    'updateCourse',
    'mutation($id: ID!, $f: Decimal) { updateCourse(id: $id, input: { coeFee: $f }) { id } }',
    (s) => pick('courseId', s),
    'query($id: ID!) { course(id: $id) { coeFee } }',
    { extra: () => ({ f: u() }) },
  ),
  onId(
    'deleteCourse',
    'mutation($id: ID!) { deleteCourse(id: $id) { deletedAt } }',
    fresh(
      ({ instituteId, levelId, broadFieldId, narrowFieldId }) =>
        mine.course({ instituteId, levelId, broadFieldId, narrowFieldId }),
      'courseId',
    ),
    'query($id: ID!) { course(id: $id) { id deletedAt } }',
  ),

  // Application types and stages.
  listOf(
    'applicationTypes',
    'query($s: String) { applicationTypes(first: 100, filter: { search: $s }) { nodes { id stagesCount } } }',
    (s) => pick('typeId', s),
    () => Promise.resolve({ s: 'Matrix type' }),
  ),
  byId('applicationType', 'query($id: ID!) { applicationType(id: $id) { id stages { id isFinalStage } hasApplications } }', (s) =>
    pick('typeId', s),
  ),
  createRow(
    'createApplicationType',
    'mutation($i: CreateApplicationTypeInput!) { createApplicationType(input: $i) { id } }',
    'applicationTypes',
    async () => ({ title: `Created type ${seq()}` }),
  ),
  onId(
    'updateApplicationType',
    'mutation($id: ID!, $t: String) { updateApplicationType(id: $id, input: { taxName: $t }) { id } }',
    (s) => pick('typeId', s),
    TYPE_READ,
    { extra: () => ({ t: `GST ${seq()}` }) },
  ),
  onId(
    'deleteApplicationType',
    'mutation($id: ID!) { deleteApplicationType(id: $id) { deletedAt } }',
    fresh(() => mine.type(), 'typeId'),
    TYPE_READ,
  ),
  onId(
    'restoreApplicationType',
    'mutation($id: ID!) { restoreApplicationType(id: $id) { deletedAt } }',
    fresh(deletedType, 'typeId'),
    TYPE_READ,
  ),
  childRow(
    'createApplicationStage',
    'mutation($i: CreateApplicationStageInput!) { createApplicationStage(input: $i) { id } }',
    (applicationTypeId) => ({ applicationTypeId, name: `Stage ${seq()}` }),
    fresh(() => mine.type(), 'typeId'),
    TYPE_READ,
  ),
  onId(
    'updateApplicationStage',
    'mutation($id: ID!, $d: String) { updateApplicationStage(id: $id, input: { description: $d }) { id } }',
    async (s) => (s === 'other' ? (await there()).stageIds[0]! : (await here()).stageIds[0]!),
    TYPE_READ,
    { extra: () => ({ d: u() }), of: (s) => pick('typeId', s) },
  ),
  write({
    name: 'deleteApplicationStage',
    scopes: MASTER.scopes,
    target: async (_a, s) => {
      if (s === 'other') return { type: (await there()).typeId, stage: (await there()).stageIds[1]! };
      const type = await mine.type();
      return { type, stage: await mine.stage(type) };
    },
    mutate: (a, _s, t) => call(a, 'mutation($id: ID!) { deleteApplicationStage(id: $id) }', { id: t.stage }),
    readBack: (t, s) => readAs(TYPE_READ)({ id: t.type }, s),
    expect: MASTER.write,
  }),
  write({
    name: 'reorderApplicationStages',
    scopes: MASTER.scopes,
    target: async (_a, s) => {
      const w = s === 'other' ? await there() : await here();
      const now = (await must(readAs(TYPE_READ)({ id: w.typeId }, s))).applicationType.stages as { id: string }[];
      return { type: w.typeId, order: now.map((st) => st.id).reverse() };
    },
    mutate: (a, _s, t) =>
      call(a, 'mutation($t: ID!, $s: [ID!]!) { reorderApplicationStages(applicationTypeId: $t, stageIds: $s) { id } }', {
        t: t.type,
        s: t.order,
      }),
    readBack: (t, s) => readAs(TYPE_READ)({ id: t.type }, s),
    expect: MASTER.write,
  }),

  // College applications.
  rows.list(
    'collegeApplications',
    ALL3,
    'query($t: ID!) { collegeApplications(first: 100, filter: { applicationTypeId: $t }) { nodes { id } } }',
    appOf,
    SCOPED_LIST,
    async () => ({ t: (await here()).typeId }),
  ),
  rows.get(
    'collegeApplication',
    ALL3,
    'query($id: ID!) { collegeApplication(id: $id) { id client { id } stage { id } } }',
    appOf,
    SCOPED_READ,
  ),
  rows.query('collegeApplicationStageCounts', '{ collegeApplicationStageCounts { total byStage { count } } }', EVERYONE),
  rows.query('collegeDashboard', '{ collegeDashboard(period: THIS_WEEK) { totalApplications finalStageCount } }', EVERYONE),
  write({
    name: 'createCollegeApplication',
    scopes: ALL3,
    target: async (_a, s) => (await clients())[s],
    mutate: async (a, _s, c) => call(a, CREATE_APP, { i: appInput(await here(), c) }),
    readBack: (c, s) => appsOfClient({ c }, s),
    expect: SCOPED_READ,
  }),
  write({
    name: 'createCollegeApplication (assigned to a consultant of B11 and B21)',
    scopes: ['in'],
    target: async () => (await clients()).in,
    mutate: async (a, _s, c) =>
      call(a, CREATE_APP, { i: { ...appInput(await here(), c), assignedToId: (await partlyInScope()).id } }),
    readBack: (c, s) => appsOfClient({ c }, s),
    expect: EVERY_ROLE,
  }),
  write({
    name: 'updateCollegeApplication',
    scopes: ALL3,
    target: async (_a, s) => (await apps())[s],
    mutate: (a, _s, id) =>
      call(a, 'mutation($id: ID!, $n: String) { updateCollegeApplication(id: $id, input: { notes: $n }) { id } }', {
        id,
        n: `n${seq()}`,
      }),
    readBack: (id, s) => readAs(APP_READ)({ id }, s),
    expect: SCOPED_READ,
  }),
  write({
    name: 'moveCollegeApplication',
    scopes: ALL3,
    // To the stage it is not at, so that every OK moves it.
    target: async (_a, s) => {
      const id = (await apps())[s];
      const at = (await must(readAs(APP_READ)({ id }, s))).collegeApplication.stage.id as string;
      const stages = (s === 'other' ? await there() : await here()).stageIds;
      return { id, to: stages.find((st) => st !== at)! };
    },
    mutate: (a, _s, t) =>
      call(a, 'mutation($id: ID!, $s: ID!) { moveCollegeApplication(id: $id, stageId: $s) { id } }', { id: t.id, s: t.to }),
    readBack: (t, s) => readAs(APP_READ)({ id: t.id }, s),
    expect: SCOPED_READ,
  }),
  write({
    name: 'deleteCollegeApplication',
    scopes: ALL3,
    target: async (_a, s) => (s === 'other' ? (await apps()).other : freshApp(s)),
    mutate: (a, _s, id) => call(a, 'mutation($id: ID!) { deleteCollegeApplication(id: $id) { deletedAt } }', { id }),
    readBack: (id, s) => readAs(APP_READ)({ id }, s),
    expect: SCOPED_DELETE,
  }),
  write({
    name: 'restoreCollegeApplication',
    scopes: ALL3,
    target: async (_a, s) => (s === 'other' ? (await apps()).other : freshApp(s, true)),
    mutate: (a, _s, id) => call(a, 'mutation($id: ID!) { restoreCollegeApplication(id: $id) { deletedAt } }', { id }),
    readBack: (id, s) => readAs(APP_READ)({ id }, s),
    expect: SCOPED_DELETE,
  }),
];
