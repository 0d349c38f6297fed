// A client's profile picture: bytes in the blob store, one row per client. The image type is
// decided by the file's content (magic bytes), never by a name or header a client sends.
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { assertCan } from '../../../access/can.js';
import { faultPoint } from '../../../db/fault-points.js';
import { inTransaction } from '../../../db/tenant-db.js';
import { AppError } from '../../../errors.js';
import { recordEvents } from '../../../events/outbox.js';
import type { BlobStore } from '../../../storage/blob-store.js';
import type { ProfilePictureModel } from '../models.js';
import { clientGetVisible, type ClientReadArgs } from '../selectors/client-scope.js';

const TYPES = [
  { mime: 'image/jpeg', ext: 'jpg', test: (b: Buffer) => b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  {
    mime: 'image/png',
    ext: 'png',
    test: (b: Buffer) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  },
  {
    mime: 'image/webp',
    ext: 'webp',
    test: (b: Buffer) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP',
  },
] as const;

/** The image type of `data` by its first bytes, or null when it is not a JPEG, PNG or WebP. */
export function sniffImage(data: Buffer): (typeof TYPES)[number] | null {
  return TYPES.find((t) => t.test(data)) ?? null;
}

export type ProfilePictureAuthorizeArgs = ClientReadArgs & { clientId: unknown };

/**
 * Whether the viewer may replace the client's picture: checked from the request's headers, before
 * a byte of the body is read (NOT_FOUND out of scope, FORBIDDEN without client:update).
 */
export async function profilePictureAuthorize({ db, viewer, clientId }: ProfilePictureAuthorizeArgs): Promise<{ id: string }> {
  const client = await clientGetVisible({ db, viewer, id: clientId, path: 'clientId' });
  assertCan(viewer, 'client:update');
  return client;
}

export type ProfilePictureUploadArgs = ClientReadArgs & { blobs: BlobStore; clientId: unknown; data: Buffer; maxBytes: number };

/**
 * Stores the bytes, then records them. Uploads for one client take turns on the client's row, so
 * each sees the file it replaces (two first uploads both saw none and one file was orphaned); the
 * replaced file is removed after commit, the new one if the transaction fails.
 */
export async function profilePictureUpload({
  db,
  viewer,
  blobs,
  clientId,
  data,
  maxBytes,
}: ProfilePictureUploadArgs): Promise<ProfilePictureModel> {
  const client = await profilePictureAuthorize({ db, viewer, clientId });
  if (data.length === 0)
    throw new AppError('BAD_USER_INPUT', 'The request body is empty; send the image bytes', {
      fields: [{ path: 'body', message: 'is empty' }],
    });
  if (data.length > maxBytes) {
    throw new AppError('BAD_USER_INPUT', `The image is larger than ${maxBytes} bytes`, {
      httpStatus: 413,
      fields: [{ path: 'body', message: `must be at most ${maxBytes} bytes` }],
    });
  }
  const type = sniffImage(data);
  if (!type) {
    throw new AppError('BAD_USER_INPUT', 'Only JPEG, PNG and WebP images are accepted', {
      httpStatus: 415,
      fields: [{ path: 'body', message: 'is not a JPEG, PNG or WebP image' }],
    });
  }
  const key = `${db.schemaName}/clients/${client.id}/${randomUUID()}.${type.ext}`;
  await blobs.put(key, data);
  const p = db.t.profilePictures;
  const c = db.t.clients;
  let previous: string | undefined;
  let row: ProfilePictureModel;
  try {
    row = await inTransaction(db.orm, async (tx) => {
      // NO KEY UPDATE: concurrent uploads wait here, while rows referring to the client do not.
      await tx.select({ id: c.id }).from(c).where(eq(c.id, client.id)).for('no key update');
      const [old] = await tx.select().from(p).where(eq(p.clientId, client.id)).for('update');
      previous = old?.storageKey;
      const values = { storageKey: key, fileSize: data.length, fileType: type.mime, uploadedById: viewer.id };
      const [saved] = await tx
        .insert(p)
        .values({ clientId: client.id, ...values })
        .onConflictDoUpdate({ target: p.clientId, set: { ...values, updatedAt: new Date() } })
        .returning();
      await recordEvents(tx, db, {
        entity: 'ProfilePicture',
        id: client.id,
        before: old ?? null,
        after: saved!,
        actorId: viewer.id,
      });
      await faultPoint('picture.upload.recorded');
      return saved!;
    });
  } catch (err) {
    await blobs.delete(key);
    throw err;
  }
  // Outside the try: the new file is referenced now, whatever happens to the old one.
  if (previous && previous !== key) await blobs.delete(previous);
  return row;
}

export type ProfilePictureGetArgs = ClientReadArgs & { blobs: BlobStore; clientId: unknown };

export async function profilePictureGet({ db, viewer, blobs, clientId }: ProfilePictureGetArgs) {
  const client = await clientGetVisible({ db, viewer, id: clientId, path: 'clientId' });
  const [row] = await db.orm.select().from(db.t.profilePictures).where(eq(db.t.profilePictures.clientId, client.id));
  const data = row ? await blobs.get(row.storageKey) : null;
  if (!row || !data) throw new AppError('NOT_FOUND', 'The client has no profile picture', { httpStatus: 404 });
  return { data, fileType: row.fileType, updatedAt: row.updatedAt };
}

export type ProfilePictureDeleteArgs = ClientReadArgs & { blobs: BlobStore; clientId: unknown };

export async function profilePictureDelete({ db, viewer, blobs, clientId }: ProfilePictureDeleteArgs): Promise<boolean> {
  const client = await clientGetVisible({ db, viewer, id: clientId, path: 'clientId' });
  assertCan(viewer, 'client:update');
  const p = db.t.profilePictures;
  const gone = await inTransaction(db.orm, async (tx) => {
    const [row] = await tx.delete(p).where(eq(p.clientId, client.id)).returning();
    if (row)
      await recordEvents(tx, db, { entity: 'ProfilePicture', id: client.id, before: row, after: null, actorId: viewer.id });
    return row;
  });
  // After commit: a rolled-back delete still refers to its file.
  if (gone) await blobs.delete(gone.storageKey);
  return gone !== undefined;
}

/** The route that serves a client's picture (see src/http/uploads.ts). */
export const pictureUrl = (clientId: string) => `/clients/${clientId}/profile-picture`;
