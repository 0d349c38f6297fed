// Per-user, per-tenant and per-address operation rates: token buckets kept in each process. Each
// bucket holds a minute's allowance and refills continuously, so a client may burst up to the
// limit and then runs at limit/60 per second. On PostgreSQL the processes tell each other what
// they spent (SharedThrottle, over LISTEN/NOTIFY, a few times a second), so the limits hold for
// the whole cluster, give or take what is spent within one report interval.
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Database } from '../db/database.js';
import { AppError } from '../errors.js';

interface Bucket {
  tokens: number;
  at: number;
}

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
      filled.push([claim, b ?? { tokens, at: now }, tokens - need]);
    }
    if (wait > 0) return { retryAfterSeconds: Math.max(1, Math.ceil(wait)), scope };
    for (const [claim, bucket, left] of filled) {
      bucket.tokens = left;
      bucket.at = now;
      this.buckets.set(claim.key, bucket);
    }
    return null;
  }

  /**
   * Takes tokens spent elsewhere (another process) from one bucket, without refusing anything. A
   * bucket may go into debt, at most a minute's allowance, which this process then waits out.
   */
  spend(key: string, perMinute: number, tokens: number): void {
    if (perMinute <= 0 || tokens <= 0) return;
    const now = this.now();
    this.sweep(now);
    const b = this.buckets.get(key);
    const current = b ? Math.min(perMinute, b.tokens + ((now - b.at) / 60_000) * perMinute) : perMinute;
    this.buckets.set(key, { tokens: Math.max(-perMinute, current - tokens), at: now });
  }

  /** Buckets that have refilled are the same as absent ones: drop them so memory follows active clients. */
  private sweep(now: number): void {
    if (now < this.sweepAt) return;
    this.sweepAt = now + 60_000;
    for (const [key, b] of this.buckets) if (now - b.at >= 60_000) this.buckets.delete(key);
  }
}

/** What the request path needs of a throttle. */
export interface Throttle {
  take(claims: readonly BucketClaim[], weight?: number): Refusal | null;
  stop(): Promise<void>;
}

/** One process alone (the embedded database): its buckets are the whole truth. */
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

/** A report: the sender, and per bucket key its allowance and the tokens spent since the last one. */
interface SpentReport {
  from: string;
  spent: [key: string, perMinute: number, tokens: number][];
}

/**
 * Buckets kept in this process and corrected by what the others spend: each process reports its
 * spending every SHARE_EVERY_MS on a channel, and takes the others' from its own buckets. A client
 * spread over N processes can overrun a limit by what the others spent in the last interval,
 * never by N times the limit.
 */
export class SharedThrottle implements Throttle {
  readonly id = randomUUID();
  private pending = new Map<string, { perMinute: number; tokens: number }>();
  private timer: NodeJS.Timeout | undefined;
  private unlisten: (() => Promise<void>) | undefined;

  constructor(
    private readonly database: Database,
    private readonly log: Logger,
    readonly buckets = new TokenBuckets(),
  ) {}

  async start(): Promise<void> {
    this.unlisten = await this.database.listen(THROTTLE_CHANNEL, (payload) => this.receive(payload));
    this.timer = setInterval(() => void this.report(), SHARE_EVERY_MS);
    this.timer.unref();
  }

  take(claims: readonly BucketClaim[], weight = 1): Refusal | null {
    const refused = this.buckets.take(claims, weight);
    if (refused) return refused;
    for (const claim of claims) {
      if (claim.perMinute <= 0) continue;
      const p = this.pending.get(claim.key);
      const tokens = Math.min(weight, claim.perMinute);
      if (p) p.tokens += tokens;
      else this.pending.set(claim.key, { perMinute: claim.perMinute, tokens });
    }
    return null;
  }

  /** Sends what was spent since the last report, in as few notifications as fit. */
  async report(): Promise<void> {
    if (!this.pending.size) return;
    const entries = [...this.pending].map(([key, p]): SpentReport['spent'][number] => [key, p.perMinute, p.tokens]);
    this.pending = new Map();
    const payloads: string[] = [];
    let batch: SpentReport['spent'] = [];
    let size = 0;
    for (const entry of entries) {
      const length = JSON.stringify(entry).length + 1;
      if (batch.length && size + length > MAX_PAYLOAD) {
        payloads.push(JSON.stringify({ from: this.id, spent: batch } satisfies SpentReport));
        [batch, size] = [[], 0];
      }
      batch.push(entry);
      size += length;
    }
    payloads.push(JSON.stringify({ from: this.id, spent: batch } satisfies SpentReport));
    try {
      for (const payload of payloads) await this.database.notify(THROTTLE_CHANNEL, payload);
    } catch (err) {
      // The others go on with their own counts until the next report gets through.
      this.log.warn({ err }, 'could not report rate-limit spending to the other processes');
    }
  }

  private receive(payload: string): void {
    let report: SpentReport;
    try {
      report = JSON.parse(payload) as SpentReport;
    } catch {
      return;
    }
    if (report.from === this.id || !Array.isArray(report.spent)) return;
    for (const entry of report.spent) {
      if (!Array.isArray(entry)) continue;
      const [key, perMinute, tokens] = entry;
      if (typeof key === 'string' && typeof perMinute === 'number' && typeof tokens === 'number') {
        this.buckets.spend(key, perMinute, tokens);
      }
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.report();
    await this.unlisten?.();
  }
}

export function rateLimited({ retryAfterSeconds, scope }: Refusal): AppError {
  return new AppError('RATE_LIMITED', `Too many operations for this ${scope}; retry in ${retryAfterSeconds} s`, {
    retryAfterSeconds,
  });
}
