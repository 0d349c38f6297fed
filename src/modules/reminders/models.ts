// The rows behind the reminders module's GraphQL types (codegen maps `X` to `XModel`).
import type { Connection } from '../../db/paging.js';
import type { TenantTables } from '../../db/tables/tenant.js';

export type ReminderModel = TenantTables['reminders']['$inferSelect'];
export type ReminderConnectionModel = Connection<ReminderModel>;
