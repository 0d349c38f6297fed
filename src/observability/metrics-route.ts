// GET /metrics in Prometheus text format. With METRICS_TOKEN set, only `Authorization: Bearer
// <token>` may read it. In production without a token it answers 401 to everyone: traffic figures
// (operations, tenants, errors) are not for the internet, and a proxy rule is easy to lose.
import { timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Runtime } from '../runtime.js';

export function metricsRoute(runtime: Runtime): RequestHandler {
  const expected = runtime.config.metrics.token ? Buffer.from(`Bearer ${runtime.config.metrics.token}`) : undefined;
  const closed = !expected && runtime.config.isProduction;
  if (closed) runtime.log.warn('METRICS_TOKEN is not set: /metrics answers 401 in production (set it, or METRICS=false)');
  return async (req, res) => {
    if (closed) {
      res.status(401).set('www-authenticate', 'Bearer').type('text/plain').send('metrics token required: set METRICS_TOKEN\n');
      return;
    }
    if (expected) {
      const given = Buffer.from(req.headers.authorization ?? '');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        res.status(401).set('www-authenticate', 'Bearer').type('text/plain').send('metrics token required\n');
        return;
      }
    }
    try {
      res
        .set('cache-control', 'no-store')
        .type(runtime.metrics.registry.contentType)
        .send(await runtime.metrics.render());
    } catch (err) {
      runtime.log.error({ err }, 'metrics could not be rendered');
      res.status(500).type('text/plain').send('metrics unavailable\n');
    }
  };
}
