// Binary routes beside GraphQL: a client's profile picture, uploaded as the raw request body
// (PUT, Content-Type image/jpeg|png|webp) and read back (GET). Same tenant resolution and bearer
// authentication as /graphql; errors in the GraphQL error shape.
import express, { type Request, type Response, type Router } from 'express';
import { AppError, forbidden, unauthenticated } from '../errors.js';
import { pictureUrl, profilePictureGet, profilePictureUpload } from '../modules/clients/picture.js';
import type { Runtime } from '../runtime.js';
import { buildContext } from './context.js';

async function tenantRequest(runtime: Runtime, req: Request) {
  const ctx = await buildContext(runtime, req);
  if (!ctx.viewer) throw unauthenticated();
  if (!ctx.db || ctx.viewer.kind !== 'tenant') throw forbidden('This route needs a tenant');
  return { db: ctx.db, viewer: ctx.viewer };
}

function sendError(runtime: Runtime, res: Response, err: unknown): void {
  if (err instanceof AppError) {
    const http = (err.extensions.http as { status?: number } | undefined)?.status;
    const status =
      http ?? (err.code === 'NOT_FOUND' ? 404 : err.code === 'FORBIDDEN' ? 403 : err.code === 'UNAUTHENTICATED' ? 401 : 400);
    const { http: _h, ...extensions } = err.extensions;
    res.status(status).json({ errors: [{ message: err.message, extensions }] });
    return;
  }
  runtime.log.error({ err }, 'upload route failed');
  res.status(500).json({ errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
}

export function uploadRoutes(runtime: Runtime): Router {
  const router = express.Router();
  const max = runtime.config.uploadMaxBytes;
  // Any content type is read as bytes: the type is decided by sniffing, not by the header.
  const raw = express.raw({ type: () => true, limit: max + 1 });

  router.put(pictureUrl(':clientId'), raw, async (req, res) => {
    try {
      const { db, viewer } = await tenantRequest(runtime, req);
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
      sendError(runtime, res, err);
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
      sendError(runtime, res, err);
    }
  });
  // Body-parser failures (too large, aborted) of these routes, in this module's error shape.
  router.use((err: unknown, _req: Request, res: Response, next: express.NextFunction) => {
    const e = err as { type?: string };
    if (e.type === 'entity.too.large') {
      sendError(
        runtime,
        res,
        new AppError('BAD_USER_INPUT', `The image is larger than ${max} bytes`, {
          httpStatus: 413,
          fields: [{ path: 'body', message: `must be at most ${max} bytes` }],
        }),
      );
    } else next(err);
  });
  return router;
}
