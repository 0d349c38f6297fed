// Limits of requestPasswordReset (rate-limiter-flexible, like the sign-in limits in login-guard.ts):
// per account (tenant and email) and per client address, per hour. Counted before the account is
// looked up, so an unknown email is limited exactly like a known one and the refusal tells nothing.
// The counters live in this process, as the sign-in ones do (see the comment there).
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError } from '../errors.js';

export class ResetGuard {
  private readonly accounts: RateLimiterMemory;
  private readonly addresses: RateLimiterMemory;

  constructor(limits: { perAccountPerHour: number; perAddressPerHour: number }) {
    // Each memory limiter has a store of its own, so no key prefixes are needed.
    this.accounts = new RateLimiterMemory({ points: limits.perAccountPerHour, duration: 3600 });
    this.addresses = new RateLimiterMemory({ points: limits.perAddressPerHour, duration: 3600 });
  }

  /** Counts one request for `account` from `address`, or throws RATE_LIMITED. */
  async take(account: string, address: string): Promise<void> {
    try {
      await this.addresses.consume(address);
      await this.accounts.consume(account);
    } catch (err) {
      if (!(err instanceof RateLimiterRes)) throw err;
      const retryAfterSeconds = Math.max(1, Math.ceil(err.msBeforeNext / 1000));
      throw new AppError('RATE_LIMITED', `Too many password reset requests; try again in ${retryAfterSeconds} s`, {
        retryAfterSeconds,
      });
    }
  }
}
