// GET /metrics in Prometheus text format. With METRICS_TOKEN set, only `Authorization: Bearer
// <token>` may read it; without, keep it off the public internet at the proxy (deploy/ does).
import { timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Runtime } from '../runtime.js';

export function metricsRoute(runtime: Runtime): RequestHandler {
  const expected = runtime.config.metrics.token ? Buffer.from(`Bearer ${runtime.config.metrics.token}`) : undefined;
  return async (req, res) => {
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
