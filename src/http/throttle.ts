// Per-user, per-tenant and per-address operation rates: token buckets kept in each process. Each
// bucket holds a minute's allowance and refills continuously, so a client may burst up to the
// limit and then runs at limit/60 per second. On PostgreSQL the processes tell each other what
// they spent (SharedThrottle, over LISTEN/NOTIFY, five times a second), so over time a client gets
// one allowance from the whole cluster.
import { createHmac, randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Database } from '../db/database.js';
import { AppError } from '../errors.js';

interface Bucket {
  tokens: number;
  at: number;
  perMinute: number;
}

/** How far into debt spending reported by other processes can take a bucket, in minutes' allowance. */
export const MAX_DEBT_MINUTES = 10;

export interface BucketClaim {
  key: string;
  perMinute: number;
  /** Named in the refusal: 'user', 'tenant', 'address'. */
  scope: string;
}

export interface Refusal {
  retryAfterSeconds: number;
  scope: string;
}

export class TokenBuckets {
  private buckets = new Map<string, Bucket>();
  private sweepAt = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /**
   * Takes `weight` tokens from every bucket named, all or none. Returns null when taken, otherwise
   * the seconds until all of them could be and the scope that ran dry. perMinute 0 is unlimited.
   */
  take(claims: readonly BucketClaim[], weight = 1): Refusal | null {
    const now = this.now();
    this.sweep(now);
    let wait = 0;
    let scope = '';
    const filled: [BucketClaim, Bucket, number][] = [];
    for (const claim of claims) {
      if (claim.perMinute <= 0) continue;
      const need = Math.min(weight, claim.perMinute);
      const b = this.buckets.get(claim.key);
      const tokens = b ? Math.min(claim.perMinute, b.tokens + ((now - b.at) / 60_000) * claim.perMinute) : claim.perMinute;
      const short = tokens < need ? ((need - tokens) / claim.perMinute) * 60 : 0;
      if (short > wait) [wait, scope] = [short, claim.scope];
      filled.push([claim, b ?? { tokens, at: now, perMinute: claim.perMinute }, tokens - need]);
    }
    if (wait > 0) return { retryAfterSeconds: Math.max(1, Math.ceil(wait)), scope };
    for (const [claim, bucket, left] of filled) {
      bucket.tokens = left;
      bucket.at = now;
      bucket.perMinute = claim.perMinute;
      this.buckets.set(claim.key, bucket);
    }
    return null;
  }

  /**
   * Takes tokens spent elsewhere (another process) from one bucket, without refusing anything. A
   * bucket may go into debt, down to MAX_DEBT_MINUTES of allowance, which this process then waits
   * out: a burst served by several processes at once is paid back, not forgiven.
   */
  spend(key: string, perMinute: number, tokens: number): void {
    if (perMinute <= 0 || tokens <= 0) return;
    const now = this.now();
    this.sweep(now);
    const b = this.buckets.get(key);
    const current = b ? Math.min(perMinute, b.tokens + ((now - b.at) / 60_000) * perMinute) : perMinute;
    const tokensLeft = Math.max(-MAX_DEBT_MINUTES * perMinute, current - tokens);
    this.buckets.set(key, { tokens: tokensLeft, at: now, perMinute });
  }

  /** Buckets that have refilled are the same as absent ones: drop them so memory follows active clients. */
  private sweep(now: number): void {
    if (now < this.sweepAt) return;
    this.sweepAt = now + 60_000;
    for (const [key, b] of this.buckets) {
      if (b.tokens + ((now - b.at) / 60_000) * b.perMinute >= b.perMinute) this.buckets.delete(key);
    }
  }
}

/** What the request path needs of a throttle. */
export interface Throttle {
  take(claims: readonly BucketClaim[], weight?: number): Refusal | null;
  stop(): Promise<void>;
}

/** One process alone (the embedded database, the CLIs): its buckets are the whole truth. */
export class LocalThrottle implements Throttle {
  constructor(readonly buckets = new TokenBuckets()) {}
  take(claims: readonly BucketClaim[], weight = 1): Refusal | null {
    return this.buckets.take(claims, weight);
  }
  async stop(): Promise<void> {}
}

export const THROTTLE_CHANNEL = 'leopard_throttle';
/** How often a process reports what it spent. */
export const SHARE_EVERY_MS = 200;
/** pg_notify payloads must stay under 8,000 bytes. */
const MAX_PAYLOAD = 7_500;
/** Spending kept for a later report while reports fail, at most (then the oldest is dropped). */
const MAX_PENDING = 50_000;

/** A report: the sender, and per bucket (scope and hashed key) the tokens spent since the last one. */
interface SpentReport {
  from: string;
  spent: [scope: string, key: string, tokens: number][];
}

export interface SharedThrottleOptions {
  database: Database;
  log: Logger;
  /** This process's allowance per minute for a claim scope ('user', 'tenant', 'address'); 0 is off. */
  limitOf: (scope: string) => number;
  /** Shared by every node (derived from the signing keys): bucket keys travel as HMACs of it. */
  secret: Buffer;
  now?: () => number;
}

/**
 * Buckets kept in this process and corrected by what the others spend: each process reports its
 * spending every SHARE_EVERY_MS on a channel, and takes the others' from its own buckets. Keys
 * travel as HMACs (no user id or client address in a notification), and each process applies its
 * own limits, not the sender's. A burst spread over N processes within one interval can be served
 * up to N times the allowance at once; the client then waits the excess out.
 */
export class SharedThrottle implements Throttle {
  readonly id = randomUUID();
  readonly buckets: TokenBuckets;
  private pending = new Map<string, { scope: string; tokens: number }>();
  private timer: NodeJS.Timeout | undefined;
  private unlisten: (() => Promise<void>) | undefined;
  private reporting: Promise<void> | undefined;

  constructor(private readonly o: SharedThrottleOptions) {
    this.buckets = new TokenBuckets(o.now);
  }

  async start(): Promise<void> {
    this.unlisten = await this.o.database.listen(THROTTLE_CHANNEL, (payload) => this.receive(payload));
    this.timer = setInterval(() => void this.report(), SHARE_EVERY_MS);
    this.timer.unref();
  }

  /** The bucket key as stored here and sent to the others: scope, then an HMAC of the key. */
  private hashed(claim: BucketClaim): string {
    return `${claim.scope}:${createHmac('sha256', this.o.secret).update(claim.key).digest('base64url').slice(0, 22)}`;
  }

  take(claims: readonly BucketClaim[], weight = 1): Refusal | null {
    // Limits that are off cost nothing: no key to hash, nothing to report.
    const mine = claims.filter((c) => c.perMinute > 0).map((c) => ({ ...c, key: this.hashed(c) }));
    if (!mine.length) return null;
    const refused = this.buckets.take(mine, weight);
    if (refused) return refused;
    for (const claim of mine) this.note(claim.key, claim.scope, Math.min(weight, claim.perMinute));
    return null;
  }

  private note(key: string, scope: string, tokens: number): void {
    const p = this.pending.get(key);
    if (p) p.tokens += tokens;
    else {
      if (this.pending.size >= MAX_PENDING) this.pending.delete(this.pending.keys().next().value!);
      this.pending.set(key, { scope, tokens });
    }
  }

  /** Sends what was spent since the last report; one report at a time. */
  report(): Promise<void> {
    this.reporting ??= this.send().finally(() => (this.reporting = undefined));
    return this.reporting;
  }

  private async send(): Promise<void> {
    if (!this.pending.size) return;
    const entries = [...this.pending].map(([key, p]): SpentReport['spent'][number] => [p.scope, key, p.tokens]);
    this.pending = new Map();
    const chunks: SpentReport['spent'][] = [];
    let chunk: SpentReport['spent'] = [];
    let size = 0;
    for (const entry of entries) {
      const length = JSON.stringify(entry).length + 1;
      if (chunk.length && size + length > MAX_PAYLOAD) {
        chunks.push(chunk);
        [chunk, size] = [[], 0];
      }
      chunk.push(entry);
      size += length;
    }
    chunks.push(chunk);
    for (const [i, spent] of chunks.entries()) {
      try {
        await this.o.database.notify(THROTTLE_CHANNEL, JSON.stringify({ from: this.id, spent } satisfies SpentReport));
      } catch (err) {
        // Kept for the next report; the others go on with their own counts meanwhile.
        for (const rest of chunks.slice(i)) for (const [scope, key, tokens] of rest) this.note(key, scope, tokens);
        this.o.log.warn({ err }, 'could not report rate-limit spending to the other processes');
        return;
      }
    }
  }

  /** Another process's report; anything malformed is ignored (any role may NOTIFY). */
  private receive(payload: string): void {
    try {
      const report = JSON.parse(payload) as Partial<SpentReport> | null;
      if (!report || typeof report !== 'object' || report.from === this.id || !Array.isArray(report.spent)) return;
      for (const entry of report.spent) {
        if (!Array.isArray(entry)) continue;
        const [scope, key, tokens] = entry;
        if (typeof scope !== 'string' || typeof key !== 'string' || !key.startsWith(`${scope}:`)) continue;
        if (typeof tokens !== 'number' || !Number.isFinite(tokens)) continue;
        this.buckets.spend(key, this.o.limitOf(scope), tokens);
      }
    } catch (err) {
      this.o.log.warn({ err }, 'ignored a malformed rate-limit report');
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.report(); // one the timer started, if any
    await this.report(); // what was spent since
    await this.unlisten?.();
  }
}

export function rateLimited({ retryAfterSeconds, scope }: Refusal): AppError {
  return new AppError('RATE_LIMITED', `Too many operations for this ${scope}; retry in ${retryAfterSeconds} s`, {
    retryAfterSeconds,
  });
}
