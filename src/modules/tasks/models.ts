// The rows behind the tasks module's GraphQL types (codegen maps `X` to `XModel`).
import type { Connection } from '../../db/paging.js';
import type { TenantTables } from '../../db/tables/tenant.js';

export type TaskModel = TenantTables['tasks']['$inferSelect'];
export type TaskConnectionModel = Connection<TaskModel>;
export type TaskCommentModel = TenantTables['taskComments']['$inferSelect'];
