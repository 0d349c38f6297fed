// The platform's audit trail: what platform administrators did, written in the transaction of the
// change (public.platform_audit_log), and read back newest first. Tenant-side audit records
// (src/events/audit.ts) live in a tenant's events table, whose actor must be a tenant user, so
// they cannot name a platform administrator.
import { and, eq, type SQL } from 'drizzle-orm';
import type { PlatformViewer } from '../../auth/viewer.js';
import type { Executor } from '../../db/database.js';
import { type Connection, keysetList } from '../../db/paging.js';
import { platformAuditLog, type PlatformAuditAction } from '../../db/tables/public.js';
import type { Runtime } from '../../runtime.js';
import type { TenantRecord } from '../../tenancy/registry.js';
import { parseInput } from '../shared-validation.js';
import type { PlatformAuditRecordModel } from './models.js';
import { platformAuditFilter } from './validation.js';

export interface PlatformAuditArgs {
  viewer: PlatformViewer;
  action: PlatformAuditAction;
  targetType: 'PlatformAdmin' | 'TenantUser';
  targetId: string;
  tenant?: TenantRecord;
  /** What identifies the change to a reader; never a secret. */
  details?: Record<string, unknown>;
}

/** Writes one audit record in `ex`, the transaction of the change it records. */
export async function platformAuditRecord(ex: Executor, args: PlatformAuditArgs): Promise<void> {
  await ex.insert(platformAuditLog).values({
    actorId: args.viewer.id,
    actorEmail: args.viewer.email,
    action: args.action,
    targetType: args.targetType,
    targetId: args.targetId,
    tenantId: args.tenant?.id ?? null,
    tenantSlug: args.tenant?.slug ?? null,
    details: args.details ?? {},
  });
}

export interface PlatformAuditListArgs {
  runtime: Runtime;
  viewer: PlatformViewer;
  first?: number | null;
  after?: string | null;
  filter?: unknown;
}

export async function platformAuditList(args: PlatformAuditListArgs): Promise<Connection<PlatformAuditRecordModel>> {
  const a = platformAuditLog;
  const orm = args.runtime.database.orm;
  const filter = parseInput(platformAuditFilter, args.filter, 'filter');
  const where: SQL | undefined = and(
    filter?.tenantId ? eq(a.tenantId, filter.tenantId) : undefined,
    filter?.action ? eq(a.action, filter.action) : undefined,
    filter?.targetId ? eq(a.targetId, filter.targetId) : undefined,
  );
  return keysetList({
    orm,
    table: a,
    where,
    order: [a.createdAt, a.id],
    direction: 'desc',
    first: args.first,
    after: args.after,
  });
}
