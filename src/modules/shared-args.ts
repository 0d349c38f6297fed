// The argument shapes that lists and loaders across modules share: a keyset page (with or without
// a filter), a loader's batch of ids, and a platform administrator's runtime and viewer.
import type { PlatformViewer } from '../auth/viewer.js';
import type { PageRequest } from '../db/paging.js';
import type { Runtime } from '../runtime.js';

export type { TenantArgs } from '../db/tenant-db.js';

/** A list's page request (src/db/paging.ts), as a list selector's arguments carry it. */
export type PageArgs = PageRequest;

export interface FilteredPageArgs extends PageArgs {
  filter?: unknown;
}

export interface IdsArgs {
  ids: readonly string[];
}

/** What a platform administrator's read or write gets: the process's runtime and the administrator. */
export interface PlatformArgs {
  runtime: Runtime;
  viewer: PlatformViewer;
}
