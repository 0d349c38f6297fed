// The only reader of process.env: parses every setting once, reports all bad ones, and freezes.
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'])
  .transform((v) => ['true', '1', 'yes', 'on'].includes(v));

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.string().url().optional(),
  DATABASE_LISTEN_URL: z.string().url().optional(),
  DATA_DIR: z.string().default('.data'),
  UPLOADS_DIR: z.string().optional(),
  UPLOAD_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(50 * 1024 * 1024)
    .default(5 * 1024 * 1024),
  UPLOAD_MAX_CONCURRENT: z.coerce.number().int().min(1).max(1000).default(8),
  HTTP_HEADERS_TIMEOUT_SECONDS: z.coerce.number().min(1).max(600).default(20),
  HTTP_REQUEST_TIMEOUT_SECONDS: z.coerce.number().min(1).max(3600).default(60),
  HTTP_KEEPALIVE_TIMEOUT_SECONDS: z.coerce.number().min(1).max(600).default(5),
  HTTP_IDLE_TIMEOUT_SECONDS: z.coerce.number().min(1).max(3600).default(120),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(500).default(20),
  DB_POOL_MAX_LIFETIME_SECONDS: z.coerce.number().int().min(0).default(1800),
  DB_PREPARED_STATEMENTS: bool.optional(),
  BASE_DOMAIN: z.string().min(1).default('localhost'),
  PLATFORM_ADMIN_EMAIL: z.string().email().optional(),
  PLATFORM_ADMIN_PASSWORD: z.string().min(8).optional(),
  SIGNUP_ENABLED: bool.optional(),
  JWT_ALG: z.enum(['EdDSA', 'RS256']).default('EdDSA'),
  JWT_PRIVATE_KEY: z.string().optional(),
  JWT_PUBLIC_KEY: z.string().optional(),
  JWT_KEY_ID: z.string().optional(),
  JWT_ISSUER: z.string().default('leopard-graphql'),
  JWT_AUDIENCE: z.string().default('leopard-api'),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(86400).default(900),
  REFRESH_TOKEN_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(300)
    .default(30 * 86400),
  ARGON2_MEMORY_KIB: z.coerce.number().int().min(8).default(19456),
  ARGON2_TIME_COST: z.coerce.number().int().min(1).default(2),
  LOGIN_MAX_ATTEMPTS: z.coerce.number().int().min(1).default(10),
  LOGIN_WINDOW_SECONDS: z.coerce.number().int().min(1).default(900),
  IP_MAX_ATTEMPTS: z.coerce.number().int().min(1).default(100),
  SIGNUP_MAX_PER_HOUR: z.coerce.number().int().min(1).default(5),
  MAX_QUERY_DEPTH: z.coerce.number().int().min(2).max(50).default(12),
  MAX_QUERY_COST: z.coerce.number().int().min(1).default(50_000),
  MAX_ALIASES: z.coerce.number().int().min(0).default(30),
  MAX_BATCH_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  MAX_QUERY_TOKENS: z.coerce.number().int().min(100).default(5000),
  MAX_INPUT_DEPTH: z.coerce.number().int().min(2).max(100).default(20),
  BODY_LIMIT: z.string().default('1mb'),
  RESPONSE_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(4 * 1024 * 1024),
  RATE_LIMIT_USER_PER_MINUTE: z.coerce.number().int().min(0).default(600),
  RATE_LIMIT_TENANT_PER_MINUTE: z.coerce.number().int().min(0).default(6000),
  RATE_LIMIT_ANONYMOUS_PER_MINUTE: z.coerce.number().int().min(0).default(120),
  INTROSPECTION: bool.optional(),
  PLAYGROUND: bool.optional(),
  CORS_ORIGINS: z.string().optional(),
  SLOW_OPERATION_MS: z.coerce.number().int().min(0).default(1000),
  METRICS: bool.optional(),
  METRICS_TOKEN: z.string().min(16).optional(),
  // Tracing is on when an OTLP endpoint is set; the SDK reads its other OTEL_* variables itself.
  OTEL_EXPORTER_OTLP_ENDPOINT: z.string().url().optional(),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.string().url().optional(),
  OTEL_SDK_DISABLED: bool.optional(),
  OTEL_TRACES_EXPORTER: z.enum(['otlp', 'none']).optional(),
  COMPRESSION: bool.optional(),
  SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number().min(1).max(600).default(25),
  SHUTDOWN_DELAY_SECONDS: z.coerce.number().min(0).max(120).default(0),
  DEMO_ON_FIRST_RUN: bool.optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  TRUST_PROXY: z.string().default('loopback'),
  SSE_KEEPALIVE_SECONDS: z.coerce.number().int().min(1).max(300).default(15),
  SSE_SESSION_CHECK_SECONDS: z.coerce.number().int().min(1).max(3600).default(20),
  SSE_MAX_STREAMS_PER_USER: z.coerce.number().int().min(1).max(1000).default(10),
  SSE_MAX_STREAMS: z.coerce.number().int().min(1).max(1_000_000).default(5000),
  SESSION_CACHE_SECONDS: z.coerce.number().min(0).max(300).default(30),
  EVENTS_PROCESSOR: bool.optional(),
  EVENTS_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(5),
  EVENTS_RETRY_BASE_MS: z.coerce.number().int().min(1).default(1000),
  EVENTS_RETENTION_DAYS: z.coerce.number().min(0).default(7),
  EVENTS_SWEEP_SECONDS: z.coerce.number().min(0.05).max(60).default(10),
  EVENTS_LEASE_SECONDS: z.coerce.number().min(1).default(10),
  SMTP_URL: z
    .string()
    .url()
    .refine((v) => /^smtps?:\/\//.test(v), 'must be an smtp:// or smtps:// URL')
    .optional(),
  MAIL_FROM: z.string().min(3).max(300).optional(),
  APP_URL: z.string().optional(),
  PASSWORD_RESET_MAX_PER_HOUR: z.coerce.number().int().min(1).default(5),
  PASSWORD_RESET_ADDRESS_MAX_PER_HOUR: z.coerce.number().int().min(1).default(50),
});

export type Env = z.infer<typeof envSchema>;

export interface Config {
  readonly env: Env['NODE_ENV'];
  readonly isProduction: boolean;
  readonly isDevelopment: boolean;
  readonly port: number;
  readonly host: string;
  readonly databaseUrl: string | undefined;
  /** The connection for LISTEN only: behind PgBouncer's transaction pooling it must go straight to PostgreSQL. */
  readonly databaseListenUrl: string | undefined;
  readonly dataDir: string;
  /** Uploaded files; defaults to <DATA_DIR>/uploads. */
  readonly uploadsDir: string;
  /** Largest accepted upload (profile pictures), bytes. */
  readonly uploadMaxBytes: number;
  /** Uploads read at once by this process; more are refused with 429 (each may hold UPLOAD_MAX_BYTES in memory). */
  readonly uploadMaxConcurrent: number;
  /**
   * Deadlines of node's HTTP server: the request's headers, the whole request (headers and body;
   * not the response, so event streams are not cut), an idle keep-alive connection, and a socket
   * with no traffic either way (event streams send keep-alives well within it).
   */
  readonly http: {
    readonly headersTimeoutSeconds: number;
    readonly requestTimeoutSeconds: number;
    readonly keepAliveTimeoutSeconds: number;
    readonly idleTimeoutSeconds: number;
  };
  readonly pool: { readonly max: number; readonly maxLifetimeSeconds: number; readonly preparedStatements: boolean };
  readonly baseDomain: string;
  readonly platformAdmin: { readonly email: string; readonly password: string } | undefined;
  readonly signupEnabled: boolean;
  readonly jwt: {
    readonly alg: 'EdDSA' | 'RS256';
    readonly privateKeyPem: string | undefined;
    readonly publicKeyPem: string | undefined;
    readonly keyId: string | undefined;
    readonly issuer: string;
    readonly audience: string;
    readonly accessTtlSeconds: number;
    readonly refreshTtlSeconds: number;
    /** How long a checked session may be served from the process's cache (0: read on every request). */
    readonly sessionCacheSeconds: number;
  };
  readonly argon2: { readonly memoryCost: number; readonly timeCost: number };
  readonly limits: {
    readonly loginMaxAttempts: number;
    readonly loginWindowSeconds: number;
    readonly ipMaxAttempts: number;
    readonly signupMaxPerHour: number;
    readonly maxQueryDepth: number;
    /** Cost of an operation: every field counts 1, multiplied by the page sizes (`first`) of the lists above it. */
    readonly maxQueryCost: number;
    readonly maxAliases: number;
    /** Operations in one batched request (a JSON array). */
    readonly maxBatchSize: number;
    /** Lexical tokens in one document: bounds the parser's work before anything else runs. */
    readonly maxQueryTokens: number;
    /** Nesting of objects and lists in one argument value (JSON scalars included), inline or in variables. */
    readonly maxInputDepth: number;
    readonly bodyLimit: string;
    /** Largest /graphql response body sent, bytes: a larger one is replaced by a `response` limit error. */
    readonly responseMaxBytes: number;
    /** Operations per minute (token buckets in each process; 0 turns a limit off). */
    readonly rate: { readonly userPerMinute: number; readonly tenantPerMinute: number; readonly anonymousPerMinute: number };
  };
  /** Schema introspection and the printed SDL (off by default in production). */
  readonly introspection: boolean;
  /** The GraphQL IDE at /playground (off by default in production). */
  readonly playground: boolean;
  /** Origins allowed besides every tenant's own (<slug>.<BASE_DOMAIN> and registered domains); '*' allows any. */
  readonly corsOrigins: readonly string[];
  /** Operations slower than this are logged at warn level with their document (never their variables). */
  readonly slowOperationMs: number;
  /** Prometheus metrics at /metrics; with a token, only `Authorization: Bearer <token>` may read them. */
  readonly metrics: { readonly enabled: boolean; readonly token: string | undefined };
  /** OpenTelemetry spans over OTLP/HTTP (src/tracing.ts): on when an OTLP endpoint is set and the SDK is not disabled. */
  readonly tracing: { readonly enabled: boolean };
  /** gzip/br compression of /graphql responses, by Accept-Encoding (never the event stream). */
  readonly compression: boolean;
  /** How long SIGTERM waits for in-flight work before the process exits anyway. */
  readonly shutdownTimeoutSeconds: number;
  /**
   * On SIGTERM, how long to keep serving with readiness at 503 before closing the listener, so a
   * load balancer that polls readiness stops routing here first (the timeout starts after it).
   */
  readonly shutdownDelaySeconds: number;
  readonly demoOnFirstRun: boolean;
  readonly logLevel: NonNullable<Env['LOG_LEVEL']>;
  /** express `trust proxy`: a hop count, true/false, or addresses and subnets. */
  readonly trustProxy: string | number | boolean;
  /** Subscription streams: keep-alive comment interval, and how often a stream's session is re-checked. */
  readonly sse: {
    readonly keepAliveSeconds: number;
    readonly sessionCheckSeconds: number;
    /** Open streams per signed-in user, and in all, on this process (not shared across processes). */
    readonly maxStreamsPerUser: number;
    readonly maxStreams: number;
  };
  /** The outbox processor and its sweeps (src/events). */
  readonly events: {
    /** Whether a server process runs the processor (a dedicated `npm run worker` may run it instead). */
    readonly processor: boolean;
    readonly maxAttempts: number;
    /** First retry delay; it doubles per attempt, with jitter. */
    readonly retryBaseMs: number;
    readonly retentionDays: number;
    /** How often every tenant is swept for due events, reminders and due tasks (LISTEN wakes it sooner). */
    readonly sweepSeconds: number;
    /** How long a claim holds unless renewed; the holder renews it every third of that while it works. */
    readonly leaseSeconds: number;
  };
  /** Mail of staff accounts (invitations, password resets), sent by the outbox's `mail` handler. */
  readonly mail: {
    /** smtp(s)://user:pass@host:port; absent: messages are written to `dir` (refused in production). */
    readonly smtpUrl: string | undefined;
    readonly from: string;
    /** Where a link points: the web app's base URL; `{tenant}` in it becomes the tenant's slug. */
    readonly appUrl: string;
    /** The file drop outside production when no SMTP_URL is set: <DATA_DIR>/mail. */
    readonly dir: string;
    /** requestPasswordReset calls per email (per tenant) and per client address, per hour. */
    readonly resetMaxPerHour: number;
    readonly resetAddressMaxPerHour: number;
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
}

/** Parses an environment (process.env by default); throws ConfigError listing every problem. */
export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  const input = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(input);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const problems: string[] = [];
  if ((e.PLATFORM_ADMIN_EMAIL === undefined) !== (e.PLATFORM_ADMIN_PASSWORD === undefined)) {
    problems.push('PLATFORM_ADMIN_EMAIL and PLATFORM_ADMIN_PASSWORD must be set together');
  }
  if ((e.JWT_PRIVATE_KEY === undefined) !== (e.JWT_PUBLIC_KEY === undefined)) {
    problems.push('JWT_PRIVATE_KEY and JWT_PUBLIC_KEY must be set together');
  }
  if (e.NODE_ENV === 'production' && e.JWT_PRIVATE_KEY === undefined) {
    problems.push('JWT_PRIVATE_KEY/JWT_PUBLIC_KEY are required in production (PEM, PKCS#8 and SPKI)');
  }
  if (e.HTTP_HEADERS_TIMEOUT_SECONDS > e.HTTP_REQUEST_TIMEOUT_SECONDS) {
    problems.push('HTTP_HEADERS_TIMEOUT_SECONDS must not exceed HTTP_REQUEST_TIMEOUT_SECONDS');
  }
  // An event stream is quiet between keep-alives: an idle timeout shorter than that would cut it.
  if (e.HTTP_IDLE_TIMEOUT_SECONDS <= e.SSE_KEEPALIVE_SECONDS) {
    problems.push('HTTP_IDLE_TIMEOUT_SECONDS must be longer than SSE_KEEPALIVE_SECONDS');
  }
  if (e.APP_URL !== undefined && !URL.canParse(e.APP_URL.replaceAll('{tenant}', 'tenant'))) {
    problems.push('APP_URL: must be a URL (it may contain {tenant})');
  }
  // Links in production mail must point at the real web app, never a guessed localhost.
  if (e.NODE_ENV === 'production' && e.SMTP_URL !== undefined && e.APP_URL === undefined) {
    problems.push('APP_URL is required in production when SMTP_URL is set (the base URL of links in mail)');
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const pem = (v: string | undefined): string | undefined => v?.replace(/\\n/g, '\n');
  return Object.freeze({
    env: e.NODE_ENV,
    isProduction: e.NODE_ENV === 'production',
    isDevelopment: e.NODE_ENV === 'development',
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    databaseListenUrl: e.DATABASE_LISTEN_URL ?? e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    uploadsDir: e.UPLOADS_DIR ?? `${e.DATA_DIR.replace(/\/+$/, '')}/uploads`,
    uploadMaxBytes: e.UPLOAD_MAX_BYTES,
    uploadMaxConcurrent: e.UPLOAD_MAX_CONCURRENT,
    http: Object.freeze({
      headersTimeoutSeconds: e.HTTP_HEADERS_TIMEOUT_SECONDS,
      requestTimeoutSeconds: e.HTTP_REQUEST_TIMEOUT_SECONDS,
      keepAliveTimeoutSeconds: e.HTTP_KEEPALIVE_TIMEOUT_SECONDS,
      idleTimeoutSeconds: e.HTTP_IDLE_TIMEOUT_SECONDS,
    }),
    pool: Object.freeze({
      max: e.DB_POOL_MAX,
      maxLifetimeSeconds: e.DB_POOL_MAX_LIFETIME_SECONDS,
      preparedStatements: e.DB_PREPARED_STATEMENTS ?? true,
    }),
    baseDomain: e.BASE_DOMAIN.toLowerCase(),
    platformAdmin:
      e.PLATFORM_ADMIN_EMAIL && e.PLATFORM_ADMIN_PASSWORD
        ? Object.freeze({ email: e.PLATFORM_ADMIN_EMAIL, password: e.PLATFORM_ADMIN_PASSWORD })
        : undefined,
    signupEnabled: e.SIGNUP_ENABLED ?? e.NODE_ENV !== 'production',
    jwt: Object.freeze({
      alg: e.JWT_ALG,
      privateKeyPem: pem(e.JWT_PRIVATE_KEY),
      publicKeyPem: pem(e.JWT_PUBLIC_KEY),
      keyId: e.JWT_KEY_ID,
      issuer: e.JWT_ISSUER,
      audience: e.JWT_AUDIENCE,
      accessTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS,
      refreshTtlSeconds: e.REFRESH_TOKEN_TTL_SECONDS,
      sessionCacheSeconds: e.SESSION_CACHE_SECONDS,
    }),
    argon2: Object.freeze({ memoryCost: e.ARGON2_MEMORY_KIB, timeCost: e.ARGON2_TIME_COST }),
    limits: Object.freeze({
      loginMaxAttempts: e.LOGIN_MAX_ATTEMPTS,
      loginWindowSeconds: e.LOGIN_WINDOW_SECONDS,
      ipMaxAttempts: e.IP_MAX_ATTEMPTS,
      signupMaxPerHour: e.SIGNUP_MAX_PER_HOUR,
      maxQueryDepth: e.MAX_QUERY_DEPTH,
      maxQueryCost: e.MAX_QUERY_COST,
      maxAliases: e.MAX_ALIASES,
      maxBatchSize: e.MAX_BATCH_SIZE,
      maxQueryTokens: e.MAX_QUERY_TOKENS,
      maxInputDepth: e.MAX_INPUT_DEPTH,
      bodyLimit: e.BODY_LIMIT,
      responseMaxBytes: e.RESPONSE_MAX_BYTES,
      rate: Object.freeze({
        userPerMinute: e.RATE_LIMIT_USER_PER_MINUTE,
        tenantPerMinute: e.RATE_LIMIT_TENANT_PER_MINUTE,
        anonymousPerMinute: e.RATE_LIMIT_ANONYMOUS_PER_MINUTE,
      }),
    }),
    introspection: e.INTROSPECTION ?? e.NODE_ENV !== 'production',
    playground: e.PLAYGROUND ?? e.NODE_ENV !== 'production',
    corsOrigins: Object.freeze(
      (e.CORS_ORIGINS ?? (e.NODE_ENV === 'production' ? '' : '*'))
        .split(',')
        .map((o) => o.trim().replace(/\/+$/, '').toLowerCase())
        .filter(Boolean),
    ),
    slowOperationMs: e.SLOW_OPERATION_MS,
    metrics: Object.freeze({ enabled: e.METRICS ?? true, token: e.METRICS_TOKEN }),
    tracing: Object.freeze({
      enabled:
        (e.OTEL_EXPORTER_OTLP_ENDPOINT ?? e.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) !== undefined &&
        e.OTEL_SDK_DISABLED !== true &&
        e.OTEL_TRACES_EXPORTER !== 'none',
    }),
    compression: e.COMPRESSION ?? true,
    shutdownTimeoutSeconds: e.SHUTDOWN_TIMEOUT_SECONDS,
    shutdownDelaySeconds: e.SHUTDOWN_DELAY_SECONDS,
    demoOnFirstRun: e.DEMO_ON_FIRST_RUN ?? e.NODE_ENV === 'development',
    logLevel: e.LOG_LEVEL ?? (e.NODE_ENV === 'test' ? 'silent' : 'info'),
    trustProxy: /^\d+$/.test(e.TRUST_PROXY)
      ? Number(e.TRUST_PROXY)
      : e.TRUST_PROXY === 'true' || e.TRUST_PROXY === 'false'
        ? e.TRUST_PROXY === 'true'
        : e.TRUST_PROXY,
    sse: Object.freeze({
      keepAliveSeconds: e.SSE_KEEPALIVE_SECONDS,
      sessionCheckSeconds: e.SSE_SESSION_CHECK_SECONDS,
      maxStreamsPerUser: e.SSE_MAX_STREAMS_PER_USER,
      maxStreams: e.SSE_MAX_STREAMS,
    }),
    events: Object.freeze({
      processor: e.EVENTS_PROCESSOR ?? true,
      maxAttempts: e.EVENTS_MAX_ATTEMPTS,
      retryBaseMs: e.EVENTS_RETRY_BASE_MS,
      retentionDays: e.EVENTS_RETENTION_DAYS,
      sweepSeconds: e.EVENTS_SWEEP_SECONDS,
      leaseSeconds: e.EVENTS_LEASE_SECONDS,
    }),
    mail: Object.freeze({
      smtpUrl: e.SMTP_URL,
      from: e.MAIL_FROM ?? `Leopard <no-reply@${e.BASE_DOMAIN.toLowerCase()}>`,
      appUrl: (e.APP_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
      dir: `${e.DATA_DIR.replace(/\/+$/, '')}/mail`,
      resetMaxPerHour: e.PASSWORD_RESET_MAX_PER_HOUR,
      resetAddressMaxPerHour: e.PASSWORD_RESET_ADDRESS_MAX_PER_HOUR,
    }),
  });
}
