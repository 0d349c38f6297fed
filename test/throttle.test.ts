// Rate limits across processes: each process keeps its own buckets and reports what it spent to
// the others over LISTEN/NOTIFY, so a user spread over several servers gets one allowance, not
// one per server.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database.js';
import { MAX_DEBT_MINUTES, SharedThrottle, THROTTLE_CHANNEL, TokenBuckets } from '../src/http/throttle.js';
import { createLogger } from '../src/log.js';
import { loadConfig } from '../src/config.js';
import type { RunningServer } from '../src/server.js';
import { createTenant, gql, loginPlatform, sharedKeyEnv, startTestServer, type TestTenant } from './kit/server.js';

const log = createLogger(loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }));

describe('TokenBuckets.spend', () => {
  it('takes what another process spent, into debt that is waited out, not forgotten', () => {
    let now = 0;
    const buckets = new TokenBuckets(() => now);
    const claim = [{ key: 'user:a', perMinute: 60, scope: 'user' }];
    buckets.spend('user:a', 60, 59);
    expect(buckets.take(claim)).toBeNull(); // the last token
    expect(buckets.take(claim)).toEqual({ retryAfterSeconds: 1, scope: 'user' });
    buckets.spend('user:a', 60, 60); // a minute in debt
    now += 60_000; // a bucket idle this long is swept only if it has refilled: this one is at 0
    expect(buckets.take(claim)).toEqual({ retryAfterSeconds: 1, scope: 'user' });
    now += 1_000;
    expect(buckets.take(claim)).toBeNull();
  });

  it('caps the debt at MAX_DEBT_MINUTES of allowance', () => {
    const buckets = new TokenBuckets(() => 0);
    buckets.spend('user:a', 60, 1_000_000);
    const retry = buckets.take([{ key: 'user:a', perMinute: 60, scope: 'user' }])!.retryAfterSeconds;
    expect(retry).toBe(MAX_DEBT_MINUTES * 60 + 1);
  });
});

/** A Database that only carries notifications, between the throttles made on it. */
function fakeBus(): { database: Database; sent: string[]; deliver(payload: string): void } {
  const listeners = new Set<(payload: string) => void>();
  const sent: string[] = [];
  const deliver = (payload: string) => listeners.forEach((l) => l(payload));
  return {
    sent,
    deliver,
    database: {
      async listen(_channel: string, onMessage: (payload: string) => void) {
        listeners.add(onMessage);
        return async () => void listeners.delete(onMessage);
      },
      async notify(_channel: string, payload: string) {
        sent.push(payload);
        deliver(payload);
      },
    } as unknown as Database,
  };
}

const SECRET = randomBytes(32);
const LIMITS: Record<string, number> = { user: 5, tenant: 0, address: 1 };

async function throttles(bus: ReturnType<typeof fakeBus>, secrets = [SECRET, SECRET]): Promise<SharedThrottle[]> {
  return Promise.all(
    secrets.map(async (secret) => {
      const t = new SharedThrottle({ database: bus.database, log, limitOf: (scope) => LIMITS[scope] ?? 0, secret });
      await t.start();
      return t;
    }),
  );
}

describe('SharedThrottle', () => {
  it('reports what it spent, keyed by HMAC, and takes what the others spent (never its own twice)', async () => {
    const bus = fakeBus();
    const [one, two, stranger] = await throttles(bus, [SECRET, SECRET, randomBytes(32)]);
    try {
      const claim = [{ key: 'user:acme:0f1e', perMinute: 5, scope: 'user' }];
      for (let i = 0; i < 3; i++) expect(one!.take(claim)).toBeNull();
      await one!.report();
      expect(bus.sent.join()).not.toContain('acme'); // no slug, user id or address in the clear
      expect(two!.take(claim, 2)).toBeNull(); // 3 + 2 = 5
      await two!.report();
      expect(two!.take(claim)?.scope).toBe('user');
      expect(one!.take(claim)?.scope).toBe('user'); // one heard two's 2, and not its own 3 again
      // A process with other keys (another cluster on the same database) is not affected.
      expect(stranger!.take(claim, 5)).toBeNull();
    } finally {
      await Promise.all([one!.stop(), two!.stop(), stranger!.stop()]);
    }
  });

  it('applies its own limits, not the sender’s, and ignores malformed reports', async () => {
    const bus = fakeBus();
    const [one, two] = await throttles(bus);
    try {
      for (const payload of [
        'null',
        '7',
        '"x"',
        '{"spent":null}',
        '{"from":"x","spent":[null,[1,2,3],["user","tenant:k",1],["user","user:k","9"]]}',
        'not json',
      ]) {
        expect(() => bus.deliver(payload)).not.toThrow();
      }
      // Reported as spent on a 1,000-a-minute limit elsewhere: here the user limit is 5.
      bus.deliver(JSON.stringify({ from: 'elsewhere', spent: [['user', 'user:k', 4]] }));
      expect(one!.buckets.take([{ key: 'user:k', perMinute: 5, scope: 'user' }])).toBeNull();
      expect(one!.buckets.take([{ key: 'user:k', perMinute: 5, scope: 'user' }])?.scope).toBe('user');
      // A scope whose limit is off here is not counted at all.
      bus.deliver(JSON.stringify({ from: 'elsewhere', spent: [['tenant', 'tenant:k', 99]] }));
      expect(two!.buckets.take([{ key: 'tenant:k', perMinute: 3, scope: 'tenant' }])).toBeNull();
    } finally {
      await Promise.all([one!.stop(), two!.stop()]);
    }
  });

  it('splits a large report into notifications PostgreSQL accepts (under 8,000 bytes)', async () => {
    const bus = fakeBus();
    const [one, two] = await throttles(bus);
    try {
      const keys = Array.from({ length: 1_000 }, (_, i) => `ip:10.0.${i >> 8}.${i & 255}`);
      for (const key of keys) expect(one!.take([{ key, perMinute: 1, scope: 'address' }])).toBeNull();
      await one!.report();
      expect(bus.sent.length).toBeGreaterThan(1);
      for (const payload of bus.sent) expect(Buffer.byteLength(payload)).toBeLessThan(8_000);
      for (const key of keys) expect(two!.take([{ key, perMinute: 1, scope: 'address' }])?.scope).toBe('address');
    } finally {
      await Promise.all([one!.stop(), two!.stop()]);
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
    const reporter = one.runtime.throttle as SharedThrottle;
    // What two has heard of one's user spending, counted on two's own listening connection, where
    // its throttle's listener came first: once this counts five, two's buckets have taken them.
    let heard = 0;
    let allHeard = () => undefined as void;
    const five = new Promise<void>((resolve) => (allHeard = resolve));
    const unlisten = await two.runtime.database.listen(THROTTLE_CHANNEL, (payload) => {
      const report = JSON.parse(payload) as { from: string; spent: [string, string, number][] };
      if (report.from !== reporter.id) return;
      for (const [scope, , tokens] of report.spent) if (scope === 'user') heard += tokens;
      if (heard >= 5) allHeard();
    });
    try {
      for (let i = 0; i < 5; i++) expect((await gql(one, '{ me { id } }', {}, owner)).errors).toBeUndefined();
      // Alone, two would serve five more; told of one's five, it serves none.
      await five;
      expect(heard).toBe(5);
      expect((await gql(two, '{ me { id } }', {}, owner)).codes).toEqual(['RATE_LIMITED']);
    } finally {
      await unlisten();
    }
  });
});
