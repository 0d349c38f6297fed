// The rows behind the calendar module's GraphQL types (codegen maps `X` to `XModel`).
import type { Connection } from '../../db/paging.js';
import type { TenantTables } from '../../db/tables/tenant.js';

export type CalendarEventModel = TenantTables['calendarEvents']['$inferSelect'];
export type CalendarEventConnectionModel = Connection<CalendarEventModel>;
