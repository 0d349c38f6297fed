// Reads of the outbox for tenant SUPER_ADMINs (the event list) and for platform admins (the
// switch and the per-tenant counts).
import { and, eq } from 'drizzle-orm';
import { assertCan } from '../../access/can.js';
import type { PlatformViewer } from '../../auth/viewer.js';
import { type Connection, keysetList } from '../../db/paging.js';
import { eventCounts, eventProcessingGet } from '../../events/control.js';
import type { Runtime } from '../../runtime.js';
import { parseInput } from '../shared-validation.js';
import type { FilteredPageArgs, TenantArgs } from '../shared-args.js';
import type { DomainEventModel, EventProcessingControlModel, TenantEventCountsModel } from './models.js';
import { eventFilterInput } from './validation.js';
import { EVENT_STATUS_TENANTS_MAX } from '../../graphql/limits/list-bounds.js';

export type EventReadArgs = TenantArgs;

export type EventListArgs = EventReadArgs & FilteredPageArgs;

export async function eventList(args: EventListArgs): Promise<Connection<DomainEventModel>> {
  const { db, viewer, filter } = args;
  assertCan(viewer, 'events:read');
  const f = parseInput(eventFilterInput, filter ?? {}, 'filter');
  const e = db.t.events;
  const where = and(
    f.status ? eq(e.status, f.status) : undefined,
    f.eventType ? eq(e.eventType, f.eventType) : undefined,
    f.entityType ? eq(e.entityType, f.entityType) : undefined,
    f.entityId ? eq(e.entityId, f.entityId) : undefined,
  );
  return keysetList({ orm: db.orm, table: e, where, order: [e.createdAt, e.id], direction: 'desc', page: args });
}

export interface PlatformReadArgs {
  runtime: Runtime;
  viewer: PlatformViewer;
}

export type EventProcessingStateArgs = PlatformReadArgs;

export function eventProcessingState({ runtime }: EventProcessingStateArgs): Promise<EventProcessingControlModel> {
  return eventProcessingGet(runtime.database.orm);
}

export type EventProcessingCountsArgs = PlatformReadArgs & { after?: string | null };

/** One grouped count per tenant, a page of tenants at a time (one statement each), ordered by slug. */
export async function eventProcessingCounts({ runtime, after }: EventProcessingCountsArgs): Promise<TenantEventCountsModel[]> {
  const tenants = await runtime.registry.page({ after: after ?? undefined, limit: EVENT_STATUS_TENANTS_MAX });
  const out: TenantEventCountsModel[] = [];
  for (const tenant of tenants) out.push({ tenant, counts: await eventCounts(runtime.database, tenant) });
  return out;
}
