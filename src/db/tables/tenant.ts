// Business tables of one tenant, built for a given schema. Every query through these objects is
// schema-qualified, so no connection state (search_path) is needed or can leak between requests.
import { sql } from 'drizzle-orm';
import { boolean, check, index, pgSchema, primaryKey, text, uniqueIndex, varchar, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { createdAt, deletedAt, id, lifecycle, optionalRef, requiredRef, str, tsNullable, updatedAt } from './columns.js';
import { buildClientTables } from './crm-clients.js';
import { buildEducationTables } from './crm-education.js';
import { buildWorkTables } from './crm-work.js';
import { buildEventTables } from './events.js';
import { buildAccountTokenTables } from './account-tokens.js';
import { defineSessionTables } from './sessions.js';

export const TENANT_ROLES = ['SUPER_ADMIN', 'COUNTRY_MANAGER', 'REGION_MANAGER', 'BRANCH_ADMIN', 'CONSULTANT'] as const;
export type TenantRole = (typeof TENANT_ROLES)[number];

/** The schema name drizzle-kit generates tenant migrations against; rewritten per tenant. */
export const TEMPLATE_SCHEMA = 'tenant_template';

export function buildTenantTables(schemaName: string) {
  const schema = pgSchema(schemaName);
  const table = schema.table;

  const users = table(
    'users',
    {
      id: id(),
      email: varchar('email', { length: 254 }).notNull(),
      // Null for an invited user who has not set a password yet: no login is possible.
      passwordHash: text('password_hash'),
      firstName: varchar('first_name', { length: 150 }).notNull(),
      lastName: varchar('last_name', { length: 150 }).notNull(),
      role: text('role', { enum: TENANT_ROLES }).notNull(),
      isActive: boolean('is_active').notNull().default(true),
      lastLoginAt: tsNullable('last_login_at'),
      ...lifecycle((): AnyPgColumn => users.id),
    },
    (t) => [
      uniqueIndex('users_email_lower_unique').on(sql`lower(${t.email})`),
      index('users_role_idx').on(t.role),
      check('users_role_check', sql`${t.role} in ('SUPER_ADMIN','COUNTRY_MANAGER','REGION_MANAGER','BRANCH_ADMIN','CONSULTANT')`),
    ],
  );

  const regions = table('regions', {
    id: id(),
    name: varchar('name', { length: 100 }).notNull().unique(),
    description: text('description').notNull().default(''),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  });

  const branches = table(
    'branches',
    {
      id: id(),
      regionId: optionalRef('region_id', () => regions.id),
      name: varchar('name', { length: 100 }).notNull(),
      phone: str('phone', 20),
      website: str('website', 100),
      street: str('street', 100),
      suburb: str('suburb', 100),
      state: str('state', 100),
      postcode: str('postcode', 20),
      country: str('country', 2),
      ...lifecycle(() => users.id),
      deletedAt: deletedAt(),
    },
    (t) => [
      uniqueIndex('branches_name_live_unique')
        .on(t.name)
        .where(sql`${t.deletedAt} is null`),
      index('branches_region_idx').on(t.regionId),
      index('branches_deleted_at_idx').on(t.deletedAt),
    ],
  );

  const userBranches = table(
    'user_branches',
    {
      userId: requiredRef('user_id', () => users.id, 'cascade'),
      branchId: requiredRef('branch_id', () => branches.id, 'cascade'),
    },
    (t) => [primaryKey({ columns: [t.userId, t.branchId] }), index().on(t.branchId)],
  );

  const userRegions = table(
    'user_regions',
    {
      userId: requiredRef('user_id', () => users.id, 'cascade'),
      regionId: requiredRef('region_id', () => regions.id, 'cascade'),
    },
    (t) => [primaryKey({ columns: [t.userId, t.regionId] }), index().on(t.regionId)],
  );

  // A tenant's change to one role's default actions (src/access/actions.ts); no row = the defaults.
  const rolePermissions = table(
    'role_permissions',
    {
      role: text('role', { enum: TENANT_ROLES }).primaryKey(),
      granted: text('granted')
        .array()
        .notNull()
        .default(sql`'{}'::text[]`),
      revoked: text('revoked')
        .array()
        .notNull()
        .default(sql`'{}'::text[]`),
      updatedById: optionalRef('updated_by_id', () => users.id),
      updatedAt: updatedAt(),
    },
    (t) => [
      check('role_permissions_role_check', sql`${t.role} in ('COUNTRY_MANAGER','REGION_MANAGER','BRANCH_ADMIN','CONSULTANT')`),
    ],
  );

  const { sessions, refreshTokens } = defineSessionTables(table, () => users.id);

  const crm = buildClientTables(table, { userId: () => users.id, branchId: () => branches.id });
  const education = buildEducationTables(table, {
    userId: () => users.id,
    clientId: () => crm.clients.id,
    agentId: () => crm.agents.id,
  });
  const work = buildWorkTables(table, { userId: () => users.id, branchId: () => branches.id });
  const outbox = buildEventTables(table, { userId: () => users.id });
  const accountTokens = buildAccountTokenTables(table, { userId: () => users.id });

  return {
    schema,
    users,
    regions,
    branches,
    userBranches,
    userRegions,
    rolePermissions,
    sessions,
    refreshTokens,
    ...crm,
    ...education,
    ...work,
    ...outbox,
    ...accountTokens,
  };
}

export type TenantTables = ReturnType<typeof buildTenantTables>;

/**
 * The one set of tenant tables every tenant shares: built against the template schema, which
 * `Database.bind` rewrites to the request's schema when a statement is sent.
 */
export const tenantTables: TenantTables = buildTenantTables(TEMPLATE_SCHEMA);
