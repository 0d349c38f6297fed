// Fixed-window counters (sign-ups per address), on a clock the test moves by hand.
import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/auth/rate-limit.js';

function limiter(start = 1_000_000) {
  const clock = { now: start };
  const rl = new RateLimiter(() => clock.now);
  const size = () => (rl as unknown as { windows: Map<string, unknown> }).windows.size;
  return { rl, clock, size };
}

describe('the fixed-window rate limiter', () => {
  it('lets a key through until it has max hits in the window, then says how long to wait', () => {
    const { rl, clock } = limiter();
    expect(rl.retryAfter('a', 2)).toBe(0);
    rl.hit('a', 60);
    expect(rl.retryAfter('a', 2)).toBe(0);
    rl.hit('a', 60);
    expect(rl.retryAfter('a', 2)).toBe(60);
    expect(rl.retryAfter('a', 3)).toBe(0);
    clock.now += 30_500;
    expect(rl.retryAfter('a', 2)).toBe(30);
    clock.now += 29_000;
    expect(rl.retryAfter('a', 2)).toBe(1);
  });

  it('waits at least a second, and opens again exactly when the window ends', () => {
    const { rl, clock } = limiter();
    rl.hit('a', 10);
    clock.now += 9_999;
    expect(rl.retryAfter('a', 1)).toBe(1);
    clock.now += 1;
    expect(rl.retryAfter('a', 1)).toBe(0);
  });

  it('starts a new window of one hit once the old one has ended', () => {
    const { rl, clock } = limiter();
    rl.hit('a', 10);
    rl.hit('a', 10);
    clock.now += 10_000;
    rl.hit('a', 10);
    expect(rl.retryAfter('a', 2)).toBe(0);
    expect(rl.retryAfter('a', 1)).toBe(10);
  });

  it('counts each key on its own, and forgets a key on reset', () => {
    const { rl } = limiter();
    rl.hit('a', 60);
    expect(rl.retryAfter('a', 1)).toBe(60);
    expect(rl.retryAfter('b', 1)).toBe(0);
    rl.reset('a');
    expect(rl.retryAfter('a', 1)).toBe(0);
  });

  it('drops ended windows at most once a minute, when a hit comes in', () => {
    const { rl, clock, size } = limiter();
    rl.hit('a', 1);
    rl.hit('b', 120);
    expect(size()).toBe(2);
    clock.now += 59_999;
    rl.hit('c', 1);
    expect(size()).toBe(3);
    clock.now += 1;
    rl.hit('c', 1);
    expect(size()).toBe(2);
    clock.now += 120_000;
    expect(size()).toBe(2);
    rl.hit('d', 1);
    expect(size()).toBe(1);
  });

  it('drops a window that ends exactly when the sweep runs', () => {
    const { rl, clock, size } = limiter();
    rl.hit('a', 60);
    clock.now += 60_000;
    rl.hit('b', 60);
    expect(size()).toBe(1);
  });

  it('reads the real clock by default', () => {
    const rl = new RateLimiter();
    rl.hit('a', 60);
    expect(rl.retryAfter('a', 1)).toBeGreaterThanOrEqual(59);
  });
});
