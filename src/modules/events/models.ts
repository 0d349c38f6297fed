// The rows behind the events module's GraphQL types (codegen maps `X` to `XModel`).
import type { Connection } from '../../db/paging.js';
import type { TenantTables } from '../../db/tables/tenant.js';
import type { EventCounts, EventProcessingState } from '../../events/control.js';
import type { TenantRecord } from '../../tenancy/registry.js';

export type DomainEventModel = TenantTables['events']['$inferSelect'];
export type DomainEventConnectionModel = Connection<DomainEventModel>;
export type EventProcessingControlModel = EventProcessingState;
export interface TenantEventCountsModel {
  tenant: TenantRecord;
  counts: EventCounts;
}
