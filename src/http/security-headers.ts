// Security headers on every response. The API serves JSON and event streams only, so the default
// policy forbids everything a browser could render or frame; the playground sets its own policy.
import type { RequestHandler } from 'express';
import type { Config } from '../config.js';

export function securityHeaders(config: Config): RequestHandler {
  const fixed: [string, string][] = [
    ['content-security-policy', "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"],
    ['x-content-type-options', 'nosniff'],
    ['x-frame-options', 'DENY'],
    ['referrer-policy', 'no-referrer'],
    ['cross-origin-opener-policy', 'same-origin'],
    ['cross-origin-resource-policy', 'same-site'],
    ['x-permitted-cross-domain-policies', 'none'],
    // Browsers honour HSTS only over https; behind a TLS-terminating proxy that is every request.
    ...(config.isProduction
      ? ([['strict-transport-security', 'max-age=31536000; includeSubDomains']] as [string, string][])
      : []),
  ];
  return (_req, res, next) => {
    for (const [name, value] of fixed) res.setHeader(name, value);
    next();
  };
}
