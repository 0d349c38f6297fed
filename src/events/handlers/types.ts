// The contract between the processor and a handler: one handler run is one transaction, in which
// the processor also records the handler's result, so a side effect and "done" commit together.
import type { Tx } from '../../db/database.js';
import type { TenantDb } from '../../db/tenant-db.js';
import type { RealtimeBus } from '../../realtime/bus.js';
import type { Mailer } from '../../mail/mailer.js';
import type { TenantRecord } from '../../tenancy/registry.js';
import type { EventContext, HandlerName, HandlerSpec } from '../config.js';

export interface HandlerArgs<S extends HandlerSpec = HandlerSpec> {
  tx: Tx;
  db: TenantDb;
  bus: RealtimeBus;
  tenant: TenantRecord;
  ctx: EventContext;
  spec: S;
  /** Set by the server's and the worker's processors; the `mail` handler fails without it. */
  mailer?: Mailer | undefined;
}

/** A handler either did its work, or found nothing to do; a failure is a thrown error. */
export interface HandlerOutcome {
  status: 'SUCCESS' | 'SKIPPED';
  message?: string;
}

export type Handler = (args: HandlerArgs) => Promise<HandlerOutcome>;
export type HandlerSet = Readonly<Record<HandlerName, Handler>>;
