// Reads of platform administrators: the page of them, and one by id (without its password hash).
import { getTableColumns } from 'drizzle-orm';
import type { Executor } from '../../../db/database.js';
import { type Connection, keysetList } from '../../../db/paging.js';
import { rowWhere } from '../../../db/scoped-rows.js';
import { platformAdmins } from '../../../db/tables/public.js';
import type { PageArgs, PlatformArgs } from '../../shared-args.js';
import type { PlatformAdminModel } from '../models.js';

const { passwordHash: _, ...adminColumns } = getTableColumns(platformAdmins);

export interface PlatformAdminGetByIdArgs {
  /** The pool, or the transaction of a change that reads the administrator back. */
  ex: Executor;
  id: string;
}

export async function platformAdminGetById({ ex, id }: PlatformAdminGetByIdArgs): Promise<PlatformAdminModel> {
  return rowWhere<typeof platformAdmins, PlatformAdminModel>(
    ex,
    platformAdmins,
    id,
    undefined,
    'Platform administrator',
    adminColumns,
  );
}

export interface PlatformAdminListArgs extends PlatformArgs, PageArgs {}

export async function platformAdminList(args: PlatformAdminListArgs): Promise<Connection<PlatformAdminModel>> {
  const p = platformAdmins;
  return keysetList<typeof p, PlatformAdminModel>({
    orm: args.runtime.database.orm,
    table: p,
    order: [p.email, p.id],
    columns: adminColumns,
    page: args,
  });
}
