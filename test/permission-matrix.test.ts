// The permission matrix: role × operation × target (in the viewer's scope, out of it, in another
// tenant) → outcome, for every operation that exists, over real HTTP. Each case is its own test,
// named as it reads in the table. Each module keeps its rows in test/matrix/<module>.ts. A mutation
// row reads its target back before and after: a refusal must leave it as it was, an OK must show.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSchemaFromFiles } from '../src/graphql/type-defs.js';
import { ACTORS, isWrite, m, fresh, OTHER_USER, runCase, SCOPE_NAME, siblingCase, type Op, type Scope } from './kit/matrix.js';
import { createOrgFixture, CREATE_USER } from './kit/org-fixture.js';
import { createTenant, gql, loginPlatform, must, startTestServer } from './kit/server.js';
import { ops as agentOps } from './matrix/agents.js';
import { ops as calendarOps } from './matrix/calendar.js';
import { ops as clientOps } from './matrix/clients.js';
import { ops as educationOps } from './matrix/education.js';
import { ops as orgOps } from './matrix/org.js';
import { ops as reminderOps } from './matrix/reminders.js';
import { ops as taskOps } from './matrix/tasks.js';
import { ops as visaOps } from './matrix/visas.js';
import { ops as notificationOps } from './matrix/notifications.js';
import { ops as eventOps } from './matrix/events.js';
import { ops as platformOps } from './matrix/platform.js';
import { ops as searchOps } from './matrix/search.js';
import { ops as settingsOps } from './matrix/settings.js';

const ops: Op[] = [
  ...orgOps,
  ...clientOps,
  ...visaOps,
  ...agentOps,
  ...educationOps,
  ...taskOps,
  ...reminderOps,
  ...calendarOps,
  ...notificationOps,
  ...eventOps,
  ...platformOps,
  ...searchOps,
  ...settingsOps,
];

beforeAll(async () => {
  m.server = await startTestServer();
  m.platformToken = (await loginPlatform(m.server)).accessToken;
  m.fx = await createOrgFixture(m.server, m.platformToken);
  const t2 = await createTenant(m.server, m.platformToken);
  const auth = { tenant: t2.slug, token: t2.ownerTokens.accessToken };
  const region = (await must(gql(m.server, 'mutation { createRegion(input: { name: "Other" }) { id } }', {}, auth))).createRegion
    .id;
  const branch = (
    await must(
      gql(m.server, 'mutation($r: ID!) { createBranch(input: { name: "Other", regionId: $r }) { id } }', { r: region }, auth),
    )
  ).createBranch.id;
  const i = { ...OTHER_USER(t2.slug), branchIds: [branch] };
  const user = (await must(gql(m.server, CREATE_USER, { i }, auth))).createUser.id;
  m.other = { slug: t2.slug, auth, region, branch, user };
  m.peer = { in: await fresh.consultant('B11'), out: await fresh.consultant('B21'), sibling: await fresh.consultant('B12') };
}, 120_000);
afterAll(() => m.server.close());

describe('permission matrix', () => {
  for (const op of ops) {
    describe(op.name, () => {
      for (const actor of ACTORS) {
        const expected = op.expect[actor].split(' ');
        if (expected.length !== op.scopes.length) {
          throw new Error(`${op.name}/${actor}: ${expected.length} outcomes for ${op.scopes.length} scopes`);
        }
        const cases: [Scope, string][] = op.scopes.map((scope, i) => [scope, expected[i]!]);
        const sibling = siblingCase(op, actor);
        if (sibling) cases.push(['sibling', sibling]);
        for (const [scope, outcome] of cases) {
          const target = cases.length > 1 ? ` · target ${SCOPE_NAME[scope]}` : '';
          it(`${actor}${target} → ${outcome}`, async () => {
            expect(await runCase(op, actor, scope)).toBe(outcome);
          });
        }
      }
    });
  }
});

describe('the matrix covers the schema', () => {
  it('has a row for every root operation', () => {
    const schema = buildSchemaFromFiles();
    const fields = [...Object.keys(schema.getQueryType()!.getFields()), ...Object.keys(schema.getMutationType()!.getFields())];
    // Covered by their own suites: sign-in (auth.test), platform tenant operations (provisioning, signup), ping.
    const elsewhere = new Set([
      'ping',
      'tenantInfo',
      'tenant',
      'login',
      'refreshSession',
      'logout',
      'changeMyPassword',
      'updateTenant',
      'deactivateTenant',
      'activateTenant',
      'addTenantDomain',
      'removeTenantDomain',
      'signUp',
    ]);
    const covered = new Set(ops.map((o) => o.name.split(' ')[0]));
    expect(fields.filter((f) => !covered.has(f) && !elsewhere.has(f))).toEqual([]);
  });

  it('re-reads the target of every mutation row, and of no query row', () => {
    // The row types already require it; this holds rows built around the types (casts, spreads).
    const mutations = new Set(Object.keys(buildSchemaFromFiles().getMutationType()!.getFields()));
    const wrong = ops.filter((o) => mutations.has(o.name.split(' ')[0]!) !== isWrite(o)).map((o) => o.name);
    expect(wrong).toEqual([]);
  });
});
