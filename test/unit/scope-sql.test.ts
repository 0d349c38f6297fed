// The viewer's data scope as SQL, rendered without a database: the shape each scope kind compiles
// to, and the values a compiled statement runs with. What the SQL selects is proven against a real
// database by the permission matrix; this pins the predicates so a mutant is caught in milliseconds.
import { PgDialect } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { defaultActions } from '../../src/access/actions.js';
import type { TenantRole } from '../../src/access/roles.js';
import {
  branchScope,
  branchScopeOf,
  clientScope,
  clientScopeOf,
  regionScope,
  scopeRefs,
  scopeValues,
  userBranchScope,
  userBranchScopeOf,
  userScope,
  userScopeOf,
  type ScopeKind,
} from '../../src/access/scope.js';
import type { TenantViewer } from '../../src/auth/viewer.js';
import type { TenantDb } from '../../src/db/tenant-db.js';
import { tenantTables as t } from '../../src/db/tables/tenant.js';

const dialect = new PgDialect();
const render = (q: Parameters<PgDialect['sqlToQuery']>[0]) => {
  const { sql, params } = dialect.sqlToQuery(q);
  // Shorter to read: drop the template schema every table is qualified with.
  return { sql: sql.replaceAll('"tenant_template".', ''), params };
};
const db = {} as TenantDb;

function viewer(role: TenantRole, branchIds: string[] = [], regionIds: string[] = []): TenantViewer {
  return {
    kind: 'tenant',
    id: 'me',
    email: 'v@acme.test',
    role,
    sessionId: 's',
    tenant: {} as TenantViewer['tenant'],
    branchIds,
    regionIds,
    actions: new Set(defaultActions(role)),
  };
}

const REGION_BRANCHES = (ref: string) => `"branches"."id" from "branches" where "branches"."region_id" = any(${ref}::uuid[])`;

describe('branch scope in SQL', () => {
  it('is true for the whole tenant, false for nothing, the region’s branches or the own branches otherwise', () => {
    const col = t.clients.branchId;
    const rendered = (k: ScopeKind) => render(branchScopeOf(scopeRefs(k), col));
    expect(rendered('tenant')).toEqual({ sql: 'true', params: [] });
    expect(rendered('none')).toEqual({ sql: 'false', params: [] });
    expect(rendered('region').sql).toBe(`"clients"."branch_id" in (select ${REGION_BRANCHES('$1')})`);
    expect(rendered('branch').sql).toBe('"clients"."branch_id" = any($1::uuid[])');
  });

  it('binds the viewer’s own ids as parameters when built for one viewer', () => {
    const q = render(branchScope(db, viewer('CONSULTANT', ['b1', 'b2']), t.clients.branchId));
    expect(q).toEqual({ sql: '"clients"."branch_id" = any($1::uuid[])', params: [['b1', 'b2']] });
    expect(render(branchScope(db, viewer('REGION_MANAGER', [], ['r1']), t.clients.branchId)).params).toEqual([['r1']]);
    expect(render(branchScope(db, viewer('COUNTRY_MANAGER'), t.clients.branchId)).sql).toBe('true');
    expect(render(branchScope(db, viewer('BRANCH_ADMIN'), t.clients.branchId)).sql).toBe('false');
  });

  it('gives placeholders to compile with and the values to run with', () => {
    const refs = scopeRefs('branch');
    expect(refs.kind).toBe('branch');
    expect(render(refs.viewerId).sql).toBe('$1::uuid');
    expect(render(refs.branchIds).sql).toBe('$1::uuid[]');
    expect(render(refs.regionIds).sql).toBe('$1::uuid[]');
    expect(dialect.sqlToQuery(refs.viewerId).params).toMatchObject([{ name: 'scopeViewerId' }]);
    expect(dialect.sqlToQuery(refs.branchIds).params).toMatchObject([{ name: 'scopeBranchIds' }]);
    expect(dialect.sqlToQuery(refs.regionIds).params).toMatchObject([{ name: 'scopeRegionIds' }]);
    expect(scopeValues(viewer('REGION_MANAGER', ['b1'], ['r1']))).toEqual({
      scopeViewerId: 'me',
      scopeBranchIds: ['b1'],
      scopeRegionIds: ['r1'],
    });
  });
});

describe('region scope in SQL', () => {
  it('is every region for the whole tenant', () => {
    expect(render(regionScope(db, viewer('SUPER_ADMIN'))).sql).toBe('true');
  });

  it('is its own regions and those holding a live branch of its regions, for a region manager', () => {
    expect(render(regionScope(db, viewer('REGION_MANAGER', [], ['r1']))).sql).toBe(
      `("regions"."id" = any($1::uuid[]) or "regions"."id" in (select "branches"."region_id" from "branches" where ("branches"."deleted_at" is null and "branches"."id" in (select ${REGION_BRANCHES('$2')}))))`,
    );
  });

  it('is the regions holding one of its live branches, for a branch-scoped viewer', () => {
    expect(render(regionScope(db, viewer('CONSULTANT', ['b1']))).sql).toBe(
      '(false or "regions"."id" in (select "branches"."region_id" from "branches" where ("branches"."deleted_at" is null and "branches"."id" = any($1::uuid[]))))',
    );
  });
});

describe('user scope in SQL', () => {
  const SHARES = (scope: string) =>
    `exists (select 1 from "user_branches" where ("user_branches"."user_id" = "users"."id" and ${scope}))`;

  it('is everyone for the whole tenant, and only itself without branches or regions', () => {
    expect(render(userBranchScopeOf(scopeRefs('tenant'))).sql).toBe('true');
    expect(render(userScopeOf(scopeRefs('tenant'))).sql).toBe('true');
    expect(render(userScope(db, viewer('CONSULTANT')))).toEqual({ sql: '"users"."id" = $1::uuid', params: ['me'] });
  });

  it('is itself and the users sharing one of its branches, for a branch-scoped viewer', () => {
    const expected = `("users"."id" = $1::uuid or ${SHARES('"user_branches"."branch_id" = any($2::uuid[])')})`;
    expect(render(userBranchScope(db, viewer('BRANCH_ADMIN', ['b1']))).sql).toBe(expected);
    expect(render(userScope(db, viewer('BRANCH_ADMIN', ['b1'])))).toEqual({ sql: expected, params: ['me', ['b1']] });
  });

  it('adds the region managers of its regions, for a region manager', () => {
    expect(render(userScope(db, viewer('REGION_MANAGER', [], ['r1']))).sql).toBe(
      `(("users"."id" = $1::uuid or ${SHARES(`"user_branches"."branch_id" in (select ${REGION_BRANCHES('$2')})`)}) or ("users"."role" = 'REGION_MANAGER' and exists (select 1 from "user_regions" where "user_regions"."user_id" = "users"."id" and "user_regions"."region_id" = any($3::uuid[]))))`,
    );
    expect(render(userBranchScope(db, viewer('REGION_MANAGER', [], ['r1']))).sql).not.toContain('user_regions');
  });
});

describe('client scope in SQL', () => {
  it('asks for a live client, under its own alias, in the branch scope', () => {
    const expected = (scope: string) =>
      `exists (select 1 from "clients" as "scope_client" where ("scope_client"."id" = "notes"."client_id" and "scope_client"."deleted_at" is null and ${scope}))`;
    expect(render(clientScopeOf(scopeRefs('branch'), t.notes.clientId)).sql).toBe(
      expected('"scope_client"."branch_id" = any($1::uuid[])'),
    );
    expect(render(clientScope(db, viewer('SUPER_ADMIN'), t.notes.clientId)).sql).toBe(expected('true'));
  });
});
