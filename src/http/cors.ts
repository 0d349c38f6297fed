// Cross-origin access: a browser page may call the API from a tenant's own host names
// (<slug>.<BASE_DOMAIN> and its registered domains, read from the live registry, so a new tenant
// or domain works at once) and from the origins in CORS_ORIGINS. Over plain http only outside
// production. Tokens travel in the Authorization header, never in cookies: credentials stay off.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Runtime } from '../runtime.js';
import { isServable } from '../tenancy/registry.js';
import { tenantByHost } from '../tenancy/resolve.js';
import { httpError, sendError } from './error-body.js';

const ALLOWED_HEADERS = 'authorization, content-type, accept, x-tenant, x-request-id, apollo-require-preflight, last-event-id';
const EXPOSED_HEADERS = 'retry-after, x-request-id';

export async function originAllowed(runtime: Runtime, origin: string): Promise<boolean> {
  const { corsOrigins, baseDomain, isProduction } = runtime.config;
  if (corsOrigins.includes('*')) return true;
  const normalized = origin.toLowerCase();
  if (corsOrigins.includes(normalized)) return true;
  let url: URL;
  try {
    url = new URL(normalized);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && !isProduction)) return false;
  const tenant = await tenantByHost(runtime.registry, baseDomain, url.hostname);
  return tenant !== undefined && isServable(tenant);
}

export function cors(runtime: Runtime): RequestHandler {
  return (req, res, next) => {
    const origin = req.headers.origin;
    res.vary('Origin');
    if (!origin) return next();
    originAllowed(runtime, origin).then(
      (allowed) => answer(allowed, origin, req, res, next),
      (err: unknown) => next(err),
    );
  };
}

function answer(allowed: boolean, origin: string, req: Request, res: Response, next: NextFunction): void {
  if (allowed) {
    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('access-control-expose-headers', EXPOSED_HEADERS);
  }
  if (req.method === 'OPTIONS' && req.headers['access-control-request-method']) {
    if (!allowed) {
      sendError(res, httpError(403, 'FORBIDDEN', `Origin ${origin} is not allowed`));
      return;
    }
    res.setHeader('access-control-allow-methods', 'GET, POST, PUT, OPTIONS');
    res.setHeader('access-control-allow-headers', ALLOWED_HEADERS);
    res.setHeader('access-control-max-age', '600');
    res.status(204).end();
    return;
  }
  next();
}
