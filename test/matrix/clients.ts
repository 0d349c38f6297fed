// Permission matrix rows of clients, their profile parts, notes, timeline and the exam catalogue.
import { must } from '../kit/server.js';
import {
  ALL3,
  asOther,
  asOwner,
  B,
  byIdRows,
  call,
  EVERY_ROLE,
  FORBIDDEN3,
  m,
  MASTER,
  once,
  outcome,
  listed,
  ownerOf,
  partlyInScope,
  readAs,
  rows,
  SCOPED_LIST,
  SCOPED_READ,
  seq,
  table,
  type Actor,
  write,
  type Op,
  type Scope,
  type ReadOp,
  type WriteOp,
} from '../kit/matrix.js';

const CREATE = 'mutation($i: CreateClientInput!) { createClient(input: $i) { id } }';
const clientInput = (branchId: string) => ({ firstName: `Matrix${seq()}`, gender: 'OTHER', country: 'AU', branchId });

const nameOf = new Map<string, string>();
/** A fresh client per scope: B11, B21, or the other tenant's branch. */
async function freshClient(scope: Scope): Promise<string> {
  const run = scope === 'other' ? asOther : asOwner;
  const i = clientInput(B(scope));
  const id = (await must(run(CREATE, { i }))).createClient.id as string;
  nameOf.set(id, i.firstName);
  return id;
}
const shared = {
  in: once(() => freshClient('in')),
  out: once(() => freshClient('out')),
  sibling: once(() => freshClient('sibling')),
  other: once(() => freshClient('other')),
};
const sharedClient = (scope: Scope) => shared[scope]();

const SCORES = {
  overallScore: '7',
  speakingScore: '7',
  readingScore: '7',
  listeningScore: '7',
  writingScore: '7',
  testDate: '2024-01-02',
};
const examOf = {
  in: once(
    async () =>
      (await must(asOwner('mutation { createLanguageExam(input: { name: "Matrix exam" }) { id } }'))).createLanguageExam
        .id as string,
  ),
  other: once(
    async () =>
      (await must(asOther('mutation { createLanguageExam(input: { name: "Other exam" }) { id } }'))).createLanguageExam
        .id as string,
  ),
};
const examFor = (scope: Scope) => (scope === 'other' ? examOf.other() : examOf.in());

type Kind = 'Proficiency' | 'Qualification' | 'Employment' | 'Note';
/** A fresh profile part (or note) on a fresh client of the scope, written by that scope's owner. */
async function freshPart(scope: Scope, kind: Kind): Promise<{ c: string; id: string }> {
  const run = scope === 'other' ? asOther : asOwner;
  const c = await freshClient(scope);
  const inputs = {
    Proficiency: ['ProficiencyInput', { examId: await examFor(scope), ...SCORES }],
    Qualification: [
      'QualificationInput',
      { course: 'C', institute: 'I', degree: 'D', fieldOfStudy: 'F', enrollDate: '2020-01-01', country: 'AU' },
    ],
    Employment: ['EmploymentInput', { employerName: 'E', position: 'P', startDate: '2020-01-01', country: 'AU' }],
    Note: ['NoteInput', { content: 'matrix note' }],
  } as const;
  const [type, input] = inputs[kind];
  const field = `add${kind}`;
  const id = (await must(run(`mutation($c: ID!, $i: ${type}!) { ${field}(clientId: $c, input: $i) { id } }`, { c, i: input })))[
    field
  ].id as string;
  return { c, id };
}

/** A client's fields, read back by its id as the owner of its tenant. */
const clientRead = (selection: string) => readAs(`query($id: ID!) { client(id: $id) { ${selection} } }`);
/** The parts of a client, read back by the client's id. */
const PART_READ: Record<Kind, ReturnType<typeof readAs>> = {
  Proficiency: clientRead('proficiencies { id overallScore }'),
  Qualification: clientRead('qualifications { id course }'),
  Employment: clientRead('employments { id employerName }'),
  Note: readAs('query($id: ID!) { clientNotes(clientId: $id) { nodes { id content } } }'),
};

/** A query row that takes a client id. */
function readClient(name: ReadOp['name'], query: string, expect: Record<Actor, string>, vars = {}): Op {
  return {
    name,
    scopes: ALL3,
    run: async (a, s) => outcome(await call(a, query, { id: await sharedClient(s), ...vars })),
    expect,
  };
}

/**
 * A mutation row on a client: `read` is what it changes on the client (a selection, or a query of
 * `$id`), `vars` are made per call so that every OK leaves a mark, `target` defaults to the
 * scope's shared client.
 */
function onClient(
  name: WriteOp['name'],
  query: string,
  expect: Record<Actor, string>,
  read: string,
  o: {
    vars?: () => Promise<Record<string, unknown>> | Record<string, unknown>;
    target?: (s: Scope) => Promise<string>;
    okUnchanged?: string;
    scopes?: Scope[];
  } = {},
): Op {
  return write({
    name,
    scopes: o.scopes ?? ALL3,
    target: (_a, s) => (o.target ?? sharedClient)(s),
    mutate: async (a, _s, id) => call(a, query, { id, ...(await o.vars?.()) }),
    readBack: (id, s) => (read.startsWith('query') ? readAs(read) : clientRead(read))({ id }, s),
    okUnchanged: o.okUnchanged,
    expect,
  });
}

function onPart(
  name: WriteOp['name'],
  kind: Kind,
  query: string,
  expect: Record<Actor, string>,
  vars: () => Promise<Record<string, unknown>> | Record<string, unknown> = () => ({}),
): Op {
  return write({
    name,
    scopes: ALL3,
    target: (_a, s) => freshPart(s, kind),
    mutate: async (a, _s, t) => call(a, query, { id: t.id, ...(await vars()) }),
    readBack: (t, s) => PART_READ[kind]({ id: t.c }, s),
    expect,
  });
}

const DELETE_ROLES = table('OK OK NOT_FOUND', 'OK OK NOT_FOUND', 'OK NOT_FOUND NOT_FOUND', 'OK NOT_FOUND NOT_FOUND', FORBIDDEN3);
const MODERATED = table(
  'OK OK NOT_FOUND',
  'OK OK NOT_FOUND',
  'OK NOT_FOUND NOT_FOUND',
  'OK NOT_FOUND NOT_FOUND',
  'FORBIDDEN NOT_FOUND NOT_FOUND',
);
const MASTER_READ = table('OK', 'OK', 'OK', 'OK', 'OK');

/** A fresh client of the scope with a passport, for the deletePassport row. */
async function clientWithPassport(s: Scope): Promise<string> {
  const id = await freshClient(s);
  await must(
    ownerOf(s)('mutation($id: ID!, $i: PassportInput!) { setPassport(clientId: $id, input: $i) { passportNo } }', {
      id,
      i: { passportNo: 'P0', passportCountry: 'AU', countryOfBirth: 'AU', nationality: 'AU' },
    }),
  );
  return id;
}
/** A fresh client of the scope assigned to a user of its branch, for the clearing row. */
async function assignedClient(s: Scope): Promise<string> {
  const id = await freshClient(s);
  const userId = s === 'other' ? m.other.user : m.peer[s];
  await must(ownerOf(s)('mutation($id: ID!, $u: ID) { assignClient(id: $id, userId: $u) { id } }', { id, u: userId }));
  return id;
}
const freshDeletedClient = async (s: Scope) => {
  const id = await freshClient(s);
  await must(ownerOf(s)('mutation($id: ID!) { deleteClient(id: $id) { id } }', { id }));
  return id;
};
/** How many clients the owner finds by a (unique) first name: what a create adds to. */
const clientsNamed = readAs('query($s: String) { clients(filter: { search: $s }) { totalCount } }');
const examsNamed = readAs('query($s: String) { languageExams(search: $s) { totalCount } }');
const examRead = readAs('query($id: ID!) { languageExam(id: $id) { name } }');
const examRow = byIdRows(MASTER.scopes, examRead, MASTER.write);

export const ops: Op[] = [
  {
    name: 'clients',
    scopes: ALL3,
    run: async (a, s) => {
      const id = await sharedClient(s);
      return listed(
        await call(a, 'query($s: String) { clients(filter: { search: $s }) { nodes { id } } }', { s: nameOf.get(id) }),
        'clients',
        id,
      );
    },
    expect: SCOPED_LIST,
  },
  readClient('client', 'query($id: ID!) { client(id: $id) { id branch { id } } }', SCOPED_READ),
  {
    name: 'clientStageCounts',
    scopes: ['in'],
    run: async (a) => outcome(await call(a, '{ clientStageCounts { stage count } }')),
    expect: MASTER_READ,
  },
  readClient('clientNotes', 'query($id: ID!) { clientNotes(clientId: $id) { totalCount } }', SCOPED_READ),
  readClient('clientTimeline', 'query($id: ID!) { clientTimeline(clientId: $id) { totalCount } }', SCOPED_READ),
  // The filters narrow a visible timeline; they never open another one.
  readClient(
    'clientTimeline (filtered)',
    'query($id: ID!, $by: ID) { clientTimeline(clientId: $id, activityTypes: [EMPLOYMENT_ADDED], performedById: $by) { totalCount } }',
    SCOPED_READ,
    { by: '00000000-0000-4000-8000-000000000000' },
  ),
  write({
    name: 'createClient',
    scopes: ALL3,
    target: (_a, s) => Promise.resolve(clientInput(B(s))),
    mutate: (a, _s, i) => call(a, CREATE, { i }),
    // Created in the actor's tenant or nowhere, whatever branch it names.
    readBack: (i) => clientsNamed({ s: i.firstName }),
    expect: table(
      'OK OK BAD_USER_INPUT',
      'OK OK BAD_USER_INPUT',
      'OK FORBIDDEN FORBIDDEN',
      'OK FORBIDDEN FORBIDDEN',
      'OK FORBIDDEN FORBIDDEN',
    ),
  }),
  onClient(
    'updateClient',
    'mutation($id: ID!, $d: String) { updateClient(id: $id, input: { description: $d }) { id } }',
    SCOPED_READ,
    'description',
    { vars: () => ({ d: `m${seq()}` }) },
  ),
  onClient(
    'assignClient (clearing)',
    'mutation($id: ID!) { assignClient(id: $id, userId: null) { id } }',
    SCOPED_READ,
    'assignedTo { id }',
    {
      target: assignedClient,
    },
  ),
  // Work for a consultant of B11 and B21: sharing B11 with the actor's scope is enough (decisions §2).
  write({
    name: 'createClient (in B11, assigned to a consultant of B11 and B21)',
    scopes: ['in'],
    target: async () => ({ ...clientInput(B('in')), assignedToId: (await partlyInScope()).id }),
    mutate: (a, _s, i) => call(a, CREATE, { i }),
    readBack: (i) => clientsNamed({ s: i.firstName }),
    expect: EVERY_ROLE,
  }),
  onClient(
    'assignClient (a client of B11, to a consultant of B11 and B21)',
    'mutation($id: ID!, $u: ID) { assignClient(id: $id, userId: $u) { id } }',
    EVERY_ROLE,
    'assignedTo { id }',
    { scopes: ['in'], target: freshClient, vars: async () => ({ u: (await partlyInScope()).id }) },
  ),
  onClient(
    'changeClientStage',
    'mutation($id: ID!) { changeClientStage(id: $id, stage: FOLLOW_UP) { id } }',
    SCOPED_READ,
    'stage',
    { target: freshClient },
  ),
  onClient('deleteClient', 'mutation($id: ID!) { deleteClient(id: $id) { id } }', DELETE_ROLES, 'id deletedAt', {
    target: freshClient,
  }),
  onClient('restoreClient', 'mutation($id: ID!) { restoreClient(id: $id) { id } }', DELETE_ROLES, 'id deletedAt', {
    target: freshDeletedClient,
  }),
  onClient(
    'setPassport',
    'mutation($id: ID!, $i: PassportInput!) { setPassport(clientId: $id, input: $i) { passportNo } }',
    SCOPED_READ,
    'passport { passportNo }',
    { vars: () => ({ i: { passportNo: `M${seq()}`, passportCountry: 'AU', countryOfBirth: 'AU', nationality: 'AU' } }) },
  ),
  onClient('deletePassport', 'mutation($id: ID!) { deletePassport(clientId: $id) }', SCOPED_READ, 'passport { passportNo }', {
    target: clientWithPassport,
  }),
  onClient(
    'deleteClientProfilePicture',
    'mutation($id: ID!) { deleteClientProfilePicture(clientId: $id) }',
    SCOPED_READ,
    'profilePicture { fileSize updatedAt }',
    { okUnchanged: 'pictures are uploaded over HTTP (test/clients.test.ts): the shared client has none to delete' },
  ),
  onClient(
    'addProficiency',
    'mutation($id: ID!, $i: ProficiencyInput!) { addProficiency(clientId: $id, input: $i) { id } }',
    SCOPED_READ,
    'proficiencies { id }',
    { vars: async () => ({ i: { examId: await examOf.in(), ...SCORES } }) },
  ),
  onPart(
    'updateProficiency',
    'Proficiency',
    'mutation($id: ID!, $i: ProficiencyInput!) { updateProficiency(id: $id, input: $i) { id } }',
    SCOPED_READ,
    async () => ({
      i: { examId: await examOf.in(), ...SCORES, overallScore: '8' },
    }),
  ),
  onPart('deleteProficiency', 'Proficiency', 'mutation($id: ID!) { deleteProficiency(id: $id) }', SCOPED_READ),
  onClient(
    'addQualification',
    'mutation($id: ID!, $i: QualificationInput!) { addQualification(clientId: $id, input: $i) { id } }',
    SCOPED_READ,
    'qualifications { id }',
    {
      vars: () => ({
        i: { course: 'C', institute: 'I', degree: 'D', fieldOfStudy: 'F', enrollDate: '2020-01-01', country: 'AU' },
      }),
    },
  ),
  onPart(
    'updateQualification',
    'Qualification',
    'mutation($id: ID!, $i: QualificationInput!) { updateQualification(id: $id, input: $i) { id } }',
    SCOPED_READ,
    () => ({
      i: { course: 'C2', institute: 'I', degree: 'D', fieldOfStudy: 'F', enrollDate: '2020-01-01', country: 'AU' },
    }),
  ),
  onPart('deleteQualification', 'Qualification', 'mutation($id: ID!) { deleteQualification(id: $id) }', SCOPED_READ),
  onClient(
    'addEmployment',
    'mutation($id: ID!, $i: EmploymentInput!) { addEmployment(clientId: $id, input: $i) { id } }',
    SCOPED_READ,
    'employments { id }',
    { vars: () => ({ i: { employerName: 'E', position: 'P', startDate: '2020-01-01', country: 'AU' } }) },
  ),
  onPart(
    'updateEmployment',
    'Employment',
    'mutation($id: ID!, $i: EmploymentInput!) { updateEmployment(id: $id, input: $i) { id } }',
    SCOPED_READ,
    () => ({
      i: { employerName: 'E2', position: 'P', startDate: '2020-01-01', country: 'AU' },
    }),
  ),
  onPart('deleteEmployment', 'Employment', 'mutation($id: ID!) { deleteEmployment(id: $id) }', SCOPED_READ),
  onClient(
    'addNote',
    'mutation($id: ID!) { addNote(clientId: $id, input: { content: "hello" }) { id } }',
    SCOPED_READ,
    'query($id: ID!) { clientNotes(clientId: $id) { totalCount } }',
  ),
  // The target note is the owner's: others change it only as moderators (BRANCH_ADMIN and above).
  onPart(
    'updateNote (another user’s note)',
    'Note',
    'mutation($id: ID!) { updateNote(id: $id, input: { content: "x" }) { id } }',
    MODERATED,
  ),
  onPart('deleteNote (another user’s note)', 'Note', 'mutation($id: ID!) { deleteNote(id: $id) }', MODERATED),
  {
    name: 'languageExams',
    scopes: ['in'],
    run: async (a) => outcome(await call(a, '{ languageExams(first: 5, search: "exam") { totalCount nodes { id } } }')),
    expect: MASTER_READ,
  },
  rows.get('languageExam', MASTER.scopes, 'query($id: ID!) { languageExam(id: $id) { name } }', examFor, MASTER.read),
  rows.create(
    'createLanguageExam',
    'Exam',
    (a, n) => call(a, 'mutation($n: String!) { createLanguageExam(input: { name: $n }) { id } }', { n }),
    examsNamed,
  ),
  examRow(
    'updateLanguageExam',
    examFor,
    'mutation($id: ID!, $n: String!) { updateLanguageExam(id: $id, input: { name: $n }) { id } }',
    () => ({ n: `Matrix exam ${seq()}` }),
  ),
  examRow(
    'deleteLanguageExam',
    async (s) =>
      s === 'other'
        ? examOf.other()
        : ((
            await must(
              asOwner('mutation($n: String!) { createLanguageExam(input: { name: $n }) { id } }', { n: `Doomed ${seq()}` }),
            )
          ).createLanguageExam.id as string),
    'mutation($id: ID!) { deleteLanguageExam(id: $id) }',
  ),
];
