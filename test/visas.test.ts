// Visas: the catalogue (categories and types, BRANCH_ADMIN and above write, in-use types stay) and
// applications, scoped by their client's branch: a consultant sees its branch's only, applications
// of deleted clients vanish, assignment stays inside the actor's scope, counts follow the list.
import { beforeAll, describe, expect, it } from 'vitest';
import { createTenant, gql, must, type GqlResult } from './kit/server.js';
import { useOrgServer } from './kit/use-server.js';

const { server, fx, platform, as, owner } = useOrgServer();

type Vars = Record<string, unknown>;
const fieldsOf = (r: GqlResult) => (r.errors?.[0]?.extensions?.fields ?? []).map((f) => f.path).sort();
interface Page {
  totalCount: number;
  nodes: { id: string }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

let n = 0;
const unique = (prefix: string) => `${prefix} ${++n}-${Date.now() % 100000}`;

const CREATE_CATEGORY = 'mutation($i: CreateVisaCategoryInput!) { createVisaCategory(input: $i) { id name code } }';
const CREATE_TYPE =
  'mutation($i: CreateVisaTypeInput!) { createVisaType(input: $i) { id name code displayName checklist category { id } } }';
const APP_FIELDS = `id status immigrationFee immigrationFeeCurrency serviceFee serviceFeeCurrency dependent notes dateGranted
  requiredDocuments { name received } client { id } visaType { id } assignedTo { id } createdBy { id } updatedBy { id }`;
const CREATE_APP = `mutation($i: CreateVisaApplicationInput!) { createVisaApplication(input: $i) { ${APP_FIELDS} } }`;
const UPDATE_APP = `mutation($id: ID!, $i: UpdateVisaApplicationInput!) { updateVisaApplication(id: $id, input: $i) { ${APP_FIELDS} } }`;
const GET_APP = `query($id: ID!) { visaApplication(id: $id) { ${APP_FIELDS} } }`;
const LIST_APPS = `query($f: VisaApplicationFilter, $first: Int, $after: String, $o: VisaApplicationOrder) {
  visaApplications(filter: $f, first: $first, after: $after, orderBy: $o) {
    totalCount nodes { id } pageInfo { hasNextPage endCursor }
  }
}`;
const COUNTS =
  'query($f: VisaApplicationFilter) { visaApplicationStatusCounts(filter: $f) { toBeApplied granted rejected total } }';

type Call = (query: string, variables?: Vars) => Promise<GqlResult>;
async function newCategory(call: Call = owner, input: Vars = {}) {
  return (await must(call(CREATE_CATEGORY, { i: { name: unique('Category'), ...input } }))).createVisaCategory;
}
async function newType(call: Call = owner, input: Vars = {}) {
  const visaCategoryId = input.visaCategoryId ?? (await newCategory(call)).id;
  return (await must(call(CREATE_TYPE, { i: { name: unique('Type'), visaCategoryId, ...input } }))).createVisaType;
}
async function newClient(call: Call, branchId: string, extra: Vars = {}) {
  const i = { firstName: 'Visa', lastName: unique('Client'), gender: 'MALE', country: 'IN', branchId, ...extra };
  return (await must(call('mutation($i: CreateClientInput!) { createClient(input: $i) { id firstName lastName } }', { i })))
    .createClient;
}
async function newApplication(call: Call, clientId: string, visaTypeId: string, extra: Vars = {}) {
  const i = { clientId, visaTypeId, immigrationFee: '4115.00', serviceFee: '1500', ...extra };
  return (await must(call(CREATE_APP, { i }))).createVisaApplication;
}

let sharedType: { id: string };
beforeAll(async () => {
  sharedType = await newType(owner, { code: '500', checklist: ['Passport', 'CoE'] });
});

describe('the visa catalogue', () => {
  it('a visa type shows "name (code)", or just its name without a code, and its category lists it', async () => {
    const category = await newCategory(owner, { code: unique('ST').replace(/\s/g, '') });
    const coded = await newType(owner, { visaCategoryId: category.id, name: 'Student', code: '500' });
    const plain = await newType(owner, { visaCategoryId: category.id, name: 'Visitor' });
    expect(coded.displayName).toBe('Student (500)');
    expect(plain.displayName).toBe('Visitor');
    const read = await must(
      as('CONSULTANT@B11', 'query($id: ID!) { visaCategory(id: $id) { visaTypes { id } } }', { id: category.id }),
    );
    expect(read.visaCategory.visaTypes.map((t: { id: string }) => t.id)).toEqual([coded.id, plain.id]);
    const listed = await must(
      as('CONSULTANT@B11', 'query($c: ID) { visaTypes(filter: { visaCategoryId: $c }) { totalCount } }', { c: category.id }),
    );
    expect(listed.visaTypes.totalCount).toBe(2);
  });

  it('category names (ignoring case) and codes are unique', async () => {
    const code = unique('C').replace(/\s/g, '').slice(0, 20);
    const category = await newCategory(owner, { code });
    const byName = await owner(CREATE_CATEGORY, { i: { name: category.name.toUpperCase() } });
    expect(byName.codes).toEqual(['CONFLICT']);
    expect(fieldsOf(byName)).toEqual(['input.name']);
    const byCode = await owner(CREATE_CATEGORY, { i: { name: unique('Other'), code } });
    expect(byCode.codes).toEqual(['CONFLICT']);
    expect(fieldsOf(byCode)).toEqual(['input.code']);
    // Categories without a code never collide on it.
    await newCategory(owner, { code: '' });
    await newCategory(owner, { code: '' });
  });

  it('bad catalogue input names the offending fields', async () => {
    const r = await owner(CREATE_TYPE, {
      i: { visaCategoryId: 'not-an-id', name: '', checklist: ['Passport', ' '] },
    });
    expect(r.codes).toEqual(['BAD_USER_INPUT']);
    expect(fieldsOf(r)).toEqual(['input.checklist.1', 'input.name', 'input.visaCategoryId']);
    const unknown = await owner(CREATE_TYPE, { i: { visaCategoryId: '00000000-0000-4000-8000-000000000000', name: 'X' } });
    expect(fieldsOf(unknown)).toEqual(['input.visaCategoryId']);
  });

  it('a consultant reads the catalogue but may not change it', async () => {
    expect((await as('CONSULTANT@B11', CREATE_CATEGORY, { i: { name: unique('Nope') } })).codes).toEqual(['FORBIDDEN']);
    const del = await as('CONSULTANT@B11', 'mutation($id: ID!) { deleteVisaType(id: $id) }', { id: sharedType.id });
    expect(del.codes).toEqual(['FORBIDDEN']);
    expect(
      (await must(as('CONSULTANT@B11', 'query($id: ID!) { visaType(id: $id) { id } }', { id: sharedType.id }))).visaType.id,
    ).toBe(sharedType.id);
  });

  it('a visa type in use by an application cannot be deleted, nor can its category; an unused one can', async () => {
    const type = await newType();
    const client = await newClient(owner, fx.branches.B11);
    await newApplication(owner, client.id, type.id);
    const delType = await as('BRANCH_ADMIN@B11', 'mutation($id: ID!) { deleteVisaType(id: $id) }', { id: type.id });
    expect(delType.codes).toEqual(['CONFLICT']);
    const delCategory = await owner('mutation($id: ID!) { deleteVisaCategory(id: $id) }', { id: type.category.id });
    expect(delCategory.codes).toEqual(['CONFLICT']);
    expect((await must(owner('query($id: ID!) { visaType(id: $id) { id } }', { id: type.id }))).visaType.id).toBe(type.id);

    const unused = await newType();
    expect((await must(owner('mutation($id: ID!) { deleteVisaType(id: $id) }', { id: unused.id }))).deleteVisaType).toBe(true);
    expect((await owner('query($id: ID!) { visaType(id: $id) { id } }', { id: unused.id })).codes).toEqual(['NOT_FOUND']);
  });
});

describe('creating and changing visa applications', () => {
  it('an application starts from the visa type checklist with USD fees, and records its creator', async () => {
    const client = await newClient(owner, fx.branches.B11);
    const app = await newApplication(as.bind(null, 'CONSULTANT@B11'), client.id, sharedType.id);
    expect(app).toMatchObject({
      status: 'TO_BE_APPLIED',
      immigrationFee: '4115.00',
      serviceFee: '1500.00',
      immigrationFeeCurrency: 'USD',
      serviceFeeCurrency: 'USD',
      dependent: false,
      notes: '',
      requiredDocuments: [
        { name: 'Passport', received: false },
        { name: 'CoE', received: false },
      ],
      client: { id: client.id },
      assignedTo: null,
      createdBy: { id: fx.users['CONSULTANT@B11']!.id },
    });
    const given = await newApplication(owner, client.id, sharedType.id, {
      requiredDocuments: [{ name: 'Bank statement', received: true }, { name: 'Photo' }],
      immigrationFeeCurrency: 'aud',
    });
    expect(given.requiredDocuments).toEqual([
      { name: 'Bank statement', received: true },
      { name: 'Photo', received: false },
    ]);
    expect(given.immigrationFeeCurrency).toBe('AUD');
  });

  it('bad input names every offending field and creates nothing', async () => {
    const client = await newClient(owner, fx.branches.B11);
    const r = await owner(CREATE_APP, {
      i: {
        clientId: client.id,
        visaTypeId: sharedType.id,
        immigrationFee: '-1',
        serviceFee: '10.123',
        serviceFeeCurrency: 'DOLLARS',
        requiredDocuments: [{ name: '' }],
      },
    });
    expect(r.codes).toEqual(['BAD_USER_INPUT']);
    expect(fieldsOf(r)).toEqual([
      'input.immigrationFee',
      'input.requiredDocuments.0.name',
      'input.serviceFee',
      'input.serviceFeeCurrency',
    ]);
    const unknownType = await owner(CREATE_APP, {
      i: { clientId: client.id, visaTypeId: '00000000-0000-4000-8000-000000000000', immigrationFee: '1', serviceFee: '1' },
    });
    expect(fieldsOf(unknownType)).toEqual(['input.visaTypeId']);
    expect((await must(owner(COUNTS, { f: { clientId: client.id } }))).visaApplicationStatusCounts.total).toBe(0);
  });

  it('a consultant cannot create an application for a client of another branch (NOT_FOUND)', async () => {
    const client = await newClient(owner, fx.branches.B21);
    const r = await as('CONSULTANT@B11', CREATE_APP, {
      i: { clientId: client.id, visaTypeId: sharedType.id, immigrationFee: '1', serviceFee: '1' },
    });
    expect(r.codes).toEqual(['NOT_FOUND']);
  });

  it('any status may be set with its dates; null clears a date, the client never changes', async () => {
    const client = await newClient(owner, fx.branches.B11);
    const app = await newApplication(owner, client.id, sharedType.id);
    const granted = (
      await must(
        as('CONSULTANT@B11', UPDATE_APP, { id: app.id, i: { status: 'GRANTED', dateGranted: '2026-01-15', dependent: true } }),
      )
    ).updateVisaApplication;
    expect(granted).toMatchObject({ status: 'GRANTED', dateGranted: '2026-01-15', dependent: true, client: { id: client.id } });
    expect(granted.updatedBy.id).toBe(fx.users['CONSULTANT@B11']!.id);
    const back = (await must(owner(UPDATE_APP, { id: app.id, i: { status: 'TO_BE_APPLIED', dateGranted: null } })))
      .updateVisaApplication;
    expect(back).toMatchObject({ status: 'TO_BE_APPLIED', dateGranted: null, dependent: true });
    // The update input has no clientId at all: the variables are refused before any resolver runs.
    const moveClient = await owner(UPDATE_APP, { id: app.id, i: { clientId: client.id } });
    expect(moveClient.codes).toEqual(['BAD_USER_INPUT']);
  });

  it('assigning outside the actor scope is FORBIDDEN and changes nothing; null unassigns', async () => {
    const client = await newClient(owner, fx.branches.B11);
    const outsider = fx.users['CONSULTANT@B21']!.id;
    const colleague = fx.users['CONSULTANT@B11']!.id;
    const create = await as('BRANCH_ADMIN@B11', CREATE_APP, {
      i: { clientId: client.id, visaTypeId: sharedType.id, immigrationFee: '1', serviceFee: '1', assignedToId: outsider },
    });
    expect(create.codes).toEqual(['FORBIDDEN']);
    expect((await must(owner(COUNTS, { f: { clientId: client.id } }))).visaApplicationStatusCounts.total).toBe(0);

    const app = await newApplication(as.bind(null, 'BRANCH_ADMIN@B11'), client.id, sharedType.id, { assignedToId: colleague });
    expect(app.assignedTo.id).toBe(colleague);
    const update = await as('CONSULTANT@B11', UPDATE_APP, { id: app.id, i: { assignedToId: outsider, notes: 'moved' } });
    expect(update.codes).toEqual(['FORBIDDEN']);
    const after = (await must(owner(GET_APP, { id: app.id }))).visaApplication;
    expect(after).toMatchObject({ assignedTo: { id: colleague }, notes: '' });

    const cleared = (await must(as('CONSULTANT@B11', UPDATE_APP, { id: app.id, i: { assignedToId: null } })))
      .updateVisaApplication;
    expect(cleared.assignedTo).toBeNull();
  });
});

describe('who sees which applications', () => {
  it('a consultant sees only the applications of its branch, in the list, by id and in the counts', async () => {
    const mine = await newApplication(owner, (await newClient(owner, fx.branches.B11)).id, sharedType.id);
    const theirs = await newApplication(owner, (await newClient(owner, fx.branches.B21)).id, sharedType.id);
    const ids = async (who: string) =>
      (await must(as(who, '{ visaApplications(first: 100) { nodes { id } } }'))).visaApplications.nodes.map(
        (a: { id: string }) => a.id,
      );
    expect(await ids('CONSULTANT@B11')).toContain(mine.id);
    expect(await ids('CONSULTANT@B11')).not.toContain(theirs.id);
    expect(await ids('CONSULTANT@B21')).toContain(theirs.id);
    expect((await as('CONSULTANT@B11', GET_APP, { id: theirs.id })).codes).toEqual(['NOT_FOUND']);
    expect((await as('REGION_MANAGER@B11', GET_APP, { id: theirs.id })).codes).toEqual(['NOT_FOUND']);
    expect((await as('CONSULTANT@B11', UPDATE_APP, { id: theirs.id, i: { notes: 'x' } })).codes).toEqual(['NOT_FOUND']);
    const list = (await must(as('CONSULTANT@B11', LIST_APPS, { first: 100 }))).visaApplications.totalCount;
    const counted = (await must(as('CONSULTANT@B11', COUNTS))).visaApplicationStatusCounts.total;
    expect(counted).toBe(list);
  });

  it('applications of a soft-deleted client vanish from lists, counts and reads, and return with it', async () => {
    const client = await newClient(owner, fx.branches.B11);
    const app = await newApplication(owner, client.id, sharedType.id);
    const f = { clientId: client.id };
    expect((await must(owner(LIST_APPS, { f }))).visaApplications.totalCount).toBe(1);
    await must(owner('mutation($id: ID!) { deleteClient(id: $id) { id } }', { id: client.id }));
    expect((await must(owner(LIST_APPS, { f }))).visaApplications.totalCount).toBe(0);
    expect((await must(owner(COUNTS, { f }))).visaApplicationStatusCounts.total).toBe(0);
    expect((await owner(GET_APP, { id: app.id })).codes).toEqual(['NOT_FOUND']);
    await must(owner('mutation($id: ID!) { restoreClient(id: $id) { id } }', { id: client.id }));
    expect((await must(owner(LIST_APPS, { f }))).visaApplications.totalCount).toBe(1);
  });

  it('a client shows its visa category and its applications, newest first', async () => {
    const category = await newCategory();
    const client = await newClient(owner, fx.branches.B11, { visaCategoryId: category.id });
    const first = await newApplication(owner, client.id, sharedType.id);
    const second = await newApplication(owner, client.id, sharedType.id);
    const read = await must(
      as(
        'CONSULTANT@B11',
        'query($id: ID!) { client(id: $id) { visaCategory { id } visaApplications { id visaType { id } } } }',
        {
          id: client.id,
        },
      ),
    );
    expect(read.client.visaCategory.id).toBe(category.id);
    expect(read.client.visaApplications.map((a: { id: string }) => a.id)).toEqual([second.id, first.id]);
  });

  it('pages walk a client applications newest first (or oldest first) with opaque cursors', async () => {
    const client = await newClient(owner, fx.branches.B11);
    const made: string[] = [];
    for (let i = 0; i < 5; i++) made.push((await newApplication(owner, client.id, sharedType.id)).id);
    const walk = async (o: string) => {
      const seen: string[] = [];
      let after: string | null = null;
      for (let page = 0; page < 3; page++) {
        const r: Page = (await must(as('CONSULTANT@B11', LIST_APPS, { f: { clientId: client.id }, first: 2, after, o })))
          .visaApplications;
        expect(r.totalCount).toBe(5);
        expect(r.pageInfo.hasNextPage).toBe(page < 2);
        seen.push(...r.nodes.map((a) => a.id));
        after = r.pageInfo.endCursor;
      }
      return seen;
    };
    expect(await walk('CREATED_AT_DESC')).toEqual([...made].reverse());
    expect(await walk('CREATED_AT_ASC')).toEqual(made);
  });
});

describe('status counts and the dashboard', () => {
  it('count a small known data set exactly', async () => {
    const t = await createTenant(server, platform.token);
    const call: Call = (query, variables = {}) =>
      gql(server, query, variables, { tenant: t.slug, token: t.ownerTokens.accessToken });
    const me = (await must(call('{ me { id } }'))).me.id;
    const region = (await must(call('mutation { createRegion(input: { name: "Only" }) { id } }'))).createRegion.id;
    const branch = (
      await must(call('mutation($r: ID!) { createBranch(input: { name: "Only", regionId: $r }) { id } }', { r: region }))
    ).createBranch.id;
    const client = await newClient(call, branch);
    const [a, b, c] = [
      await newType(call, { name: 'Alpha' }),
      await newType(call, { name: 'Beta' }),
      await newType(call, { name: 'Gamma' }),
    ];
    const today = new Date().toISOString().slice(0, 10);
    const apps = [
      await newApplication(call, client.id, a.id, { status: 'GRANTED', dateGranted: today, assignedToId: me }),
      await newApplication(call, client.id, a.id, { status: 'GRANTED', dateGranted: '2020-03-01' }),
      await newApplication(call, client.id, a.id, { status: 'REJECTED' }),
      await newApplication(call, client.id, b.id, { status: 'CASE_OPENED' }),
      await newApplication(call, client.id, b.id),
      await newApplication(call, client.id, c.id),
    ];
    const counts = await must(
      call(`{ visaApplicationStatusCounts {
      toBeApplied visaApplied caseOpened granted rejected withdrawn total } }`),
    );
    expect(counts.visaApplicationStatusCounts).toEqual({
      toBeApplied: 2,
      visaApplied: 0,
      caseOpened: 1,
      granted: 2,
      rejected: 1,
      withdrawn: 0,
      total: 6,
    });
    const ofAlpha = await must(call(COUNTS, { f: { visaTypeId: a.id } }));
    expect(ofAlpha.visaApplicationStatusCounts).toEqual({ toBeApplied: 0, granted: 2, rejected: 1, total: 3 });

    const d = (
      await must(
        call(`{ visaDashboard {
          totalApplications unassignedCount
          statusCounts { granted total }
          createdCounts { today thisWeek thisMonth }
          grantedCounts { today thisWeek thisMonth }
          topVisaTypes { visaType { name } count }
          recentApplications { id }
        } }`),
      )
    ).visaDashboard;
    expect(d).toMatchObject({
      totalApplications: 6,
      unassignedCount: 5,
      statusCounts: { granted: 2, total: 6 },
      createdCounts: { today: 6, thisWeek: 6, thisMonth: 6 },
      grantedCounts: { today: 1, thisWeek: 1, thisMonth: 1 },
    });
    expect(d.topVisaTypes).toEqual([
      { visaType: { name: 'Alpha' }, count: 3 },
      { visaType: { name: 'Beta' }, count: 2 },
      { visaType: { name: 'Gamma' }, count: 1 },
    ]);
    expect(d.recentApplications.map((x: { id: string }) => x.id)).toEqual(
      apps
        .slice(1)
        .reverse()
        .map((x) => x.id),
    );
  });
});
