// The rows behind the notifications module's GraphQL types (codegen maps `X` to `XModel`).
import type { Connection } from '../../db/paging.js';
import type { NotificationRow } from './services/create.js';

export type NotificationModel = NotificationRow;
export type NotificationConnectionModel = Connection<NotificationModel>;
