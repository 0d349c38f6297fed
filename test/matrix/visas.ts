// Permission matrix rows of the visas module. The catalogue is master data (every role reads,
// BRANCH_ADMIN and above write; another tenant's is unreachable); applications are scoped by
// their client's branch: B11 is in scope of every B11 actor, B21 only of the whole-tenant roles.
import { must } from '../kit/server.js';
import {
  ALL3,
  asOther,
  asOwner,
  B,
  call,
  listed,
  once,
  outcome,
  SCOPED_LIST,
  SCOPED_DELETE,
  SCOPED_READ,
  seq,
  table,
  type Op,
  type Scope,
} from '../kit/matrix.js';

type As = typeof asOwner;
const CATALOGUE: Scope[] = ['in', 'other'];
const WRITE = table('OK NOT_FOUND', 'OK NOT_FOUND', 'OK NOT_FOUND', 'OK NOT_FOUND', 'FORBIDDEN FORBIDDEN');
const READ = table('OK NOT_FOUND', 'OK NOT_FOUND', 'OK NOT_FOUND', 'OK NOT_FOUND', 'OK NOT_FOUND');

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
  other: once(() => newClient(asOther, B('other'))),
};
const application = {
  in: once(async () => newApplication(asOwner, await client.in(), await type.in())),
  out: once(async () => newApplication(asOwner, await client.out(), await type.in())),
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

export const ops: Op[] = [
  {
    name: 'visaCategories',
    scopes: CATALOGUE,
    run: async (a, s) => {
      const id = await category[catalogueTarget(s)]();
      return listed(await call(a, '{ visaCategories(first: 100) { nodes { id visaTypes { id } } } }'), 'visaCategories', id);
    },
    expect: table('VISIBLE HIDDEN', 'VISIBLE HIDDEN', 'VISIBLE HIDDEN', 'VISIBLE HIDDEN', 'VISIBLE HIDDEN'),
  },
  {
    name: 'visaCategory',
    scopes: CATALOGUE,
    run: async (a, s) =>
      outcome(await call(a, 'query($id: ID!) { visaCategory(id: $id) { id } }', { id: await category[catalogueTarget(s)]() })),
    expect: READ,
  },
  {
    name: 'visaTypes',
    scopes: CATALOGUE,
    run: async (a, s) => {
      const id = await type[catalogueTarget(s)]();
      return listed(await call(a, '{ visaTypes(first: 100) { nodes { id displayName category { id } } } }'), 'visaTypes', id);
    },
    expect: table('VISIBLE HIDDEN', 'VISIBLE HIDDEN', 'VISIBLE HIDDEN', 'VISIBLE HIDDEN', 'VISIBLE HIDDEN'),
  },
  {
    name: 'visaType',
    scopes: CATALOGUE,
    run: async (a, s) =>
      outcome(
        await call(a, 'query($id: ID!) { visaType(id: $id) { id category { id } } }', { id: await type[catalogueTarget(s)]() }),
      ),
    expect: READ,
  },
  {
    name: 'createVisaCategory',
    scopes: ['in'],
    run: async (a) =>
      outcome(
        await call(a, 'mutation($n: String!) { createVisaCategory(input: { name: $n }) { id } }', { n: `Category ${seq()}` }),
      ),
    expect: table('OK', 'OK', 'OK', 'OK', 'FORBIDDEN'),
  },
  {
    name: 'updateVisaCategory',
    scopes: CATALOGUE,
    run: async (a, s) =>
      outcome(
        await call(a, 'mutation($id: ID!) { updateVisaCategory(id: $id, input: { description: "x" }) { id } }', {
          id: await category[catalogueTarget(s)](),
        }),
      ),
    expect: WRITE,
  },
  {
    name: 'deleteVisaCategory',
    scopes: CATALOGUE,
    run: async (a, s) =>
      outcome(
        await call(a, 'mutation($id: ID!) { deleteVisaCategory(id: $id) }', {
          id: s === 'other' ? await category.other() : await newCategory(),
        }),
      ),
    expect: WRITE,
  },
  {
    name: 'createVisaType',
    scopes: ['in'],
    run: async (a) =>
      outcome(
        await call(a, 'mutation($i: CreateVisaTypeInput!) { createVisaType(input: $i) { id } }', {
          i: { visaCategoryId: await category.in(), name: `Type ${seq()}` },
        }),
      ),
    expect: table('OK', 'OK', 'OK', 'OK', 'FORBIDDEN'),
  },
  {
    name: 'updateVisaType',
    scopes: CATALOGUE,
    run: async (a, s) =>
      outcome(
        await call(a, 'mutation($id: ID!) { updateVisaType(id: $id, input: { checklist: ["Passport"] }) { id } }', {
          id: await type[catalogueTarget(s)](),
        }),
      ),
    expect: WRITE,
  },
  {
    name: 'deleteVisaType',
    scopes: CATALOGUE,
    run: async (a, s) =>
      outcome(
        await call(a, 'mutation($id: ID!) { deleteVisaType(id: $id) }', {
          id: s === 'other' ? await type.other() : await newType(asOwner, await category.in()),
        }),
      ),
    expect: WRITE,
  },
  {
    name: 'visaApplications',
    scopes: ALL3,
    run: async (a, s) => {
      const id = await application[s]();
      const r = await call(a, '{ visaApplications(first: 100) { nodes { id client { id } visaType { id } } } }');
      return listed(r, 'visaApplications', id);
    },
    expect: SCOPED_LIST,
  },
  {
    name: 'visaApplication',
    scopes: ALL3,
    run: async (a, s) =>
      outcome(
        await call(a, 'query($id: ID!) { visaApplication(id: $id) { id client { id } assignedTo { id } } }', {
          id: await application[s](),
        }),
      ),
    expect: SCOPED_READ,
  },
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
  {
    name: 'visaDashboard',
    scopes: ['in'],
    run: async (a) =>
      outcome(await call(a, '{ visaDashboard { totalApplications topVisaTypes { count } recentApplications { id } } }')),
    expect: table('OK', 'OK', 'OK', 'OK', 'OK'),
  },
  {
    name: 'createVisaApplication',
    scopes: ALL3,
    run: async (a, s) =>
      outcome(
        await call(a, 'mutation($i: CreateVisaApplicationInput!) { createVisaApplication(input: $i) { id } }', {
          i: { clientId: await client[s](), visaTypeId: await type.in(), immigrationFee: '1', serviceFee: '2' },
        }),
      ),
    expect: SCOPED_READ,
  },
  {
    name: 'updateVisaApplication',
    scopes: ALL3,
    run: async (a, s) =>
      outcome(
        await call(a, 'mutation($id: ID!) { updateVisaApplication(id: $id, input: { notes: "checked" }) { id } }', {
          id: await application[s](),
        }),
      ),
    expect: SCOPED_READ,
  },
  {
    name: 'deleteVisaApplication',
    scopes: ALL3,
    run: async (a, s) =>
      outcome(
        await call(a, 'mutation($id: ID!) { deleteVisaApplication(id: $id) { deletedAt } }', { id: await freshApplication(s) }),
      ),
    expect: SCOPED_DELETE,
  },
  {
    name: 'restoreVisaApplication',
    scopes: ALL3,
    run: async (a, s) =>
      outcome(
        await call(a, 'mutation($id: ID!) { restoreVisaApplication(id: $id) { deletedAt } }', {
          id: await freshApplication(s, true),
        }),
      ),
    expect: SCOPED_DELETE,
  },
];
