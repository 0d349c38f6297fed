// Permission matrix rows of clients, their profile parts, notes, timeline and the exam catalogue.
import { must } from '../kit/server.js';
import {
  ALL3,
  asOther,
  asOwner,
  B,
  call,
  FORBIDDEN3,
  once,
  outcome,
  listed,
  SCOPED_LIST,
  SCOPED_READ,
  seq,
  table,
  type Actor,
  type Op,
  type Scope,
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

/** A fresh profile part (or note) on a fresh client of the scope, written by that scope's owner. */
async function freshPart(scope: Scope, kind: 'Proficiency' | 'Qualification' | 'Employment' | 'Note'): Promise<string> {
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
  return (await must(run(`mutation($c: ID!, $i: ${type}!) { ${field}(clientId: $c, input: $i) { id } }`, { c, i: input })))[field]
    .id;
}

/** A row for a mutation or query that takes a client id. */
function onClient(
  name: string,
  query: string,
  expect: Record<Actor, string>,
  vars: Record<string, unknown> = {},
  fresh = false,
): Op {
  return {
    name,
    scopes: ALL3,
    run: async (a, s) => outcome(await call(a, query, { id: fresh ? await freshClient(s) : await sharedClient(s), ...vars })),
    expect,
  };
}

function onPart(
  name: string,
  kind: 'Proficiency' | 'Qualification' | 'Employment' | 'Note',
  query: string,
  expect: Record<Actor, string>,
  vars: () => Promise<Record<string, unknown>> | Record<string, unknown> = () => ({}),
): Op {
  return {
    name,
    scopes: ALL3,
    run: async (a, s) => outcome(await call(a, query, { id: await freshPart(s, kind), ...(await vars()) })),
    expect,
  };
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
const MASTER_WRITE = table('OK NOT_FOUND', 'OK NOT_FOUND', 'OK NOT_FOUND', 'OK NOT_FOUND', 'FORBIDDEN FORBIDDEN');

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
  onClient('client', 'query($id: ID!) { client(id: $id) { id branch { id } } }', SCOPED_READ),
  {
    name: 'clientStageCounts',
    scopes: ['in'],
    run: async (a) => outcome(await call(a, '{ clientStageCounts { stage count } }')),
    expect: MASTER_READ,
  },
  onClient('clientNotes', 'query($id: ID!) { clientNotes(clientId: $id) { totalCount } }', SCOPED_READ),
  onClient('clientTimeline', 'query($id: ID!) { clientTimeline(clientId: $id) { totalCount } }', SCOPED_READ),
  // The filters narrow a visible timeline; they never open another one.
  onClient(
    'clientTimeline (filtered)',
    'query($id: ID!, $by: ID) { clientTimeline(clientId: $id, activityTypes: [EMPLOYMENT_ADDED], performedById: $by) { totalCount } }',
    SCOPED_READ,
    { by: '00000000-0000-4000-8000-000000000000' },
  ),
  {
    name: 'createClient',
    scopes: ALL3,
    run: async (a, s) => outcome(await call(a, CREATE, { i: clientInput(B(s)) })),
    expect: table(
      'OK OK BAD_USER_INPUT',
      'OK OK BAD_USER_INPUT',
      'OK FORBIDDEN FORBIDDEN',
      'OK FORBIDDEN FORBIDDEN',
      'OK FORBIDDEN FORBIDDEN',
    ),
  },
  onClient('updateClient', 'mutation($id: ID!) { updateClient(id: $id, input: { description: "m" }) { id } }', SCOPED_READ),
  onClient('assignClient (clearing)', 'mutation($id: ID!) { assignClient(id: $id, userId: null) { id } }', SCOPED_READ),
  onClient('changeClientStage', 'mutation($id: ID!) { changeClientStage(id: $id, stage: FOLLOW_UP) { id } }', SCOPED_READ),
  onClient('deleteClient', 'mutation($id: ID!) { deleteClient(id: $id) { id } }', DELETE_ROLES, {}, true),
  {
    name: 'restoreClient',
    scopes: ALL3,
    run: async (a, s) => {
      const id = await freshClient(s);
      await must((s === 'other' ? asOther : asOwner)('mutation($id: ID!) { deleteClient(id: $id) { id } }', { id }));
      return outcome(await call(a, 'mutation($id: ID!) { restoreClient(id: $id) { id } }', { id }));
    },
    expect: DELETE_ROLES,
  },
  onClient(
    'setPassport',
    'mutation($id: ID!, $i: PassportInput!) { setPassport(clientId: $id, input: $i) { passportNo } }',
    SCOPED_READ,
    { i: { passportNo: 'M1', passportCountry: 'AU', countryOfBirth: 'AU', nationality: 'AU' } },
  ),
  onClient('deletePassport', 'mutation($id: ID!) { deletePassport(clientId: $id) }', SCOPED_READ),
  onClient('deleteClientProfilePicture', 'mutation($id: ID!) { deleteClientProfilePicture(clientId: $id) }', SCOPED_READ),
  {
    name: 'addProficiency',
    scopes: ALL3,
    run: async (a, s) =>
      outcome(
        await call(a, 'mutation($id: ID!, $i: ProficiencyInput!) { addProficiency(clientId: $id, input: $i) { id } }', {
          id: await sharedClient(s),
          i: { examId: await examOf.in(), ...SCORES },
        }),
      ),
    expect: SCOPED_READ,
  },
  onPart(
    'updateProficiency',
    'Proficiency',
    'mutation($id: ID!, $i: ProficiencyInput!) { updateProficiency(id: $id, input: $i) { id } }',
    SCOPED_READ,
    async () => ({
      i: { examId: await examOf.in(), ...SCORES },
    }),
  ),
  onPart('deleteProficiency', 'Proficiency', 'mutation($id: ID!) { deleteProficiency(id: $id) }', SCOPED_READ),
  onClient(
    'addQualification',
    'mutation($id: ID!, $i: QualificationInput!) { addQualification(clientId: $id, input: $i) { id } }',
    SCOPED_READ,
    { i: { course: 'C', institute: 'I', degree: 'D', fieldOfStudy: 'F', enrollDate: '2020-01-01', country: 'AU' } },
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
    { i: { employerName: 'E', position: 'P', startDate: '2020-01-01', country: 'AU' } },
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
  onClient('addNote', 'mutation($id: ID!) { addNote(clientId: $id, input: { content: "hello" }) { id } }', SCOPED_READ),
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
  {
    name: 'languageExam',
    scopes: ['in', 'other'],
    run: async (a, s) => outcome(await call(a, 'query($id: ID!) { languageExam(id: $id) { name } }', { id: await examFor(s) })),
    expect: table('OK NOT_FOUND', 'OK NOT_FOUND', 'OK NOT_FOUND', 'OK NOT_FOUND', 'OK NOT_FOUND'),
  },
  {
    name: 'createLanguageExam',
    scopes: ['in'],
    run: async (a) =>
      outcome(await call(a, 'mutation($n: String!) { createLanguageExam(input: { name: $n }) { id } }', { n: `Exam ${seq()}` })),
    expect: table('OK', 'OK', 'OK', 'OK', 'FORBIDDEN'),
  },
  {
    name: 'updateLanguageExam',
    scopes: ['in', 'other'],
    run: async (a, s) =>
      outcome(
        await call(a, 'mutation($id: ID!, $n: String!) { updateLanguageExam(id: $id, input: { name: $n }) { id } }', {
          id: await examFor(s),
          n: `Matrix exam ${seq()}`,
        }),
      ),
    expect: MASTER_WRITE,
  },
  {
    name: 'deleteLanguageExam',
    scopes: ['in', 'other'],
    run: async (a, s) => {
      const id =
        s === 'other'
          ? await examOf.other()
          : (
              await must(
                asOwner('mutation($n: String!) { createLanguageExam(input: { name: $n }) { id } }', { n: `Doomed ${seq()}` }),
              )
            ).createLanguageExam.id;
      return outcome(await call(a, 'mutation($id: ID!) { deleteLanguageExam(id: $id) }', { id }));
    },
    expect: MASTER_WRITE,
  },
];
