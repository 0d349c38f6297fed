// Builds and starts one server process: database, migrations, registry, HTTP. Used by main.ts,
// the tests and the benchmarks alike, so all of them run the same code path.
import { LocalDiskStore } from './storage/blob-store.js';
import { createRealtimeBus } from './realtime/bus.js';
import { startBackgroundWork } from './events/host.js';
import { createServer, type Server, type ServerOptions } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { openDatabase, type Database } from './db/database.js';
import { migrateAllTenants, migratePublic } from './db/migrator.js';
import { platformAdmins } from './db/tables/public.js';
import { loadSigningKeys, type SigningKeys } from './auth/keys.js';
import { PasswordHasher } from './auth/passwords.js';
import { RateLimiter } from './auth/rate-limit.js';
import { LoginGuard } from './auth/login-guard.js';
import { ResetGuard } from './auth/reset-guard.js';
import { sessionCache } from './auth/session-cache.js';
import { TokenService } from './auth/tokens.js';
import { createHttpApp, type HttpApp } from './http/app.js';
import { createLogger } from './log.js';
import type { FaultHooks, Runtime } from './runtime.js';
import { TenantRegistry } from './tenancy/registry.js';
import { LocalThrottle, SharedThrottle, type Throttle } from './http/throttle.js';
import { Metrics } from './observability/metrics.js';
import { clockFor, type Clock } from './clock.js';
import { createMailer } from './mail/mailer.js';

export interface StartOptions {
  /** Start from this PGlite dump (tests). */
  pgliteLoadDataDir?: Blob;
  faults?: FaultHooks;
  logger?: Logger;
  /** Share rate-limit spending with the other processes (default: on PostgreSQL). CLIs serve no requests. */
  shareRateLimits?: boolean;
  /** The sweeps' clock (tests only: refused unless NODE_ENV=test; see src/clock.ts). */
  clock?: Clock;
  /** What this process is, as a second process on the same embedded database is told (default: from the script's name). */
  holder?: string;
  /** Readiness answers 503 naming this until the caller clears `runtime.lifecycle.pending` (main.ts: the first-run demo). */
  pending?: string;
}

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly runtime: Runtime;
  readonly httpServer: Server;
  close(): Promise<void>;
}

/** Opens the database, applies the public migrations and brings every tenant schema up to date. */
export async function openRuntime(config: Config, options: StartOptions = {}): Promise<Runtime> {
  const log = options.logger ?? createLogger(config);
  const database: Database = await openDatabase({
    databaseUrl: config.databaseUrl,
    databaseListenUrl: config.databaseListenUrl,
    dataDir: config.dataDir,
    poolMax: config.pool.max,
    poolMaxLifetimeSeconds: config.pool.maxLifetimeSeconds,
    preparedStatements: config.pool.preparedStatements,
    ...(options.pgliteLoadDataDir ? { pgliteLoadDataDir: options.pgliteLoadDataDir } : {}),
    ...(options.holder ? { lockKind: options.holder } : {}),
    onStaleLock: (message) => log.warn(message),
  });
  let throttle: Throttle | undefined;
  try {
    const applied = await migratePublic(database);
    if (applied.length) log.info({ applied }, 'public migrations applied');
    const reports = await migrateAllTenants(database);
    const failed = reports.find((r) => r.status === 'failed');
    if (failed) throw new Error(`tenant ${failed.slug} failed to migrate: ${failed.error}`);
    const migrated = reports.filter((r) => r.status === 'migrated');
    if (migrated.length) log.info({ tenants: migrated.length }, 'tenant migrations applied');

    const registry = new TenantRegistry(database);
    await registry.start();
    await sessionCache(database, config.jwt.sessionCacheSeconds * 1000).start();
    const passwords = new PasswordHasher(config.argon2);
    const keys = await loadSigningKeys(config);
    const tokens = new TokenService(keys, config.jwt);
    throttle = options.shareRateLimits === false ? new LocalThrottle() : await createThrottle(config, database, log, keys);
    const runtime: Runtime = {
      config,
      log,
      database,
      registry,
      tokens,
      passwords,
      limiter: new RateLimiter(),
      logins: new LoginGuard({
        maxAttempts: config.limits.loginMaxAttempts,
        windowSeconds: config.limits.loginWindowSeconds,
        addressMaxAttempts: config.limits.ipMaxAttempts,
      }),
      throttle,
      resets: new ResetGuard({
        perAccountPerHour: config.mail.resetMaxPerHour,
        perAddressPerHour: config.mail.resetAddressMaxPerHour,
      }),
      metrics: new Metrics({ database, registry, log }),
      blobs: new LocalDiskStore(config.uploadsDir),
      bus: await createRealtimeBus(database),
      mailer: createMailer(config, log),
      faults: options.faults ?? {},
      lifecycle: { draining: false, pending: options.pending },
    };
    if (!runtime.mailer.enabled) log.warn('SMTP_URL is not set: inviteUser and requestPasswordReset are refused');
    if (config.platformAdmin) await upsertPlatformAdmin(runtime, config.platformAdmin.email, config.platformAdmin.password);
    return runtime;
  } catch (err) {
    await throttle?.stop().catch(() => undefined);
    await database.close().catch(() => undefined);
    throw err;
  }
}

/** Rate limits shared with the other processes on PostgreSQL; the embedded database has one process. */
async function createThrottle(config: Config, database: Database, log: Runtime['log'], keys: SigningKeys): Promise<Throttle> {
  if (database.kind !== 'pg') return new LocalThrottle();
  const rate = config.limits.rate;
  const limits: Record<string, number> = {
    user: rate.userPerMinute,
    tenant: rate.tenantPerMinute,
    address: rate.anonymousPerMinute,
  };
  const shared = new SharedThrottle({
    database,
    log,
    limitOf: (scope) => limits[scope] ?? 0,
    secret: keys.deriveSecret('rate-limit-keys'),
  });
  await shared.start();
  return shared;
}

export async function closeRuntime(runtime: Runtime): Promise<void> {
  await runtime.throttle.stop();
  await runtime.bus.stop();
  runtime.mailer.close();
  await runtime.registry.stop();
  await sessionCache(runtime.database).stop();
  await runtime.database.close();
}

/** Creates the platform admin, or sets its password, so the configured credentials always work. */
export async function upsertPlatformAdmin(runtime: Runtime, email: string, password: string): Promise<void> {
  const passwordHash = await runtime.passwords.hash(password);
  const normalized = email.trim().toLowerCase();
  await runtime.database.orm
    .insert(platformAdmins)
    .values({ email: normalized, passwordHash })
    .onConflictDoUpdate({ target: platformAdmins.email, set: { passwordHash, isActive: true } });
}

/**
 * Deadlines so a slow or silent client cannot hold a socket and its buffers for Node's default
 * five minutes. requestTimeout covers receiving the request only (headers and body), never the
 * response, so a long-lived event stream is not cut by it; the idle timeout is, unless the stream
 * sends keep-alives more often (config.ts checks that). Node checks the header and request
 * deadlines on a timer: once a second keeps the overshoot small.
 */
function serverTimeouts(config: Config): ServerOptions {
  const { headersTimeoutSeconds, requestTimeoutSeconds, keepAliveTimeoutSeconds } = config.http;
  return {
    headersTimeout: headersTimeoutSeconds * 1000,
    requestTimeout: requestTimeoutSeconds * 1000,
    keepAliveTimeout: keepAliveTimeoutSeconds * 1000,
    connectionsCheckingInterval: 1000,
  };
}

/** Listens on the port and closes again at once: EADDRINUSE (or EACCES) if it cannot be had. */
async function probePort(port: number, host: string): Promise<void> {
  if (port === 0) return;
  const probe = createNetServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', reject);
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve()));
  });
}

export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  // Refused before anything opens: outside tests the sweeps run on the system clock only.
  const clock = clockFor(config, options.clock);
  // A port in use fails here, before the database is opened or migrated.
  await probePort(config.port, config.host);
  const runtime = await openRuntime(config, { holder: 'the server', ...options });
  const httpServer = createServer(serverTimeouts(config));
  httpServer.setTimeout(config.http.idleTimeoutSeconds * 1000);
  let app: HttpApp['app'];
  let apollo: HttpApp['apollo'];
  try {
    ({ app, apollo } = await createHttpApp(runtime, httpServer));
    httpServer.on('request', app);
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(config.port, config.host, () => resolve());
    });
  } catch (err) {
    // Taken since the probe: the database (and the embedded database's lock) must not stay open.
    await closeRuntime(runtime).catch(() => undefined);
    throw err;
  }
  const stopBackground = await startBackgroundWork(runtime, clock);
  const { port } = httpServer.address() as AddressInfo;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    port,
    runtime,
    httpServer,
    // HTTP first: requests in flight may still record events, which the processor then runs. A
    // phase that fails does not skip the later ones (claims must be released, the pool closed);
    // the first failure is rethrown at the end. Each phase is logged with its duration.
    close: () =>
      (closing ??= (async () => {
        runtime.lifecycle.draining = true;
        let failure: unknown;
        const phase = async (name: string, work: () => Promise<unknown>) => {
          const started = Date.now();
          try {
            await work();
            runtime.log.info({ phase: name, ms: Date.now() - started }, `shutdown: ${name}`);
          } catch (err) {
            runtime.log.error({ err, phase: name, ms: Date.now() - started }, `shutdown: ${name} failed`);
            failure ??= err;
          }
        };
        // Apollo's drain: the listener closes, idle keep-alive connections end, open event streams
        // end (the SSE route's closeAll), and requests in flight are answered before their
        // connections end (forced after the drain plugin's grace period).
        await phase('http drained', () => apollo.stop());
        // The event in hand is finished; the rest of the processor's claims are handed back.
        await phase('background work stopped', stopBackground);
        await phase('realtime bus, registry and database closed', () => closeRuntime(runtime));
        if (failure !== undefined) throw failure;
      })()),
  };
}
