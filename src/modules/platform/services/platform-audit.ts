// The platform's audit trail: what platform administrators did, written in the transaction of the
// change (public.platform_audit_log); selectors/platform-audit.ts reads it back. Tenant-side audit
// records (src/events/audit.ts) live in a tenant's events table, whose actor must be a tenant user,
// so they cannot name a platform administrator.
import type { PlatformViewer } from '../../../auth/viewer.js';
import type { Executor } from '../../../db/database.js';
import { platformAuditLog, type PlatformAuditAction } from '../../../db/tables/public.js';
import type { TenantRecord } from '../../../tenancy/registry.js';

export interface PlatformAuditRecordArgs {
  /** The transaction of the change the record is about. */
  ex: Executor;
  viewer: PlatformViewer;
  action: PlatformAuditAction;
  targetType: 'PlatformAdmin' | 'TenantUser';
  targetId: string;
  tenant?: TenantRecord;
  /** What identifies the change to a reader; never a secret. */
  details?: Record<string, unknown>;
}

/** Writes one audit record in `ex`, the transaction of the change it records. */
export async function platformAuditRecord(args: PlatformAuditRecordArgs): Promise<void> {
  await args.ex.insert(platformAuditLog).values({
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
