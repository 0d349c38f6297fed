// The argument shapes that lists and loaders across modules share: a keyset page (with or without
// a filter) and a loader's batch of ids.
import type { TenantViewer } from '../auth/viewer.js';
import type { TenantDb } from '../db/tenant-db.js';
export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

export interface FilteredPageArgs extends PageArgs {
  filter?: unknown;
}

export interface IdsArgs {
  ids: readonly string[];
}

/** What every tenant selector and service takes: the tenant's handle and who asks. */
export interface TenantArgs {
  db: TenantDb;
  viewer: TenantViewer;
}
