// Service-level tests: the seed-style organisation of org-fixture.ts on this file's test server
// (embedded database by default, PostgreSQL when DATABASE_URL is set, as every API test), with the
// tenant-bound handle and real viewers, built from the users' tokens as each request builds its own.
import { beforeAll, expect } from 'vitest';
import { authenticate, type TenantViewer } from '../../src/auth/viewer.js';
import { tenantDb, type TenantDb } from '../../src/db/tenant-db.js';
import type { TenantRecord } from '../../src/tenancy/registry.js';
import { clientCreate } from '../../src/modules/clients/services/clients.js';
import { CREATE_USER, type BranchKey, type RegionKey, type Role } from './org-fixture.js';
import { gql, login, must } from './server.js';
import { useOrgServer, type UsedOrgServer } from './use-server.js';

export interface ServiceOrg extends UsedOrgServer {
  /** The tenant's database handle, as a request on it gets (filled in by the beforeAll). */
  readonly db: TenantDb;
  readonly tenant: TenantRecord;
  /** The viewer of a fixture user (`CONSULTANT@B11`, …, `SUPER_ADMIN`), read afresh from its session. */
  viewer: (who: string) => Promise<TenantViewer>;
  /** A new user of `role` on these branches and regions (fixture keys or ids), signed in: its viewer. */
  newViewer: (role: Role, places: { branches?: string[]; regions?: string[] }) => Promise<TenantViewer>;
  /** The viewer the same session stands for now (after a change to the user's branches or roles). */
  reread: (viewer: TenantViewer) => Promise<TenantViewer>;
  /** A new client in `branch` (a fixture key or an id), made by the owner (or `by`): its id. */
  client: (branch: string, by?: TenantViewer) => Promise<string>;
}

let n = 0;

/** What a new client needs besides its branch. */
export const PERSON = { firstName: 'Asha', gender: 'FEMALE', country: 'NP' } as const;

/** The org server of use-server.ts, and what a service test needs on top of it. */
export function useServiceOrg(): ServiceOrg {
  const used = useOrgServer();
  const { server, fx } = used;
  const org = { ...used, db: {} as TenantDb, tenant: {} as TenantRecord } as ServiceOrg;
  beforeAll(async () => {
    const tenant = await server.runtime.registry.bySlug(fx.tenant.slug);
    if (!tenant) throw new Error(`tenant ${fx.tenant.slug} is not in the registry`);
    Object.assign(org.tenant, tenant);
    Object.assign(org.db, tenantDb(server.runtime.database, org.tenant.schemaName));
  });
  const tokens = new WeakMap<TenantViewer, string>();
  const viewerOf = async (token: string) => {
    const viewer = (await authenticate(server.runtime, org.tenant, token)) as TenantViewer;
    tokens.set(viewer, token);
    return viewer;
  };
  const branchId = (b: string) => fx.branches[b as BranchKey] ?? b;
  org.viewer = (who) => viewerOf(fx.as(who).token);
  org.newViewer = async (role, { branches = [], regions = [] }) => {
    const email = `svc${++n}.${role.toLowerCase()}@${fx.tenant.slug}.test`;
    const input = {
      email,
      password: 'service-pass-1',
      firstName: 'Service',
      lastName: `User ${n}`,
      role,
      branchIds: branches.map(branchId),
      regionIds: regions.map((r) => fx.regions[r as RegionKey] ?? r),
    };
    await must(gql(server, CREATE_USER, { i: input }, fx.as('SUPER_ADMIN')));
    return viewerOf((await login(server, email, 'service-pass-1', fx.tenant.slug)).accessToken);
  };
  org.reread = (viewer) => viewerOf(tokens.get(viewer)!);
  org.client = async (branch, by) => {
    const input = { ...PERSON, lastName: `Client ${++n}`, branchId: branchId(branch) };
    return (await clientCreate({ db: org.db, viewer: by ?? (await org.viewer('SUPER_ADMIN')), input })).id;
  };
  return org;
}

/** `p` is refused with this AppError code, and, when given, the offending input field's path. */
export async function refused(p: Promise<unknown>, code: string, field?: string): Promise<void> {
  const err = await p.then(
    () => expect.fail(`expected ${code}, but it succeeded`),
    (e: unknown) => e as { extensions?: { code?: string; fields?: { path: string }[] } },
  );
  expect(err.extensions?.code).toBe(code);
  if (field !== undefined) expect(err.extensions?.fields?.map((f) => f.path)).toContain(field);
}
