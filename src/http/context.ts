// Builds the per-request GraphQL context: tenant resolution, then authentication.
import { randomUUID } from 'node:crypto';
import type { Request } from 'express';
import { authenticate, bearerToken } from '../auth/viewer.js';
import { tenantDb } from '../db/tenant-db.js';
import type { GraphQLContext } from '../graphql/context.js';
import { createLoaders } from '../graphql/loaders.js';
import type { Runtime } from '../runtime.js';
import { resolveTenant } from '../tenancy/resolve.js';
import type { Viewer } from '../auth/viewer.js';
import type { TenantRecord } from '../tenancy/registry.js';
import { rateLimited, type BucketClaim } from './throttle.js';

export function headerValue(req: Request, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

export async function buildContext(runtime: Runtime, req: Request, token?: string): Promise<GraphQLContext> {
  const requestId = headerValue(req, 'x-request-id') || randomUUID();
  const tenant = await resolveTenant(runtime.registry, runtime.config.baseDomain, {
    header: headerValue(req, 'x-tenant'),
    host: headerValue(req, 'host'),
  });
  const viewer = await authenticate(runtime, tenant, token ?? bearerToken(headerValue(req, 'authorization')));
  // One unit per operation now, before anything is parsed (a batch was capped to MAX_BATCH_SIZE
  // before this); on /graphql each operation then pays for its further root fields (chargeRate).
  const weight = Array.isArray(req.body) ? Math.max(1, req.body.length) : 1;
  const clientIp = req.ip ?? req.socket.remoteAddress ?? 'unknown';
  const claims = rateClaims(runtime, tenant, viewer, clientIp);
  throttle(runtime, req, claims, weight);
  const db = tenant ? tenantDb(runtime.database, tenant.schemaName) : null;
  const log = runtime.log.child({ requestId, tenant: tenant?.slug, userId: viewer?.id });
  return {
    requestId,
    log,
    clientIp,
    userAgent: headerValue(req, 'user-agent'),
    runtime,
    tenant,
    db,
    viewer,
    loaders: createLoaders(db, viewer?.kind === 'tenant' ? viewer : null),
    chargeRate: (more) => {
      if (more > 0) throttle(runtime, req, claims, more);
    },
  };
}

/**
 * Signed-in users spend from their own bucket and their tenant's; anonymous requests from their
 * address's only, so nobody can drain a tenant's allowance without signing in to it.
 */
function rateClaims(runtime: Runtime, tenant: TenantRecord | null, viewer: Viewer | null, ip: string): BucketClaim[] {
  const rate = runtime.config.limits.rate;
  if (!viewer) return [{ key: `ip:${ip}`, perMinute: rate.anonymousPerMinute, scope: 'address' }];
  if (viewer.kind === 'platform') return [{ key: `platform:${viewer.id}`, perMinute: rate.userPerMinute, scope: 'user' }];
  const slug = tenant?.slug ?? viewer.tenant.slug;
  return [
    { key: `user:${slug}:${viewer.id}`, perMinute: rate.userPerMinute, scope: 'user' },
    { key: `tenant:${slug}`, perMinute: rate.tenantPerMinute, scope: 'tenant' },
  ];
}

function throttle(runtime: Runtime, req: Request, claims: BucketClaim[], weight: number): void {
  const refused = runtime.throttle.take(claims, weight);
  if (!refused) return;
  runtime.metrics.rejections.inc({ limit: `rate_${refused.scope}` });
  req.res?.setHeader('retry-after', String(refused.retryAfterSeconds));
  throw rateLimited(refused);
}
