// The permission matrix's shared parts: actors, target scopes, the table helpers and the context
// every module's rows (test/matrix/<module>.ts) run against. The context is filled once by
// test/permission-matrix.test.ts before any row runs.
import type { Mutation, Query } from '../../src/graphql/generated/resolvers-types.generated.js';
import type { RunningServer } from '../../src/server.js';
import { CREATE_USER, ROLES, userInput, type BranchKey, type OrgFixture, type RegionKey } from './org-fixture.js';
import { gql, must, type GqlResult } from './server.js';

export type Actor = (typeof ROLES)[number] | 'PLATFORM';
/**
 * Where a target sits, seen from the B11 actors: `in` B11 (R1), `out` B21 (R2), `other` the other
 * tenant, `sibling` B12 (R1: the region manager's scope, not the branch's). Rows list `in`, `out`
 * and `other`; the matrix adds `sibling` itself (see `siblingCase`).
 */
export type Scope = 'in' | 'out' | 'other' | 'sibling';
export const ACTORS: Actor[] = [...ROLES, 'PLATFORM'];
export const SCOPE_NAME: Record<Scope, string> = {
  in: 'in scope',
  out: 'out of scope',
  other: 'in another tenant',
  sibling: 'in a sibling branch',
};

type Field<T> = Exclude<keyof T & string, '__typename'>;
/** A row's name: its root field, then optionally a space and what the row is about. */
type Named<F extends string> = F | `${F} ${string}`;

interface Row {
  /** The targets this operation takes; operations without a target have just `in`. */
  scopes: Scope[];
  /** Per actor, the outcomes for `scopes`, in order, separated by spaces. */
  expect: Record<Actor, string>;
  /**
   * The target in B12, for rows that list both `in` and `out`: by default the region manager and
   * the whole-tenant roles get their `in` outcome and the branch roles their `out` one. A row
   * whose targets are not branch-scoped (regions, own notifications) says `false`; one whose
   * sibling outcome differs gives it per actor.
   */
  sibling?: false | Partial<Record<Actor, string>>;
}

/** A query (or subscription) row: `run` returns the outcome. */
export interface ReadOp extends Row {
  name: Named<Field<Query>>;
  run: (actor: Actor, scope: Scope) => Promise<string>;
}

/**
 * A mutation row. The matrix reads `readBack` (as the target tenant's owner) before and after the
 * mutation: a refusal that changed it reads "<code>+CHANGED", an OK that left it as it was
 * "OK+UNCHANGED". A mutation row cannot be written as a ReadOp: its name does not type-check there.
 */
export interface WriteOp<T = unknown> extends Row {
  name: Named<Field<Mutation>>;
  /** Makes or picks the case's target, as the owners, before the first read-back. */
  target: (actor: Actor, scope: Scope) => Promise<T>;
  /** The mutation, as the actor. */
  mutate: (actor: Actor, scope: Scope, target: T) => Promise<GqlResult>;
  /** What the mutation would change, read by someone who sees it whatever the actor (see `ownerOf`). */
  readBack: (target: T, scope: Scope) => Promise<GqlResult>;
  /** Why an OK write may leave the read-back unchanged (idempotent, or nothing readable changes). */
  okUnchanged?: string;
}

export type Op = ReadOp | WriteOp<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * The read-back of a mutation shield refuses for every actor before any resolver runs, on an id
 * that names nothing: there is no target to re-read, and `why` says so in the row.
 */
export const noTarget = (why: string) => (): Promise<GqlResult> =>
  Promise.resolve({ status: 200, data: { noTarget: why }, errors: undefined, codes: [] });

/** Keeps a write row's target type across its three steps. */
export const write = <T>(op: WriteOp<T>): WriteOp<T> => op;
export const isWrite = (op: Op): op is WriteOp => 'mutate' in op;

export type Vars = Record<string, unknown>;

/**
 * Mutation rows on one record passed as `$id`, all in `scopes`, read back by id with `read`, with
 * outcomes `expect`. Each row names its mutation, its `target` (made or picked per scope) and
 * `more`: the mutation's other variables, made per case.
 */
export const byIdRows =
  (scopes: Scope[], read: (variables: Vars, scope: Scope) => Promise<GqlResult>, expect: Record<Actor, string>) =>
  (name: WriteOp['name'], target: (scope: Scope) => Promise<string>, mutation: string, more: () => Vars = () => ({})) =>
    write({
      name,
      scopes,
      target: (_a, s) => target(s),
      mutate: (a, _s, id) => call(a, mutation, { id, ...more() }),
      readBack: (id, s) => read({ id }, s),
      expect,
    });

type Expect = Record<Actor, string>;

/** A query row without a target, for one scope: the outcome of `query` as the actor. */
const queryRow = (name: ReadOp['name'], query: string, expect: Expect): ReadOp => ({
  name,
  scopes: ['in'],
  run: async (a) => outcome(await call(a, query)),
  expect,
});

/** A mutation row without a target, for one scope: `mutation` as the actor, `readBack` what it would change. */
const mutationRow = (
  name: WriteOp['name'],
  mutation: string,
  readBack: () => Promise<GqlResult>,
  expect: Expect,
  okUnchanged?: string,
): WriteOp<null> =>
  write({
    name,
    scopes: ['in'],
    target: () => Promise.resolve(null),
    mutate: (a) => call(a, mutation),
    readBack,
    okUnchanged,
    expect,
  });

type Pick1 = (scope: Scope) => Promise<string> | string;
/** A query row on the record `target` picks per scope: `look` gives the outcome as the actor. */
const onTarget = (
  name: ReadOp['name'],
  scopes: Scope[],
  target: Pick1,
  expect: Expect,
  look: (actor: Actor, scope: Scope, id: string) => Promise<string>,
): ReadOp => ({ name, scopes, run: async (a, s) => look(a, s, await target(s)), expect });

/** A query row on one record passed as `$id`: the outcome as the actor. */
const getRow = (name: ReadOp['name'], scopes: Scope[], query: string, target: Pick1, expect: Expect) =>
  onTarget(name, scopes, target, expect, async (a, _s, id) => outcome(await call(a, query, { id })));

/**
 * A list row: whether the target is among the nodes of the row's root field as the actor lists them
 * with `query`, its variables made by `vars` from the scope and the target.
 */
const listRow = (
  name: ReadOp['name'],
  scopes: Scope[],
  query: string,
  target: Pick1,
  expect: Expect,
  vars: (scope: Scope, id: string) => Vars | Promise<Vars> = () => ({}),
) =>
  onTarget(name, scopes, target, expect, async (a, s, id) =>
    listed(await call(a, query, await vars(s, id)), name.split(' ')[0]!, id),
  );

/**
 * A row creating master data (BRANCH_ADMIN and above): the record is named `${prefix} <n>`,
 * `mutate` sends it as the actor, `named` reads back the records of that name (variable `$s`).
 */
const createRow = (
  name: WriteOp['name'],
  prefix: string,
  mutate: (actor: Actor, name: string) => Promise<GqlResult>,
  named: (variables: Vars) => Promise<GqlResult>,
): WriteOp<string> =>
  write({
    name,
    scopes: ['in'],
    target: () => Promise.resolve(`${prefix} ${seq()}`),
    mutate: (a, _s, n) => mutate(a, n),
    readBack: (n) => named({ s: n }),
    expect: MASTER.create,
  });

/** The row builders for the common shapes: a query without a target, a mutation without one, a read by id, a list, a master data create. */
export const rows = { query: queryRow, mutation: mutationRow, get: getRow, list: listRow, create: createRow };

const snapshot = (r: GqlResult) => JSON.stringify({ data: r.data, codes: r.codes });

/** Runs one case of a row: the outcome, suffixed when a write's read-back contradicts it. */
export async function runCase(op: Op, actor: Actor, scope: Scope): Promise<string> {
  if (!isWrite(op)) return op.run(actor, scope);
  const target = await op.target(actor, scope);
  const before = snapshot(await op.readBack(target, scope));
  const result = outcome(await op.mutate(actor, scope, target));
  const changed = snapshot(await op.readBack(target, scope)) !== before;
  if (result !== 'OK') return changed ? `${result}+CHANGED` : result;
  return changed || op.okUnchanged ? result : 'OK+UNCHANGED';
}

const SIBLING_SEES: Record<Actor, 'in' | 'out'> = {
  SUPER_ADMIN: 'in',
  COUNTRY_MANAGER: 'in',
  REGION_MANAGER: 'in',
  BRANCH_ADMIN: 'out',
  CONSULTANT: 'out',
  PLATFORM: 'in',
};

/** The B12 case of a row for one actor, or undefined when the row has none. */
export function siblingCase(op: Op, actor: Actor): string | undefined {
  if (op.sibling === false || !op.scopes.includes('in') || !op.scopes.includes('out')) return undefined;
  const given = op.sibling?.[actor];
  if (given) return given;
  return op.expect[actor].split(' ')[op.scopes.indexOf(SIBLING_SEES[actor])];
}

export interface OtherTenant {
  slug: string;
  auth: { tenant: string; token: string };
  region: string;
  branch: string;
  user: string;
}

/** The other tenant's consultant (made by the matrix test; its id is `m.other.user`). */
export const OTHER_USER = (slug: string) => userInput(slug, 'other', 'CONSULTANT');

/** Filled by the matrix test before the rows run. */
export const m = {
  server: undefined as unknown as RunningServer,
  platformToken: '',
  fx: undefined as unknown as OrgFixture,
  /** A second tenant: the same shapes, never reachable from the first. */
  other: undefined as unknown as OtherTenant,
  /** Consultants lists are checked against: one in B11 (in scope for the B11 actors), one in B21, one in B12. */
  peer: { in: '', out: '', sibling: '' },
};

let counter = 0;
/** A number unique in the run, for names and emails. */
export const seq = () => ++counter;

/** Each role acts as its B11 user (the owner for SUPER_ADMIN); PLATFORM is a platform admin's token in the tenant. */
export function call(actor: Actor, query: string, variables: Record<string, unknown> = {}): Promise<GqlResult> {
  if (actor === 'PLATFORM') return gql(m.server, query, variables, { tenant: m.fx.tenant.slug, token: m.platformToken });
  return gql(m.server, query, variables, m.fx.as(actor === 'SUPER_ADMIN' ? 'SUPER_ADMIN' : `${actor}@B11`));
}
export const asOwner = (query: string, variables: Record<string, unknown> = {}) => call('SUPER_ADMIN', query, variables);
/** As the other tenant's owner. */
export const asOther = (query: string, variables: Record<string, unknown> = {}) => gql(m.server, query, variables, m.other.auth);
/** The owner of the tenant a target of `scope` lives in: who reads it back whatever the actor. */
export const ownerOf = (scope: Scope) => (scope === 'other' ? asOther : asOwner);
/** A read-back: `query` as the owner of the scope's tenant. */
export const readAs =
  (query: string) =>
  (variables: Record<string, unknown>, scope: Scope = 'in'): Promise<GqlResult> =>
    ownerOf(scope)(query, variables);

export const outcome = (r: GqlResult) => (r.errors?.length ? r.codes[0]! : 'OK');
/** For lists: whether `id` is among the nodes at `field` (a connection), or the error code. */
export const listed = (r: GqlResult, field: string, id: string) =>
  r.errors?.length
    ? r.codes[0]!
    : (r.data as Record<string, { nodes: { id: string }[] }>)[field]!.nodes.some((n) => n.id === id)
      ? 'VISIBLE'
      : 'HIDDEN';

/** The outcomes of the five tenant roles; a platform token in a tenant is always UNAUTHENTICATED. */
export function table(sa: string, cm: string, rm: string, ba: string, co: string): Record<Actor, string> {
  const n = sa.split(' ').length;
  return {
    SUPER_ADMIN: sa,
    COUNTRY_MANAGER: cm,
    REGION_MANAGER: rm,
    BRANCH_ADMIN: ba,
    CONSULTANT: co,
    PLATFORM: Array(n).fill('UNAUTHENTICATED').join(' '),
  };
}
export const FORBIDDEN3 = 'FORBIDDEN FORBIDDEN FORBIDDEN';
/** A row of one scope every tenant role may do (or see). */
export const EVERY_ROLE = table('OK', 'OK', 'OK', 'OK', 'OK');
export const ALL3: Scope[] = ['in', 'out', 'other'];
/** Whole-tenant roles see both scopes; the B11 actors of scoped roles only their own. */
export const SCOPED_READ = table(
  'OK OK NOT_FOUND',
  'OK OK NOT_FOUND',
  'OK NOT_FOUND NOT_FOUND',
  'OK NOT_FOUND NOT_FOUND',
  'OK NOT_FOUND NOT_FOUND',
);
export const SCOPED_LIST = table(
  'VISIBLE VISIBLE HIDDEN',
  'VISIBLE VISIBLE HIDDEN',
  'VISIBLE HIDDEN HIDDEN',
  'VISIBLE HIDDEN HIDDEN',
  'VISIBLE HIDDEN HIDDEN',
);
/** Deleting and restoring scoped records: BRANCH_ADMIN and above, in their scope. */
export const SCOPED_DELETE = table(
  'OK OK NOT_FOUND',
  'OK OK NOT_FOUND',
  'OK NOT_FOUND NOT_FOUND',
  'OK NOT_FOUND NOT_FOUND',
  FORBIDDEN3,
);

/**
 * Master data (the visa catalogue, agents, the education catalogue, language exams): its `scopes`
 * are the actor's tenant and the other one; every role lists and reads its own tenant's, and
 * BRANCH_ADMIN and above write it.
 */
export const MASTER = {
  scopes: ['in', 'other'] as Scope[],
  list: table('VISIBLE HIDDEN', 'VISIBLE HIDDEN', 'VISIBLE HIDDEN', 'VISIBLE HIDDEN', 'VISIBLE HIDDEN'),
  read: table('OK NOT_FOUND', 'OK NOT_FOUND', 'OK NOT_FOUND', 'OK NOT_FOUND', 'OK NOT_FOUND'),
  write: table('OK NOT_FOUND', 'OK NOT_FOUND', 'OK NOT_FOUND', 'OK NOT_FOUND', 'FORBIDDEN FORBIDDEN'),
  /** A new record (no target). */
  create: table('OK', 'OK', 'OK', 'OK', 'FORBIDDEN'),
};

/**
 * A branch, a region, fresh entities, by scope: `in` is B11/R1, `out` is B21/R2, `sibling` B12/R1,
 * `other` the other tenant's.
 */
export const branchKey = (scope: Exclude<Scope, 'other'>): BranchKey =>
  scope === 'in' ? 'B11' : scope === 'out' ? 'B21' : 'B12';
export const regionKey = (scope: Exclude<Scope, 'other'>): RegionKey => (scope === 'out' ? 'R2' : 'R1');
export const B = (scope: Scope) => (scope === 'other' ? m.other.branch : m.fx.branches[branchKey(scope)]);
export const R = (scope: Scope) => (scope === 'other' ? m.other.region : m.fx.regions[regionKey(scope)]);

/** The peer consultant of a scope (the other tenant's user for `other`): whom rows' records belong to. */
export const peerOf = (scope: Scope) => (scope === 'other' ? m.other.user : m.peer[scope]);

/** One record per scope, made once (in, out, sibling, other: in that order) for the rows that only read it. */
export const perScope = <T>(make: (scope: Scope) => Promise<T>) =>
  once(async () => ({
    in: await make('in'),
    out: await make('out'),
    sibling: await make('sibling'),
    other: await make('other'),
  }));

export const fresh = {
  region: async () =>
    (await must(asOwner('mutation($n: String!) { createRegion(input: { name: $n }) { id } }', { n: `Fresh region ${seq()}` })))
      .createRegion.id as string,
  branch: async (r: RegionKey) =>
    (
      await must(
        asOwner('mutation($i: CreateBranchInput!) { createBranch(input: $i) { id } }', {
          i: { name: `Fresh branch ${seq()}`, regionId: m.fx.regions[r] },
        }),
      )
    ).createBranch.id as string,
  /** A consultant of `branches` made by the owner (deactivated when `active` is false), with how it signs in. */
  user: async (branches: BranchKey[], active = true) => {
    const i = userInput(
      m.fx.tenant.slug,
      `fresh${seq()}`,
      'CONSULTANT',
      branches.map((b) => m.fx.branches[b]),
    );
    const id = (await must(asOwner(CREATE_USER, { i }))).createUser.id as string;
    if (!active) await must(asOwner('mutation($id: ID!) { deactivateUser(id: $id) { id } }', { id }));
    return { id, email: i.email, password: i.password };
  },
  consultant: async (b: BranchKey, active = true) => (await fresh.user([b], active)).id,
};

/**
 * A consultant of B11 and B21, made once: partly in the scope of every scoped B11 actor (B11) and
 * partly out of it (B21). Its rows take `in` as their one scope.
 */
export const partlyInScope = once(() => fresh.user(['B11', 'B21']));

/** Memoises an async setup step shared by several rows (e.g. a record in the other tenant). */
export function once<T>(make: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => (p ??= make());
}
