// Binary routes beside GraphQL: a client's profile picture, uploaded as the raw request body
// (PUT, Content-Type image/jpeg|png|webp) and read back (GET). Same tenant resolution and bearer
// authentication as /graphql; errors in the GraphQL error shape. An upload is admitted (signed in,
// allowed, a size within the limit, a free slot) from its headers alone, before its body is read.
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { AppError, forbidden, unauthenticated } from '../errors.js';
import { pictureUrl, profilePictureAuthorize, profilePictureGet, profilePictureUpload } from '../modules/clients/index.js';
import type { TenantDb } from '../db/tenant-db.js';
import type { TenantViewer } from '../auth/viewer.js';
import type { Runtime } from '../runtime.js';
import { buildContext } from './context.js';
import { sendError } from './error-body.js';

async function tenantRequest(runtime: Runtime, req: Request) {
  const ctx = await buildContext(runtime, req);
  if (!ctx.viewer) throw unauthenticated();
  if (!ctx.db || ctx.viewer.kind !== 'tenant') throw forbidden('This route needs a tenant');
  return { db: ctx.db, viewer: ctx.viewer };
}

function fail(runtime: Runtime, res: Response, err: unknown): void {
  if (!(err instanceof AppError)) runtime.log.error({ err }, 'upload route failed');
  sendError(res, err);
}

interface Admitted {
  db: TenantDb;
  viewer: TenantViewer;
}

/**
 * Refuses an upload from its headers: anonymous, out of scope, not allowed, announcing more than
 * the limit, or over the process's concurrent uploads. Each admitted upload may hold up to
 * UPLOAD_MAX_BYTES in memory until it is stored, so the slots bound what uploads can pin.
 */
function admitUpload(runtime: Runtime, max: number) {
  let active = 0;
  const slots = runtime.config.uploadMaxConcurrent;
  runtime.metrics.sources.uploadsInProgress = () => active;
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const { db, viewer } = await tenantRequest(runtime, req);
      await profilePictureAuthorize({ db, viewer, clientId: req.params.clientId });
      const announced = Number(req.headers['content-length']);
      if (Number.isFinite(announced) && announced > max) throw tooLarge(max);
      if (active >= slots) {
        runtime.metrics.rejections.inc({ limit: 'uploads' });
        throw new AppError('RATE_LIMITED', `Too many uploads in progress (at most ${slots}); retry shortly`, {
          retryAfterSeconds: 1,
        });
      }
      active++;
      res.once('close', () => active--);
      res.locals.admitted = { db, viewer } satisfies Admitted;
      next();
    } catch (err) {
      // The body was never read: close the connection rather than wait for (and discard) it.
      res.setHeader('connection', 'close');
      fail(runtime, res, err);
    }
  };
}

const tooLarge = (max: number) =>
  new AppError('BAD_USER_INPUT', `The image is larger than ${max} bytes`, {
    httpStatus: 413,
    fields: [{ path: 'body', message: `must be at most ${max} bytes` }],
  });

export function uploadRoutes(runtime: Runtime): Router {
  const router = express.Router();
  const max = runtime.config.uploadMaxBytes;
  // Any content type is read as bytes: the type is decided by sniffing, not by the header.
  const raw = express.raw({ type: () => true, limit: max + 1 });

  router.put(pictureUrl(':clientId'), admitUpload(runtime, max), raw, async (req, res) => {
    try {
      const { db, viewer } = res.locals.admitted as Admitted;
      const data = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const row = await profilePictureUpload({
        db,
        viewer,
        blobs: runtime.blobs,
        clientId: req.params.clientId,
        data,
        maxBytes: max,
      });
      res
        .status(201)
        .json({ url: pictureUrl(row.clientId), fileSize: row.fileSize, fileType: row.fileType, updatedAt: row.updatedAt });
    } catch (err) {
      fail(runtime, res, err);
    }
  });

  router.get(pictureUrl(':clientId'), async (req, res) => {
    try {
      const { db, viewer } = await tenantRequest(runtime, req);
      const pic = await profilePictureGet({ db, viewer, blobs: runtime.blobs, clientId: req.params.clientId });
      res
        .status(200)
        .set({
          'Content-Type': pic.fileType,
          'Cache-Control': 'private, max-age=60',
          'X-Content-Type-Options': 'nosniff',
          'Last-Modified': pic.updatedAt.toUTCString(),
        })
        .send(pic.data);
    } catch (err) {
      fail(runtime, res, err);
    }
  });
  // Body-parser failures (too large, aborted) of these routes, in this module's error shape.
  router.use((err: unknown, _req: Request, res: Response, next: express.NextFunction) => {
    const e = err as { type?: string };
    if (e.type === 'entity.too.large') fail(runtime, res, tooLarge(max));
    else next(err);
  });
  return router;
}
