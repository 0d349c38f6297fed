// What a subscription resolver needs from the SSE stream it runs in: re-authentication of the
// stream's token and a way to end the stream with an error. Kept beside the context object (not
// in it) because the GraphQL context is shared with plain HTTP requests, which have no stream.
import type { TenantViewer, Viewer } from '../auth/viewer.js';
import { unauthenticated, type AppError } from '../errors.js';
import type { GraphQLContext } from '../graphql/context.js';
import type { Loaders } from '../graphql/loaders.js';

export interface StreamControl {
  /** Re-checks the stream's token, session, user and tenant; a fresh viewer, or throws an AppError. */
  revalidate(): Promise<Viewer>;
  /** Ends the stream with `error` as its last message. */
  end(error: AppError): void;
  /**
   * Fresh loaders for `viewer` (the stream's route makes them: the module list stays out of what
   * the modules import).
   */
  loadersFor(viewer: TenantViewer): Loaders;
}

const controls = new WeakMap<GraphQLContext, StreamControl>();

export function attachStreamControl(ctx: GraphQLContext, control: StreamControl): void {
  controls.set(ctx, control);
}

export function streamControlOf(ctx: GraphQLContext): StreamControl | undefined {
  return controls.get(ctx);
}

/** Ends the stream `ctx` belongs to (no-op outside a stream). */
export function endStream(ctx: GraphQLContext, error: AppError): void {
  controls.get(ctx)?.end(error);
}

/**
 * Before each event of a subscription: re-checks the session (a revoked session or deactivated
 * user ends the stream at the next message, not only at the next periodic check), then gives the
 * event's execution a fresh viewer and fresh loaders. graphql-js executes every event of a
 * subscription with the one context object of the subscribe call, so without this the field
 * resolvers would see the role and scope of the moment the stream opened, and the loaders would
 * serve rows cached since then.
 */
export async function refreshForEvent(ctx: GraphQLContext): Promise<TenantViewer> {
  const control = controls.get(ctx);
  const viewer = control ? await control.revalidate() : ctx.viewer;
  if (viewer?.kind !== 'tenant') throw unauthenticated('Session is no longer valid');
  Object.assign(ctx as { -readonly [K in keyof GraphQLContext]: GraphQLContext[K] }, {
    viewer,
    loaders: control ? control.loadersFor(viewer) : ctx.loaders,
  });
  return viewer;
}
