// Platform tables: the only tables in `public`. No business data lives here.
import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, text, uuid, varchar } from 'drizzle-orm/pg-core';
import { createdAt, id, tsNullable, updatedAt } from './columns.js';
import { defineSessionTables } from './sessions.js';

export const SUBSCRIPTION_STATUSES = ['TRIAL', 'ACTIVE', 'SUSPENDED', 'CANCELLED'] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];

export const tenants = pgTable(
  'tenants',
  {
    id: id(),
    slug: varchar('slug', { length: 40 }).notNull().unique(),
    schemaName: varchar('schema_name', { length: 63 }).notNull().unique(),
    name: varchar('name', { length: 200 }).notNull().unique(),
    isActive: boolean('is_active').notNull().default(true),
    subscriptionStatus: text('subscription_status', { enum: SUBSCRIPTION_STATUSES }).notNull().default('TRIAL'),
    maxUsers: integer('max_users').notNull().default(50),
    settings: jsonb('settings').notNull().default({}),
    contactEmail: varchar('contact_email', { length: 254 }),
    contactPhone: varchar('contact_phone', { length: 20 }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check('tenants_status_check', sql`${t.subscriptionStatus} in ('TRIAL','ACTIVE','SUSPENDED','CANCELLED')`),
    check('tenants_max_users_check', sql`${t.maxUsers} >= 1`),
  ],
);

export const domains = pgTable(
  'domains',
  {
    id: id(),
    domain: varchar('domain', { length: 253 }).notNull().unique(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    isPrimary: boolean('is_primary').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.tenantId)],
);

export const platformAdmins = pgTable('platform_admins', {
  id: id(),
  email: varchar('email', { length: 254 }).notNull().unique(),
  passwordHash: text('password_hash').notNull(),
  firstName: varchar('first_name', { length: 150 }).notNull().default('Platform'),
  lastName: varchar('last_name', { length: 150 }).notNull().default('Admin'),
  isActive: boolean('is_active').notNull().default(true),
  lastLoginAt: tsNullable('last_login_at'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const { sessions: platformSessions, refreshTokens: platformRefreshTokens } = defineSessionTables(
  pgTable,
  () => platformAdmins.id,
  'platform_',
);

export const eventProcessingControl = pgTable(
  'event_processing_control',
  {
    id: integer('id').primaryKey().default(1),
    isPaused: boolean('is_paused').notNull().default(false),
    pausedAt: tsNullable('paused_at'),
    pauseReason: varchar('pause_reason', { length: 255 }),
    pausedBy: text('paused_by'),
    resumedAt: tsNullable('resumed_at'),
    resumedBy: text('resumed_by'),
    updatedAt: updatedAt(),
  },
  (t) => [check('event_processing_control_singleton', sql`${t.id} = 1`)],
);
