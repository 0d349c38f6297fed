// The per-request context: tenant, viewer and a database handle already bound to the tenant.
import type { Logger } from 'pino';
import type { Viewer } from '../auth/viewer.js';
import type { TenantDb } from '../db/tenant-db.js';
import type { Runtime } from '../runtime.js';
import type { TenantRecord } from '../tenancy/registry.js';
import type { Loaders } from './loaders.js';

export interface GraphQLContext {
  readonly requestId: string;
  readonly log: Logger;
  readonly clientIp: string;
  readonly userAgent: string | undefined;
  readonly runtime: Runtime;
  /** The tenant addressed by the request; null in the platform context. */
  readonly tenant: TenantRecord | null;
  /** Bound to the tenant's schema; null in the platform context. */
  readonly db: TenantDb | null;
  readonly viewer: Viewer | null;
  readonly loaders: Loaders;
  /**
   * Takes `weight` more units from the viewer's rate buckets (or the address's), or throws
   * RATE_LIMITED with Retry-After: an operation spends one per root field it executes.
   */
  readonly chargeRate: (weight: number) => void;
}
