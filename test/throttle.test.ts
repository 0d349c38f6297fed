// Rate limits across processes: each process keeps its own buckets and reports what it spent to
// the others over LISTEN/NOTIFY, so a user spread over several servers gets one allowance, not
// one per server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database.js';
import { SharedThrottle, TokenBuckets } from '../src/http/throttle.js';
import { createLogger } from '../src/log.js';
import { loadConfig } from '../src/config.js';
import type { RunningServer } from '../src/server.js';
import { createTenant, gql, loginPlatform, sharedKeyEnv, startTestServer, type TestTenant } from './kit/server.js';

const log = createLogger(loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }));

describe('TokenBuckets.spend', () => {
  it('takes what another process spent, down to a minute of debt at most', () => {
    let now = 0;
    const buckets = new TokenBuckets(() => now);
    const claim = [{ key: 'user:a', perMinute: 60, scope: 'user' }];
    buckets.spend('user:a', 60, 59);
    expect(buckets.take(claim)).toBeNull(); // the last token
    expect(buckets.take(claim)).toEqual({ retryAfterSeconds: 1, scope: 'user' });
    buckets.spend('user:a', 60, 1_000); // capped at a minute's debt
    expect(buckets.take(claim)?.retryAfterSeconds).toBe(61);
    now += 61_000;
    expect(buckets.take(claim)).toBeNull();
  });
});

/** A Database that only carries notifications, between the throttles made on it. */
function fakeBus(): { database: (id: string) => Database; sent: string[] } {
  const listeners = new Map<string, (payload: string) => void>();
  const sent: string[] = [];
  return {
    sent,
    database: (id) =>
      ({
        async listen(_channel: string, onMessage: (payload: string) => void) {
          listeners.set(id, onMessage);
          return async () => void listeners.delete(id);
        },
        async notify(_channel: string, payload: string) {
          sent.push(payload);
          for (const deliver of listeners.values()) deliver(payload);
        },
      }) as unknown as Database,
  };
}

describe('SharedThrottle', () => {
  it('reports what it spent and takes what the others spent, never its own report twice', async () => {
    const bus = fakeBus();
    const one = new SharedThrottle(bus.database('one'), log);
    const two = new SharedThrottle(bus.database('two'), log);
    await one.start();
    await two.start();
    try {
      const claim = [{ key: 'user:t:u', perMinute: 5, scope: 'user' }];
      for (let i = 0; i < 3; i++) expect(one.take(claim)).toBeNull();
      await one.report();
      expect(two.take(claim, 2)).toBeNull(); // 3 + 2 = 5
      await two.report();
      expect(two.take(claim)?.scope).toBe('user');
      expect(one.take(claim)?.scope).toBe('user'); // one heard two's 2, and not its own 3 again
      expect(bus.sent).toHaveLength(2);
    } finally {
      await one.stop();
      await two.stop();
    }
  });

  it('splits a large report into notifications PostgreSQL accepts (under 8,000 bytes)', async () => {
    const bus = fakeBus();
    const one = new SharedThrottle(bus.database('one'), log);
    const two = new SharedThrottle(bus.database('two'), log);
    await one.start();
    await two.start();
    try {
      const keys = Array.from(
        { length: 1_000 },
        (_, i) => `user:tenant-${i}:00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      );
      for (const key of keys) expect(one.take([{ key, perMinute: 1, scope: 'user' }])).toBeNull();
      await one.report();
      expect(bus.sent.length).toBeGreaterThan(1);
      for (const payload of bus.sent) expect(Buffer.byteLength(payload)).toBeLessThan(8_000);
      for (const key of keys) expect(two.take([{ key, perMinute: 1, scope: 'user' }])?.scope).toBe('user');
    } finally {
      await one.stop();
      await two.stop();
    }
  });
});

// Two server processes need one shared database server: PGlite is in-process, so this runs on PostgreSQL.
describe.runIf(process.env.DATABASE_URL)('two servers on one database', () => {
  let one: RunningServer;
  let two: RunningServer;
  let tenant: TestTenant;
  beforeAll(async () => {
    const env = { ...(await sharedKeyEnv()), RATE_LIMIT_USER_PER_MINUTE: '5' };
    one = await startTestServer(env);
    two = await startTestServer(env);
    tenant = await createTenant(one, (await loginPlatform(one)).accessToken);
  });
  afterAll(async () => {
    await Promise.all([one?.close(), two?.close()]);
  });

  it('give a user one allowance between them', async () => {
    const owner = { tenant: tenant.slug, token: tenant.ownerTokens.accessToken };
    for (let i = 0; i < 5; i++) expect((await gql(one, '{ me { id } }', {}, owner)).errors).toBeUndefined();
    // Alone, two would serve five more. It hears of one's spending within a report interval
    // (SHARE_EVERY_MS), so with requests 150 ms apart it refuses well before that.
    let served = 0;
    let codes: string[] = [];
    for (; served < 5; served++) {
      codes = (await gql(two, '{ me { id } }', {}, owner)).codes;
      if (codes.length) break;
      await new Promise((r) => setTimeout(r, 150));
    }
    expect(codes).toEqual(['RATE_LIMITED']);
    expect(served).toBeLessThan(5);
  });
});
