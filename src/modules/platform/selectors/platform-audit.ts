// The platform's audit trail read back, newest first, filtered by tenant, action or target
// (services/platform-audit.ts writes it).
import { and, eq, type SQL } from 'drizzle-orm';
import { type Connection, keysetList } from '../../../db/paging.js';
import { platformAuditLog } from '../../../db/tables/public.js';
import type { FilteredPageArgs, PlatformArgs } from '../../shared-args.js';
import { parseInput } from '../../shared-validation.js';
import type { PlatformAuditRecordModel } from '../models.js';
import { platformAuditFilter } from '../validation.js';

export interface PlatformAuditListArgs extends PlatformArgs, FilteredPageArgs {}

export async function platformAuditList(args: PlatformAuditListArgs): Promise<Connection<PlatformAuditRecordModel>> {
  const a = platformAuditLog;
  const filter = parseInput(platformAuditFilter, args.filter, 'filter');
  const where: SQL | undefined = and(
    filter?.tenantId ? eq(a.tenantId, filter.tenantId) : undefined,
    filter?.action ? eq(a.action, filter.action) : undefined,
    filter?.targetId ? eq(a.targetId, filter.targetId) : undefined,
  );
  return keysetList({
    orm: args.runtime.database.orm,
    table: a,
    where,
    order: [a.createdAt, a.id],
    direction: 'desc',
    page: args,
  });
}
