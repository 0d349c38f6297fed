// The GraphQL IDE at /playground, served from this process (no CDN). Filled in by issue 7.
import { Router } from 'express';
import type { Runtime } from '../runtime.js';

export function playgroundRoutes(_runtime: Runtime): Router {
  return Router();
}
