// The `live` handler: tells subscribers of the tenant that a client changed, once the handler's
// transaction commits.
import type { HandlerArgs, HandlerOutcome } from './types.js';

export async function liveHandler({ tx, db, bus, ctx }: HandlerArgs): Promise<HandlerOutcome> {
  if (!ctx.client) return { status: 'SKIPPED', message: 'No linked client' };
  await bus.publishOnCommit(tx, { kind: 'client', schema: db.schemaName, clientId: ctx.client.id });
  return { status: 'SUCCESS' };
}
