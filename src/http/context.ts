// Builds the per-request GraphQL context: tenant resolution, then authentication.
import { randomUUID } from 'node:crypto';
import type { Request } from 'express';
import { authenticate, bearerToken } from '../auth/viewer.js';
import { tenantDb } from '../db/tenant-db.js';
import type { GraphQLContext } from '../graphql/context.js';
import { createLoaders } from '../graphql/loaders.js';
import type { Runtime } from '../runtime.js';
import { resolveTenant } from '../tenancy/resolve.js';

export function headerValue(req: Request, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

export async function buildContext(runtime: Runtime, req: Request, token?: string): Promise<GraphQLContext> {
  const requestId = headerValue(req, 'x-request-id')?.slice(0, 100) || randomUUID();
  const tenant = resolveTenant(runtime.registry, runtime.config.baseDomain, {
    header: headerValue(req, 'x-tenant'),
    host: headerValue(req, 'host'),
  });
  const viewer = await authenticate(runtime, tenant, token ?? bearerToken(headerValue(req, 'authorization')));
  const db = tenant ? tenantDb(runtime.database, tenant.schemaName) : null;
  const log = runtime.log.child({ requestId, tenant: tenant?.slug, userId: viewer?.id });
  return {
    requestId,
    log,
    clientIp: req.ip ?? req.socket.remoteAddress ?? 'unknown',
    userAgent: headerValue(req, 'user-agent'),
    runtime,
    tenant,
    db,
    viewer,
    loaders: createLoaders(db, viewer?.kind === 'tenant' ? viewer : null),
  };
}
