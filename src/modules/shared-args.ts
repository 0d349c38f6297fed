// The argument shapes that lists and loaders across modules share: a keyset page (with or without
// a filter) and a loader's batch of ids.
export type { TenantArgs } from '../db/tenant-db.js';

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
