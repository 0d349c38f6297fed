// Platform tables: the only tables in `public`. No business data lives here.
import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, text, uuid, varchar } from 'drizzle-orm/pg-core';
import { createdAt, enumCheck, id, optionalRef, requiredRef, tsNullable, updatedAt } from './columns.js';
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
    tenantId: requiredRef('tenant_id', () => tenants.id, 'cascade'),
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

/** What a platform administrator did; each value names one audited platform operation. */
export const PLATFORM_AUDIT_ACTIONS = [
  'PLATFORM_ADMIN_CREATED',
  'PLATFORM_ADMIN_DEACTIVATED',
  'PLATFORM_ADMIN_REACTIVATED',
  'TENANT_ADMIN_PASSWORD_RESET',
  'TENANT_ADMIN_DEACTIVATED',
  'TENANT_ADMIN_REACTIVATED',
] as const;
export type PlatformAuditAction = (typeof PLATFORM_AUDIT_ACTIONS)[number];

/**
 * Platform operations' audit trail, written in the transaction of the change. The actor's email
 * and the tenant's slug are copied, and the tenant is not a foreign key, so a record outlives a
 * dropped tenant or a deleted admin.
 */
export const platformAuditLog = pgTable(
  'platform_audit_log',
  {
    id: id(),
    actorId: optionalRef('actor_id', () => platformAdmins.id),
    actorEmail: varchar('actor_email', { length: 254 }).notNull(),
    action: text('action', { enum: PLATFORM_AUDIT_ACTIONS }).notNull(),
    targetType: varchar('target_type', { length: 40 }).notNull(),
    targetId: uuid('target_id'),
    tenantId: uuid('tenant_id'),
    tenantSlug: varchar('tenant_slug', { length: 40 }),
    details: jsonb('details').notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [
    enumCheck('platform_audit_log_action_check', t.action, PLATFORM_AUDIT_ACTIONS),
    index().on(t.createdAt, t.id),
    index().on(t.tenantId, t.createdAt),
  ],
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
