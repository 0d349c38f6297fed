// Audit records of changes that are not tracked entities (today: a tenant's settings). They are
// rows of the tenant's events table, so a SUPER_ADMIN reads them with `events` like any other
// change, but they are written already COMPLETED (no handler runs for them) and the retention
// sweep keeps them.
import type { Executor } from '../db/database.js';
import type { TenantDb } from '../db/tenant-db.js';

/** Entity types whose events are audit records: never processed, never deleted by retention. */
export const AUDIT_ENTITY_TYPES = ['TenantSettings'] as const;
export type AuditEntityType = (typeof AUDIT_ENTITY_TYPES)[number];

export interface AuditRecordArgs {
  entity: AuditEntityType;
  id: string;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
  changedFields: string[];
  actorId: string | null;
}

/** Writes one `<Entity>.UPDATE` audit record in `tx`, the transaction of the change itself. */
export async function auditRecord(tx: Executor, db: TenantDb, args: AuditRecordArgs): Promise<void> {
  const at = new Date();
  await tx.insert(db.t.events).values({
    eventType: `${args.entity}.UPDATE`,
    entityType: args.entity,
    entityId: args.id,
    action: 'UPDATE',
    previousState: args.before,
    currentState: args.after,
    changedFields: args.changedFields,
    actorId: args.actorId,
    status: 'COMPLETED',
    attempts: 0,
    nextAttemptAt: at,
    processedAt: at,
  });
}
