// Password-guessing limits for sign-in and password changes, on rate-limiter-flexible. An attempt is
// counted before its password is checked, so parallel guesses get no more checks than the limit.
//
// Sign-in is locked per (account, client address), so a stranger's failures lock out the stranger,
// not the account's owner; each lockout of the same pair within a day lasts twice the one before.
// A wider limit per address stops one address guessing across many accounts. The counters live in
// this process (RateLimiterMemory): with N processes behind a load balancer a guesser gets up to N
// times the limits. RateLimiterDrizzle on a public table would share them (see README, scaling out).
import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { AppError } from '../errors.js';

export interface LoginGuardLimits {
  /** Password checks per (account, client address), and per user for a password change, per window. */
  readonly maxAttempts: number;
  readonly windowSeconds: number;
  /** Failed password checks per client address, whatever the account, per window. */
  readonly addressMaxAttempts: number;
}

/** Lockouts are remembered this long for the backoff, and never last longer. */
const LOCKOUT_MEMORY_SECONDS = 24 * 3600;

/** An attempt that was let through: report a right password, which clears its counts. */
export interface PasswordAttempt {
  succeeded(): Promise<void>;
}

export class LoginGuard {
  private readonly pairs: RateLimiterAbstract;
  private readonly addresses: RateLimiterAbstract;
  private readonly lockouts: RateLimiterAbstract;

  constructor(private readonly limits: LoginGuardLimits) {
    // Each memory limiter has a store of its own, so no key prefixes are needed.
    this.pairs = new RateLimiterMemory({ points: limits.maxAttempts, duration: limits.windowSeconds });
    this.addresses = new RateLimiterMemory({ points: limits.addressMaxAttempts, duration: limits.windowSeconds });
    this.lockouts = new RateLimiterMemory({ points: 1, duration: LOCKOUT_MEMORY_SECONDS });
  }

  /**
   * Counts a sign-in to `account` (tenant and email) from `address`, or throws RATE_LIMITED. An
   * attempt refused here costs the address nothing: no password was checked.
   */
  async login(account: string, address: string): Promise<PasswordAttempt> {
    const pair = `${account}\n${address}`;
    await this.take(this.addresses, address, 'Too many failed sign-ins from this address');
    try {
      await this.takeWithBackoff(pair, 'Too many failed sign-ins to this account from your address');
    } catch (err) {
      await this.addresses.reward(address);
      throw err;
    }
    return {
      succeeded: async () => {
        await Promise.all([this.pairs.delete(pair), this.lockouts.delete(pair), this.addresses.reward(address)]);
      },
    };
  }

  /** Counts a check of a signed-in user's current password (`user` names tenant and user), or throws RATE_LIMITED. */
  async passwordChange(user: string): Promise<PasswordAttempt> {
    const key = `password\n${user}`;
    await this.takeWithBackoff(key, 'Too many wrong current passwords');
    return {
      succeeded: async () => {
        await Promise.all([this.pairs.delete(key), this.lockouts.delete(key)]);
      },
    };
  }

  /** The attempt that first runs over the limit locks the key, for the window times 2^(lockouts today - 1). */
  private async takeWithBackoff(key: string, message: string): Promise<void> {
    try {
      await this.pairs.consume(key);
    } catch (err) {
      if (!(err instanceof RateLimiterRes)) throw err;
      if (err.consumedPoints !== this.limits.maxAttempts + 1) throw refusal(message, err.msBeforeNext);
      const lockouts = (await this.lockouts.penalty(key)).consumedPoints;
      const seconds = Math.min(LOCKOUT_MEMORY_SECONDS, this.limits.windowSeconds * 2 ** Math.min(lockouts - 1, 20));
      await this.pairs.block(key, seconds);
      throw refusal(message, seconds * 1000);
    }
  }

  private async take(limiter: RateLimiterAbstract, key: string, message: string): Promise<void> {
    try {
      await limiter.consume(key);
    } catch (err) {
      if (!(err instanceof RateLimiterRes)) throw err;
      throw refusal(message, err.msBeforeNext);
    }
  }
}

function refusal(message: string, msBeforeNext: number): AppError {
  const retryAfterSeconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
  return new AppError('RATE_LIMITED', `${message}; try again in ${retryAfterSeconds} s`, { retryAfterSeconds });
}
