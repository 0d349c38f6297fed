// Long-lived services shared by every request, built once by the composition root.
import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { Database } from './db/database.js';
import type { PasswordHasher } from './auth/passwords.js';
import type { RateLimiter } from './auth/rate-limit.js';
import type { LoginGuard } from './auth/login-guard.js';
import type { ResetGuard } from './auth/reset-guard.js';
import type { TokenService } from './auth/tokens.js';
import type { RealtimeBus } from './realtime/bus.js';
import type { BlobStore } from './storage/blob-store.js';
import type { Throttle } from './http/throttle.js';
import type { Metrics } from './observability/metrics.js';
import type { TenantRegistry } from './tenancy/registry.js';
import type { Mailer } from './mail/mailer.js';

/** Hooks a test can set to inject failures at precise points; never reachable over HTTP. */
export interface FaultHooks {
  afterTenantSchemaCreated?: (slug: string) => Promise<void> | void;
}

export interface Runtime {
  readonly config: Config;
  readonly log: Logger;
  readonly database: Database;
  readonly registry: TenantRegistry;
  readonly tokens: TokenService;
  readonly passwords: PasswordHasher;
  readonly limiter: RateLimiter;
  /** Password-guessing limits for login and changeMyPassword, counted before the hash is checked. */
  readonly logins: LoginGuard;
  /** Operation rates per user, tenant and anonymous address (shared between processes on PostgreSQL). */
  readonly throttle: Throttle;
  /** requestPasswordReset limits per account and per address. */
  readonly resets: ResetGuard;
  readonly metrics: Metrics;
  /** Uploaded files (profile pictures). */
  readonly blobs: BlobStore;
  /** Cross-process fan-out of notifications and client changes. */
  readonly bus: RealtimeBus;
  /** Staff-account mail (invitations, password resets); only the outbox's mail handler sends. */
  readonly mailer: Mailer;
  readonly faults: FaultHooks;
  /**
   * `draining` is set when shutdown begins, `pending` names what start-up still does after the
   * port is open (the first-run demo): readiness answers 503 while either is set.
   */
  readonly lifecycle: { draining: boolean; pending?: string | undefined };
}
