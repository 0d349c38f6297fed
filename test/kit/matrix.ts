// The permission matrix's shared parts: actors, target scopes, the table helpers and the context
// every module's rows (test/matrix/<module>.ts) run against. The context is filled once by
// test/permission-matrix.test.ts before any row runs.
import type { RunningServer } from '../../src/server.js';
import { CREATE_USER, ROLES, type BranchKey, type OrgFixture, type RegionKey } from './org-fixture.js';
import { gql, must, type GqlResult } from './server.js';

export type Actor = (typeof ROLES)[number] | 'PLATFORM';
export type Scope = 'in' | 'out' | 'other';
export const ACTORS: Actor[] = [...ROLES, 'PLATFORM'];
export const SCOPE_NAME: Record<Scope, string> = { in: 'in scope', out: 'out of scope', other: 'in another tenant' };

export interface Op {
  /** The root field's name, then optionally a space and what the row is about. */
  name: string;
  /** The targets this operation takes; operations without a target have just `in`. */
  scopes: Scope[];
  run: (actor: Actor, scope: Scope) => Promise<string>;
  /** Per actor, the outcomes for `scopes`, in order, separated by spaces. */
  expect: Record<Actor, string>;
}

export interface OtherTenant {
  slug: string;
  auth: { tenant: string; token: string };
  region: string;
  branch: string;
  user: string;
}

/** Filled by the matrix test before the rows run. */
export const m = {
  server: undefined as unknown as RunningServer,
  platformToken: '',
  fx: undefined as unknown as OrgFixture,
  /** A second tenant: the same shapes, never reachable from the first. */
  other: undefined as unknown as OtherTenant,
  /** Consultants lists are checked against: one in B11 (in scope for the B11 actors), one in B21. */
  peer: { in: '', out: '' },
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

/** A branch, a region, fresh entities, by scope: `in` is B11/R1, `out` is B21/R2, `other` the other tenant's. */
export const B = (scope: Scope) => (scope === 'in' ? m.fx.branches.B11 : scope === 'out' ? m.fx.branches.B21 : m.other.branch);
export const R = (scope: Scope) => (scope === 'in' ? m.fx.regions.R1 : scope === 'out' ? m.fx.regions.R2 : m.other.region);
export const branchKey = (scope: Exclude<Scope, 'other'>): BranchKey => (scope === 'in' ? 'B11' : 'B21');
export const regionKey = (scope: Exclude<Scope, 'other'>): RegionKey => (scope === 'in' ? 'R1' : 'R2');

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
  consultant: async (b: BranchKey, active = true) => {
    const n = seq();
    const i = {
      email: `fresh${n}@${m.fx.tenant.slug}.test`,
      password: 'fresh-pass-1',
      firstName: 'Fresh',
      lastName: `User ${n}`,
      role: 'CONSULTANT',
      branchIds: [m.fx.branches[b]],
    };
    const id = (await must(asOwner(CREATE_USER, { i }))).createUser.id as string;
    if (!active) await must(asOwner('mutation($id: ID!) { deactivateUser(id: $id) { id } }', { id }));
    return id;
  },
};

/** Memoises an async setup step shared by several rows (e.g. a record in the other tenant). */
export function once<T>(make: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => (p ??= make());
}
