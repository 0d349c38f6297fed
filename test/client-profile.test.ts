// A client's profile parts (passport, language results against the exam's range, qualifications,
// employments), notes with author rules, the timeline (every part's changes, its filters), and the
// profile picture upload (with the deadlines and admission checks that keep slow or anonymous
// uploads from holding memory).
import { readdir } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { basename, join } from 'node:path';
import { eq } from 'drizzle-orm';
import { setFaultHook } from '../src/db/fault-points.js';
import { tenantDb } from '../src/db/tenant-db.js';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CREATE_CLIENT } from './kit/org-fixture.js';
import { httpRequest, must } from './kit/server.js';
import { eventsSettled, eventually } from './kit/waits.js';
import { useOrgServer } from './kit/use-server.js';

// Short deadlines so the tests below see them; they bound receiving a request, not answering it.
const { server, fx, as } = useOrgServer({
  HTTP_HEADERS_TIMEOUT_SECONDS: '1',
  HTTP_REQUEST_TIMEOUT_SECONDS: '3',
  UPLOAD_MAX_CONCURRENT: '8',
  // Quick retries, and enough of them, for the test that holds a handler back.
  EVENTS_RETRY_BASE_MS: '20',
  EVENTS_MAX_ATTEMPTS: '20',
});
let client: string;
let otherBranchClient: string;
let ielts: string;

const QUALIFICATION = {
  course: 'BSc',
  institute: 'Uni',
  degree: 'Bachelor',
  fieldOfStudy: 'CS',
  enrollDate: '2015-02-01',
  country: 'AU',
};

beforeAll(async () => {
  client = (await must(as('CONSULTANT@B11', CREATE_CLIENT, { i: { firstName: 'Pia', gender: 'FEMALE', country: 'AU' } })))
    .createClient.id;
  otherBranchClient = (
    await must(as('CONSULTANT@B21', CREATE_CLIENT, { i: { firstName: 'Out', gender: 'MALE', country: 'AU' } }))
  ).createClient.id;
  ielts = (
    await must(
      as(
        'BRANCH_ADMIN@B11',
        'mutation { createLanguageExam(input: { name: "IELTS", validityTerm: 2, minScore: "0", maxScore: "9" }) { id } }',
      ),
    )
  ).createLanguageExam.id;
}, 120_000);
afterEach(() => setFaultHook(undefined));

const settled = () => eventsSettled((q, v) => as('SUPER_ADMIN', q, v));

describe('passport', () => {
  const SET =
    'mutation($c: ID!, $i: PassportInput!) { setPassport(clientId: $c, input: $i) { passportNo dateOfExpiry expiresSoon } }';
  const base = { passportNo: 'P123', passportCountry: 'au', countryOfBirth: 'NZ', nationality: 'AU' };

  it('is recorded, then replaced (one per client)', async () => {
    await must(as('CONSULTANT@B11', SET, { c: client, i: { ...base, dateOfIssue: '2020-01-01', dateOfExpiry: '2030-01-01' } }));
    const r = await must(
      as('CONSULTANT@B11', SET, {
        c: client,
        i: { ...base, passportNo: 'P999', dateOfExpiry: new Date(Date.now() + 30 * 864e5).toISOString().slice(0, 10) },
      }),
    );
    expect(r.setPassport).toMatchObject({ passportNo: 'P999', expiresSoon: true });
    const read = await must(
      as('CONSULTANT@B11', 'query($id: ID!) { client(id: $id) { passport { passportNo passportCountry } } }', { id: client }),
    );
    expect(read.client.passport).toEqual({ passportNo: 'P999', passportCountry: 'AU' });
  });

  it('validates dates and countries with field paths, and refuses clients out of scope with NOT_FOUND', async () => {
    const bad = await as('CONSULTANT@B11', SET, {
      c: client,
      i: { ...base, nationality: 'Australia', dateOfIssue: '2020-01-01', dateOfExpiry: '2019-01-01' },
    });
    expect(bad.errors![0]!.extensions!.fields!.map((f) => f.path).sort()).toEqual(['input.dateOfExpiry', 'input.nationality']);
    expect((await as('CONSULTANT@B11', SET, { c: otherBranchClient, i: base })).codes).toEqual(['NOT_FOUND']);
  });
});

describe('language results', () => {
  const ADD =
    'mutation($c: ID!, $i: ProficiencyInput!) { addProficiency(clientId: $c, input: $i) { id exam { name } overallScore validUntil } }';
  const scores = (s: string) => ({ overallScore: s, speakingScore: s, readingScore: s, listeningScore: s, writingScore: s });

  it('are checked against the exam’s own score range', async () => {
    const pte = (
      await must(
        as('SUPER_ADMIN', 'mutation { createLanguageExam(input: { name: "PTE", minScore: "10", maxScore: "90" }) { id } }'),
      )
    ).createLanguageExam.id;
    const ok = await must(as('CONSULTANT@B11', ADD, { c: client, i: { examId: pte, testDate: '2025-03-01', ...scores('79') } }));
    expect(ok.addProficiency).toMatchObject({ exam: { name: 'PTE' }, overallScore: '79.0', validUntil: null });
    const bad = await as('CONSULTANT@B11', ADD, {
      c: client,
      i: { examId: ielts, testDate: '2025-03-01', ...scores('7.5'), writingScore: '9.5' },
    });
    expect(bad.codes).toEqual(['BAD_USER_INPUT']);
    expect(bad.errors![0]!.extensions!.fields).toEqual([
      { path: 'input.writingScore', message: 'must be between 0.0 and 9.0 for IELTS' },
    ]);
    const withTerm = await must(
      as('CONSULTANT@B11', ADD, { c: client, i: { examId: ielts, testDate: '2024-05-06', ...scores('7') } }),
    );
    expect(withTerm.addProficiency.validUntil).toBe('2026-05-06');
  });

  it('an exam in use cannot be deleted, and consultants cannot edit the catalogue', async () => {
    expect((await as('BRANCH_ADMIN@B11', 'mutation($id: ID!) { deleteLanguageExam(id: $id) }', { id: ielts })).codes).toEqual([
      'CONFLICT',
    ]);
    expect((await as('CONSULTANT@B11', 'mutation { createLanguageExam(input: { name: "TOEFL" }) { id } }')).codes).toEqual([
      'FORBIDDEN',
    ]);
    expect((await as('SUPER_ADMIN', 'mutation { createLanguageExam(input: { name: "ielts" }) { id } }')).codes).toEqual([
      'CONFLICT',
    ]);
  });
});

describe('qualifications and employments', () => {
  it('are added, listed in order, updated and deleted; dates must be in order', async () => {
    const addQ = 'mutation($c: ID!, $i: QualificationInput!) { addQualification(clientId: $c, input: $i) { id } }';
    const q = QUALIFICATION;
    const older = (await must(as('CONSULTANT@B11', addQ, { c: client, i: { ...q, completionDate: '2018-12-01' } })))
      .addQualification.id;
    const ongoing = (await must(as('CONSULTANT@B11', addQ, { c: client, i: { ...q, course: 'MSc', enrollDate: '2024-01-01' } })))
      .addQualification.id;
    const bad = await as('CONSULTANT@B11', addQ, { c: client, i: { ...q, completionDate: '2010-01-01' } });
    expect(bad.errors![0]!.extensions!.fields).toEqual([
      { path: 'input.completionDate', message: 'must not be before the enrolment date' },
    ]);
    const addE = 'mutation($c: ID!, $i: EmploymentInput!) { addEmployment(clientId: $c, input: $i) { id endDate } }';
    const job = (
      await must(
        as('CONSULTANT@B11', addE, {
          c: client,
          i: { employerName: 'Acme', position: 'Dev', startDate: '2019-01-01', country: 'AU' },
        }),
      )
    ).addEmployment;
    expect(job.endDate).toBeNull();
    const read = await must(
      as('CONSULTANT@B11', 'query($id: ID!) { client(id: $id) { qualifications { id } employments { id } } }', { id: client }),
    );
    expect(read.client.qualifications.map((x: { id: string }) => x.id)).toEqual([ongoing, older]);
    expect(read.client.employments).toEqual([{ id: job.id }]);
    expect(
      (await must(as('CONSULTANT@B11', 'mutation($id: ID!) { deleteQualification(id: $id) }', { id: older })))
        .deleteQualification,
    ).toBe(true);
    expect((await as('CONSULTANT@B21', 'mutation($id: ID!) { deleteEmployment(id: $id) }', { id: job.id })).codes).toEqual([
      'NOT_FOUND',
    ]);
  });
});

describe('notes', () => {
  const ADD = 'mutation($c: ID!, $t: String!) { addNote(clientId: $c, input: { content: $t }) { id content editable } }';
  const UPDATE = 'mutation($id: ID!, $t: String!) { updateNote(id: $id, input: { content: $t }) { content } }';

  it('are trimmed, must not be blank, and are changed only by their author or a moderator', async () => {
    const note = (await must(as('CONSULTANT@B11', ADD, { c: client, t: '  first call  ' }))).addNote;
    expect(note).toMatchObject({ content: 'first call', editable: true });
    expect((await as('CONSULTANT@B11', ADD, { c: client, t: '   ' })).errors![0]!.extensions!.fields).toEqual([
      { path: 'input.content', message: 'must not be blank' },
    ]);
    const peer = (await must(as('SUPER_ADMIN', ADD, { c: client, t: 'owner note' }))).addNote.id;
    expect((await as('CONSULTANT@B11', UPDATE, { id: peer, t: 'hijack' })).codes).toEqual(['FORBIDDEN']);
    expect((await must(as('BRANCH_ADMIN@B11', UPDATE, { id: note.id, t: 'moderated' }))).updateNote.content).toBe('moderated');
    const list = await must(
      as('CONSULTANT@B11', 'query($c: ID!) { clientNotes(clientId: $c) { totalCount nodes { id editable } } }', { c: client }),
    );
    expect(list.clientNotes.nodes.map((n: { id: string; editable: boolean }) => [n.id, n.editable])).toEqual([
      [peer, false],
      [note.id, true],
    ]);
    expect(
      (await as('CONSULTANT@B21', 'query($c: ID!) { clientNotes(clientId: $c) { totalCount } }', { c: client })).codes,
    ).toEqual(['NOT_FOUND']);
  });

  it('a client list pages each client’s notes in one batch, with cursors that continue per client', async () => {
    const c = (await must(as('CONSULTANT@B12', CREATE_CLIENT, { i: { firstName: 'Notey', gender: 'MALE', country: 'AU' } })))
      .createClient.id;
    for (const t of ['one', 'two', 'three']) await must(as('CONSULTANT@B12', ADD, { c, t }));
    const list = await must(
      as(
        'CONSULTANT@B12',
        '{ clients(filter: { search: "Notey" }) { nodes { notes(first: 2) { totalCount nodes { content } pageInfo { hasNextPage endCursor } } } } }',
      ),
    );
    const notes = list.clients.nodes[0].notes;
    expect(notes).toMatchObject({
      totalCount: 3,
      nodes: [{ content: 'three' }, { content: 'two' }],
      pageInfo: { hasNextPage: true },
    });
    const rest = await must(
      as(
        'CONSULTANT@B12',
        'query($id: ID!, $a: String) { client(id: $id) { notes(first: 2, after: $a) { nodes { content } pageInfo { hasNextPage } } } }',
        {
          id: c,
          a: notes.pageInfo.endCursor,
        },
      ),
    );
    expect(rest.client.notes).toEqual({ nodes: [{ content: 'one' }], pageInfo: { hasNextPage: false } });
  });

  it('the timeline of a visible client is a connection (entries are written by domain events)', async () => {
    const r = await must(
      as('CONSULTANT@B11', 'query($id: ID!) { client(id: $id) { timeline { totalCount nodes { id } } } }', { id: client }),
    );
    expect(r.client.timeline.nodes).toEqual(expect.any(Array));
  });
});

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);
const headers = (who: string, type = 'image/png') => ({
  'x-tenant': fx.tenant.slug,
  authorization: `Bearer ${fx.as(who).token}`,
  'content-type': type,
});
const put = (who: string, id: string, body: Buffer, type?: string) =>
  httpRequest(server, 'PUT', `/clients/${id}/profile-picture`, body, headers(who, type));

describe('profile picture', () => {
  it('uploads a PNG, serves it back, replaces it and deletes it', async () => {
    const up = await put('CONSULTANT@B11', client, PNG);
    expect(up.status).toBe(201);
    expect(JSON.parse(up.body)).toMatchObject({ fileType: 'image/png', fileSize: PNG.length });
    const got = await httpRequest(server, 'GET', `/clients/${client}/profile-picture`, undefined, headers('BRANCH_ADMIN@B11'));
    expect(got.status).toBe(200);
    expect(got.headers['content-type']).toBe('image/png');
    const field = await must(
      as('CONSULTANT@B11', 'query($id: ID!) { client(id: $id) { profilePicture { url fileType fileSize uploadedBy { id } } } }', {
        id: client,
      }),
    );
    expect(field.client.profilePicture).toMatchObject({
      url: `/clients/${client}/profile-picture`,
      fileType: 'image/png',
      uploadedBy: { id: fx.users['CONSULTANT@B11']!.id },
    });
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(32)]);
    expect((await put('CONSULTANT@B11', client, jpeg, 'application/octet-stream')).status).toBe(201);
    expect(
      (await must(as('CONSULTANT@B11', 'mutation($c: ID!) { deleteClientProfilePicture(clientId: $c) }', { c: client })))
        .deleteClientProfilePicture,
    ).toBe(true);
    expect(
      (await httpRequest(server, 'GET', `/clients/${client}/profile-picture`, undefined, headers('CONSULTANT@B11'))).status,
    ).toBe(404);
  });

  it('refuses what is not an image by its content, whatever the header says', async () => {
    const r = await put('CONSULTANT@B11', client, Buffer.from('<svg onload=alert(1)>'), 'image/png');
    expect(r.status).toBe(415);
    expect(JSON.parse(r.body).errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('refuses a body over the size limit', async () => {
    const big = Buffer.concat([PNG, Buffer.alloc(server.runtime.config.uploadMaxBytes)]);
    const r = await put('CONSULTANT@B11', client, big);
    expect(r.status).toBe(413);
  });

  it('needs a token, and a client in scope', async () => {
    expect(
      (
        await httpRequest(server, 'PUT', `/clients/${client}/profile-picture`, PNG, {
          'x-tenant': fx.tenant.slug,
          'content-type': 'image/png',
        })
      ).status,
    ).toBe(401);
    expect((await put('CONSULTANT@B21', client, PNG)).status).toBe(404);
  });
});

describe('the timeline of a client', () => {
  const TIMELINE = `query($c: ID!, $types: [ActivityType!], $by: ID) {
    clientTimeline(clientId: $c, first: 100, activityTypes: $types, performedById: $by) {
      totalCount nodes { activityType description performedBy { id } metadata }
    }
  }`;
  type Entry = {
    activityType: string;
    description: string;
    performedBy: { id: string } | null;
    metadata: Record<string, unknown>;
  };
  const timeline = async (who: string, c: string, vars: { types?: string[]; by?: string } = {}) =>
    (await must(as(who, TIMELINE, { c, ...vars }))).clientTimeline as { totalCount: number; nodes: Entry[] };
  const freshClient = async (who = 'CONSULTANT@B11') =>
    (await must(as(who, CREATE_CLIENT, { i: { firstName: 'Tim', lastName: 'Line', gender: 'MALE', country: 'AU' } })))
      .createClient.id as string;
  const passport = { passportNo: 'P123', passportCountry: 'AU', countryOfBirth: 'NZ', nationality: 'AU' };
  const qualification = QUALIFICATION;
  const job = { employerName: 'Acme', position: 'Dev', startDate: '2019-01-01', country: 'AU' };
  const scores = (s: string) => ({ overallScore: s, speakingScore: s, readingScore: s, listeningScore: s, writingScore: s });
  const SET_PASSPORT = 'mutation($c: ID!, $i: PassportInput!) { setPassport(clientId: $c, input: $i) { passportNo } }';
  const ADD_EMPLOYMENT = 'mutation($c: ID!, $i: EmploymentInput!) { addEmployment(clientId: $c, input: $i) { id } }';

  it('records the passport, language results, qualifications, employments and the picture when added, changed and removed', async () => {
    const c = await freshClient();
    const me = 'CONSULTANT@B11';
    await must(as(me, SET_PASSPORT, { c, i: passport }));
    await must(as(me, SET_PASSPORT, { c, i: { ...passport, passportNo: 'P999' } }));
    // The same values again change nothing, so they add nothing.
    await must(as(me, SET_PASSPORT, { c, i: { ...passport, passportNo: 'P999' } }));
    await must(as(me, 'mutation($c: ID!) { deletePassport(clientId: $c) }', { c }));
    const result = (
      await must(
        as(me, 'mutation($c: ID!, $i: ProficiencyInput!) { addProficiency(clientId: $c, input: $i) { id } }', {
          c,
          i: { examId: ielts, testDate: '2025-03-01', ...scores('7.5') },
        }),
      )
    ).addProficiency.id;
    await must(
      as(me, 'mutation($id: ID!, $i: ProficiencyInput!) { updateProficiency(id: $id, input: $i) { id } }', {
        id: result,
        i: { examId: ielts, testDate: '2025-03-01', ...scores('8') },
      }),
    );
    await must(as(me, 'mutation($id: ID!) { deleteProficiency(id: $id) }', { id: result }));
    const q = (
      await must(
        as(me, 'mutation($c: ID!, $i: QualificationInput!) { addQualification(clientId: $c, input: $i) { id } }', {
          c,
          i: qualification,
        }),
      )
    ).addQualification.id;
    await must(
      as(me, 'mutation($id: ID!, $i: QualificationInput!) { updateQualification(id: $id, input: $i) { id } }', {
        id: q,
        i: { ...qualification, course: 'MSc' },
      }),
    );
    await must(as(me, 'mutation($id: ID!) { deleteQualification(id: $id) }', { id: q }));
    const e = (await must(as(me, ADD_EMPLOYMENT, { c, i: job }))).addEmployment.id;
    await must(
      as(me, 'mutation($id: ID!, $i: EmploymentInput!) { updateEmployment(id: $id, input: $i) { id } }', {
        id: e,
        i: { ...job, position: 'Lead' },
      }),
    );
    await must(as(me, 'mutation($id: ID!) { deleteEmployment(id: $id) }', { id: e }));
    expect((await put(me, c, PNG)).status).toBe(201);
    expect((await put(me, c, Buffer.concat([PNG, Buffer.from([7])]))).status).toBe(201);
    await must(as(me, 'mutation($c: ID!) { deleteClientProfilePicture(clientId: $c) }', { c }));
    await settled();

    const { nodes } = await timeline(me, c);
    expect(nodes.map((n) => [n.activityType, n.description])).toEqual(
      [
        ['PASSPORT_ADDED', 'Passport added'],
        ['PASSPORT_UPDATED', 'Passport updated'],
        ['PASSPORT_DELETED', 'Passport removed'],
        ['PROFICIENCY_ADDED', 'Language result added: IELTS 7.5'],
        ['PROFICIENCY_UPDATED', 'Language result updated: IELTS 8.0'],
        ['PROFICIENCY_DELETED', 'Language result removed: IELTS 8.0'],
        ['QUALIFICATION_ADDED', 'Qualification added: BSc (Uni)'],
        ['QUALIFICATION_UPDATED', 'Qualification updated: MSc (Uni)'],
        ['QUALIFICATION_DELETED', 'Qualification removed: MSc (Uni)'],
        ['EMPLOYMENT_ADDED', 'Employment added: Dev at Acme'],
        ['EMPLOYMENT_UPDATED', 'Employment updated: Lead at Acme'],
        ['EMPLOYMENT_DELETED', 'Employment removed: Lead at Acme'],
        ['PROFILE_PICTURE_UPLOADED', 'Profile picture uploaded'],
        ['PROFILE_PICTURE_UPLOADED', 'Profile picture replaced'],
        ['PROFILE_PICTURE_REMOVED', 'Profile picture removed'],
      ].reverse(),
    );
    expect(new Set(nodes.map((n) => n.performedBy?.id))).toEqual(new Set([fx.users[me]!.id]));
    // One save is one entry, naming what changed.
    const updated = nodes.find((n) => n.activityType === 'PASSPORT_UPDATED')!;
    expect(updated.metadata).toMatchObject({ changedFields: ['passportNo'], passportNo: { from: 'P123', to: 'P999' } });
  });

  it('narrows by activity type and by performer, alone or together', async () => {
    const c = await freshClient();
    const addQ = 'mutation($c: ID!, $i: QualificationInput!) { addQualification(clientId: $c, input: $i) { id } }';
    await must(as('CONSULTANT@B11', addQ, { c, i: qualification }));
    await must(as('BRANCH_ADMIN@B11', ADD_EMPLOYMENT, { c, i: job }));
    await must(as('CONSULTANT@B11', ADD_EMPLOYMENT, { c, i: { ...job, employerName: 'Beta' } }));
    await settled();
    const descriptions = (t: { nodes: Entry[] }) => t.nodes.map((n) => n.description);
    expect((await timeline('CONSULTANT@B11', c)).totalCount).toBe(3);
    expect(descriptions(await timeline('CONSULTANT@B11', c, { types: ['EMPLOYMENT_ADDED'] }))).toEqual([
      'Employment added: Dev at Beta',
      'Employment added: Dev at Acme',
    ]);
    const byAdmin = await timeline('CONSULTANT@B11', c, { by: fx.users['BRANCH_ADMIN@B11']!.id });
    expect(byAdmin).toMatchObject({ totalCount: 1, nodes: [{ description: 'Employment added: Dev at Acme' }] });
    const mine = await timeline('CONSULTANT@B11', c, {
      types: ['EMPLOYMENT_ADDED', 'NOTE_ADDED'],
      by: fx.users['CONSULTANT@B11']!.id,
    });
    expect(descriptions(mine)).toEqual(['Employment added: Dev at Beta']);
    expect((await timeline('CONSULTANT@B11', c, { types: ['PASSPORT_ADDED'] })).totalCount).toBe(0);
    // An empty list is no filter.
    expect((await timeline('CONSULTANT@B11', c, { types: [] })).totalCount).toBe(3);
  });

  it('a performer the reader cannot see matches nothing, exactly like an unknown id; a malformed id is BAD_USER_INPUT', async () => {
    const c = await freshClient();
    const owner = fx.users.SUPER_ADMIN!.id;
    // The owner holds no branch: a consultant does not see it (its entries show performedBy null).
    await must(as('SUPER_ADMIN', ADD_EMPLOYMENT, { c, i: job }));
    await settled();
    expect((await timeline('CONSULTANT@B11', c)).nodes.map((n) => n.performedBy)).toEqual([null]);
    const hidden = await timeline('CONSULTANT@B11', c, { by: owner });
    const unknown = await timeline('CONSULTANT@B11', c, { by: '00000000-0000-4000-8000-000000000000' });
    expect(hidden).toEqual({ totalCount: 0, nodes: [] });
    expect(hidden).toEqual(unknown);
    // The owner sees itself, so the same filter finds its entry.
    expect((await timeline('SUPER_ADMIN', c, { by: owner })).totalCount).toBe(1);
    // Nor does a removed picture's metadata carry the id of an uploader the reader cannot see.
    expect((await put('SUPER_ADMIN', c, PNG)).status).toBe(201);
    await must(as('SUPER_ADMIN', 'mutation($c: ID!) { deleteClientProfilePicture(clientId: $c) }', { c }));
    await settled();
    const removed = await timeline('CONSULTANT@B11', c, { types: ['PROFILE_PICTURE_REMOVED'] });
    expect(removed.nodes[0]!.metadata).toMatchObject({ uploadedById: { from: null, to: null } });
    expect(JSON.stringify((await timeline('CONSULTANT@B11', c)).nodes)).not.toContain(owner);
    expect((await timeline('SUPER_ADMIN', c, { types: ['PROFILE_PICTURE_REMOVED'] })).nodes[0]!.metadata).toMatchObject({
      uploadedById: { from: owner, to: null },
    });
    const bad = await as('CONSULTANT@B11', TIMELINE, { c, by: 'nope' });
    expect(bad.codes).toEqual(['BAD_USER_INPUT']);
    expect(bad.errors![0]!.extensions!.fields!.map((f) => f.path)).toEqual(['performedById']);
  });

  it('the timeline of a client out of scope is NOT_FOUND, with or without filters, as for one that does not exist', async () => {
    const c = await freshClient();
    await must(as('CONSULTANT@B11', ADD_EMPLOYMENT, { c, i: job }));
    await settled();
    for (const vars of [{}, { types: ['EMPLOYMENT_ADDED'] }, { by: fx.users['CONSULTANT@B11']!.id }]) {
      expect((await as('CONSULTANT@B21', TIMELINE, { c, ...vars })).codes).toEqual(['NOT_FOUND']);
    }
    const missing = await as('CONSULTANT@B21', TIMELINE, { c: '00000000-0000-4000-8000-000000000000' });
    expect(missing.codes).toEqual(['NOT_FOUND']);
  });

  it('a removed part whose client is gone by the time its event runs completes with no entry', async () => {
    const db = tenantDb(server.runtime.database, fx.tenant.schemaName);
    const c = await freshClient();
    const e = (await must(as('CONSULTANT@B11', ADD_EMPLOYMENT, { c, i: job }))).addEmployment.id as string;
    await settled();
    // Hold the timeline handler back until the client is gone (each run reads the event's context afresh).
    let held = true;
    setFaultHook((point) => {
      if (held && point === 'events.handler.timeline') throw new Error('held back by the test');
    });
    await must(as('CONSULTANT@B11', 'mutation($id: ID!) { deleteEmployment(id: $id) }', { id: e }));
    await db.orm.delete(db.t.clients).where(eq(db.t.clients.id, c));
    held = false;
    await settled();
    const r = await must(
      as(
        'SUPER_ADMIN',
        'query($id: ID!) { events(filter: { entityId: $id }) { nodes { eventType status handlerResults { handler status message } } } }',
        { id: e },
      ),
    );
    const deleted = r.events.nodes.find((n: { eventType: string }) => n.eventType === 'Employment.DELETE');
    expect(deleted).toMatchObject({
      status: 'COMPLETED',
      handlerResults: [{ handler: 'timeline', status: 'SKIPPED', message: 'No linked client' }],
    });
    expect(await db.orm.select().from(db.t.clientActivities).where(eq(db.t.clientActivities.clientId, c))).toEqual([]);
  });
});

/** A raw HTTP exchange: sends `head` (and `body`), then reports what came back and when the socket closed. */
function rawRequest(head: string, body = '') {
  const started = Date.now();
  const socket: Socket = connect(server.port, '127.0.0.1');
  let received = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => (received += chunk));
  socket.on('error', () => undefined);
  const closed = new Promise<{ response: string; afterMs: number }>((resolve) =>
    socket.once('close', () => resolve({ response: received, afterMs: Date.now() - started })),
  );
  socket.write(head + body);
  return { socket, closed, status: () => Number(/^HTTP\/1\.1 (\d{3})/.exec(received)?.[1] ?? 0) };
}

const putHead = (clientId: string, length: number, headers: Record<string, string>) =>
  [
    `PUT /clients/${clientId}/profile-picture HTTP/1.1`,
    'Host: 127.0.0.1',
    'Content-Type: image/png',
    `Content-Length: ${length}`,
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
    '',
    '',
  ].join('\r\n');

describe('uploads are admitted from their headers, and every request has a deadline', () => {
  const FIVE_MB = 5 * 1024 * 1024;
  const signedIn = (who: string) => ({ 'X-Tenant': fx.tenant.slug, Authorization: `Bearer ${fx.as(who).token}` });

  it('an anonymous upload announcing 5 MB is refused with 401 before a byte of its body is sent', async () => {
    const r = rawRequest(putHead(client, FIVE_MB, { 'X-Tenant': fx.tenant.slug }));
    const { response, afterMs } = await r.closed;
    expect(r.status()).toBe(401);
    expect(response).toMatch(/"code":"UNAUTHENTICATED"/);
    expect(afterMs).toBeLessThan(1000);
  });

  it('an upload out of scope, or announcing more than UPLOAD_MAX_BYTES, is refused before its body is sent', async () => {
    const outOfScope = rawRequest(putHead(client, 100, signedIn('CONSULTANT@B21')));
    await outOfScope.closed;
    expect(outOfScope.status()).toBe(404);
    const big = rawRequest(putHead(client, server.runtime.config.uploadMaxBytes + 1, signedIn('CONSULTANT@B11')));
    const { response, afterMs } = await big.closed;
    expect(big.status()).toBe(413);
    expect(response).toMatch(/"path":"body"/);
    expect(afterMs).toBeLessThan(1000);
  });

  it('a body that stops coming is cut at the request deadline with 408', async () => {
    const r = rawRequest(putHead(client, 1000, signedIn('CONSULTANT@B11')), 'x'.repeat(10));
    const { afterMs } = await r.closed;
    expect(r.status()).toBe(408);
    expect(afterMs).toBeGreaterThanOrEqual(2900);
    expect(afterMs).toBeLessThan(6000);
  });

  it('headers that never end are cut at the header deadline', async () => {
    const r = rawRequest('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
    const { afterMs } = await r.closed;
    expect(r.status()).toBe(408);
    expect(afterMs).toBeLessThan(4000);
  });

  it('uploads past UPLOAD_MAX_CONCURRENT are refused with 429 RATE_LIMITED, and a finished one frees its slot', async () => {
    const held = Array.from({ length: 8 }, () => rawRequest(putHead(client, 1000, signedIn('CONSULTANT@B11')), 'x'));
    // Admission reads the session and the client: wait until the eight hold their slots.
    const inProgress = async () => server.runtime.metrics.sources.uploadsInProgress!();
    expect(await eventually(inProgress, (n) => n === 8)).toBe(8);
    const refused = await put('CONSULTANT@B11', client, PNG);
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe('1');
    expect(JSON.parse(refused.body).errors[0].extensions.code).toBe('RATE_LIMITED');
    held.forEach((h) => h.socket.destroy());
    await Promise.all(held.map((h) => h.closed));
    // The slots are given back when the server sees the connections close.
    await eventually(inProgress, (n) => n === 0);
    expect((await put('CONSULTANT@B11', client, PNG)).status).toBe(201);
  });

  it('parallel first uploads of a picture leave exactly the one file the client refers to', async () => {
    const db = tenantDb(server.runtime.database, fx.tenant.schemaName);
    // A few rounds, each on a new client: the race needs two uploads inside one short window.
    for (let round = 0; round < 4; round++) {
      const fresh = (await must(as('CONSULTANT@B11', CREATE_CLIENT, { i: { firstName: 'Par', gender: 'MALE', country: 'AU' } })))
        .createClient.id;
      const images = Array.from({ length: 6 }, (_, i) => Buffer.concat([PNG, Buffer.from([i])]));
      const results = await Promise.all(images.map((img) => put('CONSULTANT@B11', fresh, img)));
      expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201, 201]);
      const dir = join(server.runtime.config.uploadsDir, fx.tenant.schemaName, 'clients', fresh);
      const [row] = await db.orm.select().from(db.t.profilePictures).where(eq(db.t.profilePictures.clientId, fresh));
      expect(await readdir(dir), `round ${round}`).toEqual([basename(row!.storageKey)]);
    }
  });
});
