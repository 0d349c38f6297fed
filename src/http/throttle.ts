// Per-user, per-tenant and per-address operation rates: token buckets kept in this process. Each
// bucket holds a minute's allowance and refills continuously, so a client may burst up to the
// limit and then runs at limit/60 per second. With N processes the effective limit is N times the
// setting (README, scaling out).
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

  /** Buckets that have refilled are the same as absent ones: drop them so memory follows active clients. */
  private sweep(now: number): void {
    if (now < this.sweepAt) return;
    this.sweepAt = now + 60_000;
    for (const [key, b] of this.buckets) if (now - b.at >= 60_000) this.buckets.delete(key);
  }
}

export function rateLimited({ retryAfterSeconds, scope }: Refusal): AppError {
  return new AppError('RATE_LIMITED', `Too many operations for this ${scope}; retry in ${retryAfterSeconds} s`, {
    retryAfterSeconds,
  });
}
