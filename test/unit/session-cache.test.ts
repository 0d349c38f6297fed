// The per-process cache of checked sessions, on a fake database handle whose LISTEN the test
// drives: what a hit needs (fresh, unexpired, no invalidation since the read began), what each
// kind of change forgets, and that a lost listener or an unreadable message forgets everything.
import { PgDialect, PgTransaction } from 'drizzle-orm/pg-core';
import type { SQL } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  authChanged,
  sessionCache,
  SessionCache,
  tenantSessionsChanged,
  type CachedSession,
} from '../../src/auth/session-cache.js';
import type { Database } from '../../src/db/database.js';
import type { Orm } from '../../src/db/database.js';
import { inTransaction, type Executor, type TenantDb } from '../../src/db/tenant-db.js';

interface FakeDatabase {
  database: Database;
  /** Delivers a NOTIFY payload on the auth channel. */
  send(payload: string): void;
  /** The listener connection was lost (and came back). */
  gap(): void;
  channels: string[];
  unlistened: number;
}

function fakeDatabase(): FakeDatabase {
  const fake: FakeDatabase = {
    channels: [],
    unlistened: 0,
    send: () => undefined,
    gap: () => undefined,
    database: {
      listen: async (channel: string, onMessage: (payload: string) => void, onGap?: () => void) => {
        fake.channels.push(channel);
        fake.send = onMessage;
        fake.gap = onGap ?? (() => undefined);
        return async () => {
          fake.unlistened++;
        };
      },
    } as unknown as Database,
  };
  return fake;
}

const NOW = 1_000_000;
function entry(userId: string, over: Partial<CachedSession> = {}): CachedSession {
  return {
    userId,
    email: `${userId}@acme.test`,
    role: 'CONSULTANT',
    branchIds: ['b1'],
    regionIds: [],
    actions: new Set(),
    expiresAtMs: NOW + 60_000,
    cachedAtMs: NOW,
    ...over,
  };
}

async function started(maxAgeMs = 30_000) {
  const db = fakeDatabase();
  const cache = new SessionCache(db.database, maxAgeMs);
  await cache.start();
  return { db, cache };
}

describe('the session cache', () => {
  it('caches nothing until it listens, nor with a zero lifetime', async () => {
    const db = fakeDatabase();
    const cache = new SessionCache(db.database, 30_000);
    expect(cache.enabled).toBe(false);
    cache.set('s1', 'a', entry('u1'), cache.mark());
    expect(cache.get('s1', 'a', NOW)).toBeUndefined();
    await cache.start();
    expect(db.channels).toEqual(['leopard_auth']);
    expect(cache.enabled).toBe(true);
    cache.set('s1', 'a', entry('u1'), cache.mark());
    expect(cache.get('s1', 'a', NOW)?.userId).toBe('u1');

    const off = (await started(0)).cache;
    expect(off.enabled).toBe(false);
    off.set('s1', 'a', entry('u1'), off.mark());
    expect(off.size).toBe(0);
  });

  it('starts listening once however often it is started, and stops listening on stop', async () => {
    const db = fakeDatabase();
    const cache = new SessionCache(db.database, 30_000);
    await Promise.all([cache.start(), cache.start()]);
    await cache.start();
    expect(db.channels).toEqual(['leopard_auth']);
    cache.set('s1', 'a', entry('u1'), cache.mark());
    await cache.stop();
    expect(db.unlistened).toBe(1);
    expect(cache.size).toBe(0);
  });

  it('a hit is kept per schema and session, until it is older than the lifetime or the session expires', async () => {
    const { cache } = await started(1_000);
    cache.set('s1', 'a', entry('u1'), cache.mark());
    expect(cache.get('s2', 'a', NOW)).toBeUndefined();
    expect(cache.get('s1', 'b', NOW)).toBeUndefined();
    expect(cache.get('s1', 'a', NOW + 1_000)?.userId).toBe('u1'); // exactly the lifetime: still fresh
    expect(cache.get('s1', 'a', NOW + 1_001)).toBeUndefined();
    expect(cache.size).toBe(0); // a stale entry is dropped when found

    cache.set('s1', 'a', entry('u1', { expiresAtMs: NOW + 10 }), cache.mark());
    expect(cache.get('s1', 'a', NOW + 9)?.userId).toBe('u1');
    expect(cache.get('s1', 'a', NOW + 10)).toBeUndefined(); // expired at its expiry
    expect(cache.size).toBe(0);
  });

  it('refuses a read that began before an invalidation', async () => {
    const { cache } = await started();
    const before = cache.mark();
    cache.invalidate({ schema: 'other' });
    cache.set('s1', 'a', entry('u1'), before);
    expect(cache.get('s1', 'a', NOW)).toBeUndefined();
    const before2 = cache.mark();
    cache.clear();
    cache.set('s1', 'a', entry('u1'), before2);
    expect(cache.size).toBe(0);
  });

  it('forgets one session, every session of one user, or the whole tenant, and nothing of another tenant', async () => {
    const { cache } = await started();
    const fill = () => {
      cache.clear();
      const g = cache.mark();
      cache.set('s1', 'a', entry('u1'), g);
      cache.set('s1', 'b', entry('u1'), g);
      cache.set('s1', 'c', entry('u2'), g);
      cache.set('s2', 'a', entry('u1'), g);
    };
    const left = () => ['s1:a', 's1:b', 's1:c', 's2:a'].filter((k) => cache.get(k.slice(0, 2), k.slice(3), NOW));

    fill();
    cache.invalidate({ schema: 's1', sessionId: 'a' });
    expect(left()).toEqual(['s1:b', 's1:c', 's2:a']);
    fill();
    cache.invalidate({ schema: 's1', userId: 'u1' });
    expect(left()).toEqual(['s1:c', 's2:a']);
    fill();
    // Both named: every session of the user goes (the session is one of them).
    cache.invalidate({ schema: 's1', sessionId: 'c', userId: 'u1' });
    expect(left()).toEqual(['s1:c', 's2:a']);
    fill();
    cache.invalidate({ schema: 's1' });
    expect(left()).toEqual(['s2:a']);
    fill();
    cache.invalidate(null);
    expect(left()).toEqual([]);
  });

  it('hears other processes: each message forgets what it names; an unreadable one or a lost listener forgets all', async () => {
    const { db, cache } = await started();
    const fill = () => {
      const g = cache.mark();
      cache.set('s1', 'a', entry('u1'), g);
      cache.set('s1', 'b', entry('u2'), g);
      cache.set('s1', 'c', entry('u3'), g);
      cache.set('s2', 'a', entry('u1'), g);
    };
    fill();
    db.send(JSON.stringify({ schema: 's1', sessionId: 'a' }));
    expect(cache.size).toBe(3);
    db.send(JSON.stringify({ schema: 's1', userId: 'u2' }));
    expect(cache.size).toBe(2);
    expect(cache.get('s1', 'c', NOW)).toBeDefined();
    db.send(JSON.stringify({ schema: 's1' }));
    expect(cache.size).toBe(1);
    db.send(JSON.stringify({ schema: 's2', sessionId: 7, userId: null }));
    expect(cache.size).toBe(0); // ids that are not strings are ignored: the whole tenant goes
    for (const payload of ['not json', '{"schema": 1}', '{}', 'null']) {
      fill();
      expect(() => db.send(payload)).not.toThrow();
      expect(cache.size, payload).toBe(0);
    }
    fill();
    const g = cache.mark();
    db.gap();
    expect(cache.size).toBe(0);
    expect(cache.mark()).not.toBe(g);
  });

  it('makes room by dropping the oldest entry at 50,000', async () => {
    const { cache } = await started();
    const g = cache.mark();
    for (let i = 0; i < 50_000; i++) cache.set('s1', `k${i}`, entry('u1'), g);
    expect(cache.size).toBe(50_000);
    cache.set('s1', 'newest', entry('u1'), g);
    expect(cache.size).toBe(50_000);
    expect(cache.get('s1', 'k0', NOW)).toBeUndefined();
    expect(cache.get('s1', 'k1', NOW)).toBeDefined();
    expect(cache.get('s1', 'newest', NOW)).toBeDefined();
  });

  it('is one cache per database handle', () => {
    const a = fakeDatabase().database;
    expect(sessionCache(a)).toBe(sessionCache(a));
    expect(sessionCache(a)).not.toBe(sessionCache(fakeDatabase().database));
    expect(sessionCache(fakeDatabase().database).maxAgeMs).toBe(30_000);
    expect(sessionCache(fakeDatabase().database, 5).maxAgeMs).toBe(5);
  });
});

describe('announcing a change', () => {
  const dialect = new PgDialect();
  /** A started cache of a fresh fake database, holding the given [session, user] entries of `schema`. */
  async function cacheOf(schema: string, ...sessions: [string, string][]) {
    const db = fakeDatabase();
    const cache = sessionCache(db.database);
    await cache.start();
    for (const [session, user] of sessions) cache.set(schema, session, entry(user), cache.mark());
    return { db, cache };
  }
  function executor() {
    const sent: { sql: string; params: unknown[] }[] = [];
    const ex = {
      execute: async (q: SQL) => {
        const { sql, params } = dialect.sqlToQuery(q);
        sent.push({ sql, params });
      },
    } as unknown as Executor;
    return { ex, sent };
  }

  it('sends NOTIFY on the auth channel with the change, and forgets on this process at once outside a transaction', async () => {
    const { db, cache } = await cacheOf('s1', ['a', 'u1'], ['b', 'u2']);
    const { ex, sent } = executor();
    await authChanged(db.database, ex, { schema: 's1', userId: 'u1' });
    expect(sent).toEqual([{ sql: 'select pg_notify($1, $2)', params: ['leopard_auth', '{"schema":"s1","userId":"u1"}'] }]);
    expect(cache.get('s1', 'a', NOW)).toBeUndefined();
    expect(cache.get('s1', 'b', NOW)).toBeDefined();
  });

  it('inside a transaction, forgets on this process only once it has committed, and not at all on rollback', async () => {
    const { db, cache } = await cacheOf('s1', ['a', 'u1']);
    const sent: unknown[] = [];
    // A transaction drizzle would recognise as one, without a database behind it.
    const tx = Object.assign(Object.create(PgTransaction.prototype) as object, { execute: async (q: SQL) => void sent.push(q) });
    const orm = { transaction: (fn: (t: unknown) => Promise<unknown>) => fn(tx) } as unknown as Orm;
    await inTransaction(orm, async (t) => {
      await authChanged(db.database, t, { schema: 's1', sessionId: 'a' });
      expect(sent).toHaveLength(1);
      expect(cache.get('s1', 'a', NOW)).toBeDefined(); // not yet: the transaction may still roll back
    });
    expect(cache.get('s1', 'a', NOW)).toBeUndefined();

    cache.set('s1', 'a', entry('u1'), cache.mark());
    await expect(
      inTransaction(orm, async (t) => {
        await authChanged(db.database, t, { schema: 's1', sessionId: 'a' });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(cache.get('s1', 'a', NOW)).toBeDefined();
  });

  it('still sends NOTIFY when this process has no cache for the handle', async () => {
    const { ex, sent } = executor();
    await authChanged(fakeDatabase().database, ex, { schema: 's1' });
    expect(sent).toHaveLength(1);
  });

  it("a tenant's hook names the handle's schema and passes the ids through", async () => {
    const { db, cache } = await cacheOf('tenant_acme', ['a', 'u1'], ['b', 'u2']);
    const { ex, sent } = executor();
    const hook = tenantSessionsChanged({ database: db.database, schemaName: 'tenant_acme' } as TenantDb);
    await hook(ex, { sessionId: 'b' });
    expect(sent[0]!.params).toEqual(['leopard_auth', '{"schema":"tenant_acme","sessionId":"b"}']);
    expect(cache.get('tenant_acme', 'a', NOW)).toBeDefined();
    expect(cache.get('tenant_acme', 'b', NOW)).toBeUndefined();
  });
});
