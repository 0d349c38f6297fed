// Permission matrix rows of the visas module. The catalogue is master data (every role reads,
// BRANCH_ADMIN and above write; another tenant's is unreachable); applications are scoped by
// their client's branch: B11 is in scope of every B11 actor, B21 only of the whole-tenant roles.
import { must } from '../kit/server.js';
import {
  ALL3,
  asOther,
  asOwner,
  B,
  byIdRows,
  call,
  EVERY_ROLE,
  MASTER,
  once,
  partlyInScope,
  readAs,
  rows,
  SCOPED_DELETE,
  SCOPED_LIST,
  SCOPED_READ,
  seq,
  table,
  write,
  type Op,
  type Scope,
} from '../kit/matrix.js';

type As = typeof asOwner;

const newCategory = async (as: As = asOwner) =>
  (await must(as('mutation($n: String!) { createVisaCategory(input: { name: $n }) { id } }', { n: `Matrix category ${seq()}` })))
    .createVisaCategory.id as string;
const newType = async (as: As = asOwner, categoryId?: string) =>
  (
    await must(
      as('mutation($i: CreateVisaTypeInput!) { createVisaType(input: $i) { id } }', {
        i: { visaCategoryId: categoryId ?? (await newCategory(as)), name: `Matrix type ${seq()}`, code: '500' },
      }),
    )
  ).createVisaType.id as string;
const newClient = async (as: As, branchId: string) =>
  (
    await must(
      as('mutation($i: CreateClientInput!) { createClient(input: $i) { id } }', {
        i: { firstName: 'Matrix', lastName: `Client ${seq()}`, gender: 'OTHER', country: 'AU', branchId },
      }),
    )
  ).createClient.id as string;
const newApplication = async (as: As, clientId: string, visaTypeId: string) =>
  (
    await must(
      as('mutation($i: CreateVisaApplicationInput!) { createVisaApplication(input: $i) { id } }', {
        i: { clientId, visaTypeId, immigrationFee: '100.00', serviceFee: '50' },
      }),
    )
  ).createVisaApplication.id as string;

const category = { in: once(() => newCategory()), other: once(() => newCategory(asOther)) };
const type = { in: once(() => newType()), other: once(() => newType(asOther)) };
const client = {
  in: once(() => newClient(asOwner, B('in'))),
  out: once(() => newClient(asOwner, B('out'))),
  sibling: once(() => newClient(asOwner, B('sibling'))),
  other: once(() => newClient(asOther, B('other'))),
};
const application = {
  in: once(async () => newApplication(asOwner, await client.in(), await type.in())),
  out: once(async () => newApplication(asOwner, await client.out(), await type.in())),
  sibling: once(async () => newApplication(asOwner, await client.sibling(), await type.in())),
  other: once(async () => newApplication(asOther, await client.other(), await type.other())),
};
/** A fresh application per row run (a delete is not repeatable); `deleted` ones for the restore. */
async function freshApplication(s: Scope, deleted = false): Promise<string> {
  const as = s === 'other' ? asOther : asOwner;
  const id = await newApplication(as, await client[s](), await type[s === 'other' ? 'other' : 'in']());
  if (deleted) await must(as('mutation($id: ID!) { deleteVisaApplication(id: $id) { id } }', { id }));
  return id;
}
const catalogueTarget = (s: Scope) => (s === 'other' ? 'other' : 'in');
const categoryOf = (s: Scope) => category[catalogueTarget(s)]();
const typeOf = (s: Scope) => type[catalogueTarget(s)]();
const applicationOf = (s: Scope) => application[s]();
const categoryRead = readAs('query($id: ID!) { visaCategory(id: $id) { description } }');
const typeRead = readAs('query($id: ID!) { visaType(id: $id) { checklist } }');
const applicationRead = readAs('query($id: ID!) { visaApplication(id: $id) { notes deletedAt } }');
const categoryRow = byIdRows(MASTER.scopes, categoryRead, MASTER.write);
/** Deleting and restoring applications: a fresh one per case. */
const deleteRow = byIdRows(ALL3, applicationRead, SCOPED_DELETE);
const typeRow = byIdRows(MASTER.scopes, typeRead, MASTER.write);
const categoriesNamed = readAs('query($s: String) { visaCategories(filter: { search: $s }) { totalCount } }');
const typesNamed = readAs('query($s: String) { visaTypes(filter: { search: $s }) { totalCount } }');
/** A client's applications, as the owner of its tenant counts them: what a create adds to. */
const applicationsOf = readAs('query($c: ID!) { visaApplications(filter: { clientId: $c }) { totalCount } }');

export const ops: Op[] = [
  rows.list(
    'visaCategories',
    MASTER.scopes,
    '{ visaCategories(first: 100) { nodes { id visaTypes { id } } } }',
    categoryOf,
    MASTER.list,
  ),
  rows.get('visaCategory', MASTER.scopes, 'query($id: ID!) { visaCategory(id: $id) { id } }', categoryOf, MASTER.read),
  rows.list(
    'visaTypes',
    MASTER.scopes,
    '{ visaTypes(first: 100) { nodes { id displayName category { id } } } }',
    typeOf,
    MASTER.list,
  ),
  rows.get('visaType', MASTER.scopes, 'query($id: ID!) { visaType(id: $id) { id category { id } } }', typeOf, MASTER.read),
  rows.create(
    'createVisaCategory',
    'Category',
    (a, n) => call(a, 'mutation($n: String!) { createVisaCategory(input: { name: $n }) { id } }', { n }),
    categoriesNamed,
  ),
  categoryRow(
    'updateVisaCategory',
    categoryOf,
    'mutation($id: ID!, $d: String) { updateVisaCategory(id: $id, input: { description: $d }) { id } }',
    () => ({ d: `x${seq()}` }),
  ),
  categoryRow(
    'deleteVisaCategory',
    (s) => (s === 'other' ? category.other() : newCategory()),
    'mutation($id: ID!) { deleteVisaCategory(id: $id) }',
  ),
  rows.create(
    'createVisaType',
    'Type',
    async (a, name) =>
      call(a, 'mutation($i: CreateVisaTypeInput!) { createVisaType(input: $i) { id } }', {
        i: { visaCategoryId: await category.in(), name },
      }),
    typesNamed,
  ),
  typeRow(
    'updateVisaType',
    typeOf,
    'mutation($id: ID!, $c: [String!]) { updateVisaType(id: $id, input: { checklist: $c }) { id } }',
    () => ({ c: [`Passport ${seq()}`] }),
  ),
  typeRow(
    'deleteVisaType',
    async (s) => (s === 'other' ? type.other() : newType(asOwner, await category.in())),
    'mutation($id: ID!) { deleteVisaType(id: $id) }',
  ),
  rows.list(
    'visaApplications',
    ALL3,
    '{ visaApplications(first: 100) { nodes { id client { id } visaType { id } } } }',
    applicationOf,
    SCOPED_LIST,
  ),
  rows.get(
    'visaApplication',
    ALL3,
    'query($id: ID!) { visaApplication(id: $id) { id client { id } assignedTo { id } } }',
    applicationOf,
    SCOPED_READ,
  ),
  {
    name: 'visaApplicationStatusCounts',
    scopes: ALL3,
    run: async (a, s) => {
      await application[s]();
      const r = await call(a, 'query($c: ID!) { visaApplicationStatusCounts(filter: { clientId: $c }) { total } }', {
        c: await client[s](),
      });
      if (r.errors?.length) return r.codes[0]!;
      return (r.data as { visaApplicationStatusCounts: { total: number } }).visaApplicationStatusCounts.total > 0
        ? 'COUNTED'
        : 'NONE';
    },
    expect: table('COUNTED COUNTED NONE', 'COUNTED COUNTED NONE', 'COUNTED NONE NONE', 'COUNTED NONE NONE', 'COUNTED NONE NONE'),
  },
  rows.query(
    'visaDashboard',
    '{ visaDashboard { totalApplications topVisaTypes { count } recentApplications { id } } }',
    table('OK', 'OK', 'OK', 'OK', 'OK'),
  ),
  write({
    name: 'createVisaApplication',
    scopes: ALL3,
    target: (_a, s) => client[s](),
    mutate: async (a, _s, clientId) =>
      call(a, 'mutation($i: CreateVisaApplicationInput!) { createVisaApplication(input: $i) { id } }', {
        i: { clientId, visaTypeId: await type.in(), immigrationFee: '1', serviceFee: '2' },
      }),
    readBack: (c, s) => applicationsOf({ c }, s),
    expect: SCOPED_READ,
  }),
  write({
    name: 'createVisaApplication (assigned to a consultant of B11 and B21)',
    scopes: ['in'],
    target: () => client.in(),
    mutate: async (a, _s, clientId) =>
      call(a, 'mutation($i: CreateVisaApplicationInput!) { createVisaApplication(input: $i) { id } }', {
        i: {
          clientId,
          visaTypeId: await type.in(),
          immigrationFee: '1',
          serviceFee: '2',
          assignedToId: (await partlyInScope()).id,
        },
      }),
    readBack: (c, s) => applicationsOf({ c }, s),
    expect: EVERY_ROLE,
  }),
  byIdRows(ALL3, applicationRead, SCOPED_READ)(
    'updateVisaApplication',
    applicationOf,
    'mutation($id: ID!, $n: String) { updateVisaApplication(id: $id, input: { notes: $n }) { id } }',
    () => ({ n: `checked ${seq()}` }),
  ),
  deleteRow(
    'deleteVisaApplication',
    (s) => freshApplication(s),
    'mutation($id: ID!) { deleteVisaApplication(id: $id) { deletedAt } }',
  ),
  deleteRow(
    'restoreVisaApplication',
    (s) => freshApplication(s, true),
    'mutation($id: ID!) { restoreVisaApplication(id: $id) { deletedAt } }',
  ),
];
