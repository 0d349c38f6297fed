// A test file's server (and organisation) in one line: registers the beforeAll that starts them and
// the afterAll that closes the server. The returned objects are filled in place by that beforeAll,
// so a file destructures them at its top and its tests use them as plain values.
import { afterAll, beforeAll } from 'vitest';
import type { RunningServer, StartOptions } from '../../src/server.js';
import { createOrgFixture, type OrgFixture } from './org-fixture.js';
import { createTenant, gql, loginPlatform, startTestServer, type GqlResult, type TestTenant } from './server.js';

type Vars = Record<string, unknown>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read loosely typed JSON
type Result = Promise<GqlResult<Record<string, any>>>;

export interface UsedServer {
  server: RunningServer;
  /** The platform admin's access token, once the server is up. */
  platform: { token: string };
}

export interface UsedOrgServer extends UsedServer {
  fx: OrgFixture;
  /** GraphQL as one of the fixture's users (`CONSULTANT@B11`, …, `SUPER_ADMIN`). */
  as: (who: string, query: string, variables?: Vars) => Result;
  /** GraphQL as the tenant's owner. */
  owner: (query: string, variables?: Vars) => Result;
}

/** A test server for this file (started in beforeAll, closed in afterAll), and a platform admin's token. */
export function useServer(env: Record<string, string> = {}, options: StartOptions = {}): UsedServer {
  const server = {} as RunningServer;
  const platform = { token: '' };
  beforeAll(async () => {
    Object.assign(server, await startTestServer(env, options));
    platform.token = (await loginPlatform(server)).accessToken;
  });
  afterAll(() => server.close?.());
  return { server, platform };
}

/** As `useServer`, with one fresh tenant made on it by the platform admin. */
export function useTenantServer(
  env: Record<string, string> = {},
  options: StartOptions = {},
): UsedServer & { tenant: TestTenant } {
  const used = useServer(env, options);
  const tenant = {} as TestTenant;
  beforeAll(async () => {
    Object.assign(tenant, await createTenant(used.server, used.platform.token));
  });
  return { ...used, tenant };
}

/** As `useServer`, with the seed-style organisation of test/kit/org-fixture.ts built on it. */
export function useOrgServer(env: Record<string, string> = {}, options: StartOptions = {}): UsedOrgServer {
  const used = useServer(env, options);
  const fx = {} as OrgFixture;
  beforeAll(async () => {
    Object.assign(fx, await createOrgFixture(used.server, used.platform.token));
  });
  const as = (who: string, query: string, variables: Vars = {}) => gql(used.server, query, variables, fx.as(who));
  return { ...used, fx, as, owner: (query, variables = {}) => as('SUPER_ADMIN', query, variables) };
}
