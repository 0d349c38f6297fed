// The tenant registry over an in-memory embedded database of this file's own (no server): what it
// finds by each name, what it reads (counted statements), its bound, its misses, its evictions,
// what it hears from other processes, and its paged lists. Rows go straight into public.tenants.
import { eq, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { domains, tenants } from '../../src/db/tables/public.js';
import { DEFAULT_TENANT_SETTINGS } from '../../src/tenancy/settings.js';
import { isServable, TenantRegistry, type TenantRecord } from '../../src/tenancy/registry.js';
import { unitDatabase } from '../kit/unit-database.js';

let database: Database;
let reads = 0;
let n = 0;

beforeAll(async () => {
  database = await unitDatabase();
  database.observe((q) => {
    if (q.includes('"tenants"')) reads++;
  });
}, 60_000);
afterAll(async () => {
  await database?.close();
});
afterEach(() => {
  vi.useRealTimers();
});

async function tenant(over: { domains?: string[]; slug?: string; settings?: unknown } = {}) {
  const slug = over.slug ?? `t${Date.now().toString(36)}${++n}`;
  const [row] = await database.orm
    .insert(tenants)
    .values({ slug, schemaName: `tenant_${slug}`, name: `Agency ${slug}`, ...(over.settings ? { settings: over.settings } : {}) })
    .returning({ id: tenants.id });
  const ds = over.domains ?? [];
  if (ds.length)
    await database.orm.insert(domains).values(ds.map((d, i) => ({ domain: d, tenantId: row!.id, isPrimary: i === 0 })));
  return { id: row!.id, slug, schemaName: `tenant_${slug}`, domains: ds };
}

/** Statements on public.tenants while `fn` runs. */
async function counted<T>(fn: () => Promise<T>): Promise<{ value: T; reads: number }> {
  const before = reads;
  const value = await fn();
  return { value, reads: reads - before };
}

describe('finding a tenant', () => {
  it('by slug, id, schema name and domain, with its full record, and each later time from memory', async () => {
    const t = await tenant({ domains: ['b.example.org', 'a.example.org'], settings: { visaExpiryWindowDays: 30 } });
    const registry = new TenantRegistry(database);
    const first = await counted(() => registry.bySlug(t.slug));
    expect(first.reads).toBe(1);
    const r = first.value!;
    expect(r).toMatchObject({
      id: t.id,
      slug: t.slug,
      schemaName: t.schemaName,
      name: `Agency ${t.slug}`,
      isActive: true,
      subscriptionStatus: 'TRIAL',
      maxUsers: 50,
      contactEmail: null,
      contactPhone: null,
      domains: ['a.example.org', 'b.example.org'],
      settings: { ...DEFAULT_TENANT_SETTINGS, visaExpiryWindowDays: 30 },
    });
    expect(r.createdAt).toBeInstanceOf(Date);
    expect(r.updatedAt).toBeInstanceOf(Date);
    expect(Object.isFrozen(r)).toBe(true);
    expect(Object.isFrozen(r.domains)).toBe(true);

    const again = await counted(async () => [
      await registry.bySlug(t.slug),
      await registry.byId(t.id),
      await registry.bySchemaName(t.schemaName),
      await registry.byDomain('a.example.org'),
      await registry.byDomain('b.example.org'),
    ]);
    expect(again.reads).toBe(0);
    for (const x of again.value) expect(x).toBe(r);
  });

  it('each kind of name reads its own column, from a cold cache', async () => {
    const t = await tenant({ domains: ['kind.example.org'] });
    const other = await tenant();
    for (const find of [
      (g: TenantRegistry) => g.byId(t.id),
      (g: TenantRegistry) => g.bySchemaName(t.schemaName),
      (g: TenantRegistry) => g.byDomain('kind.example.org'),
    ]) {
      const { value, reads: r } = await counted(() => find(new TenantRegistry(database)));
      expect(value?.id).toBe(t.id);
      expect(r).toBe(1);
    }
    // A name of one kind is not a name of another.
    const g = new TenantRegistry(database);
    expect(await g.bySlug(t.schemaName)).toBeUndefined();
    expect(await g.bySchemaName(t.slug)).toBeUndefined();
    expect(await g.byDomain(t.slug)).toBeUndefined();
    expect(await g.bySlug(t.id)).toBeUndefined();
    expect((await g.bySlug(other.slug))?.id).toBe(other.id);
  });

  it('an id that is not a UUID is nobody, without a statement', async () => {
    const g = new TenantRegistry(database);
    const { value, reads: r } = await counted(() => g.byId('not-a-uuid'));
    expect(value).toBeUndefined();
    expect(r).toBe(0);
    const t = await tenant();
    expect((await g.byId(t.id.toUpperCase()))?.id).toBe(t.id);
    expect(await g.byId(`${t.id}0`)).toBeUndefined();
    expect(await g.byId(`x${t.id}`)).toBeUndefined();
  });

  it('concurrent misses of one name share one read', async () => {
    const t = await tenant();
    const g = new TenantRegistry(database);
    const { value, reads: r } = await counted(() => Promise.all([g.bySlug(t.slug), g.bySlug(t.slug), g.bySlug(t.slug)]));
    expect(r).toBe(1);
    expect(value.map((x) => x?.id)).toEqual([t.id, t.id, t.id]);
    // Finished reads are not shared: after an eviction the next one reads again.
    await g.changed(t.id);
    expect((await counted(() => g.bySlug(t.slug))).reads).toBe(1);
  });
});

describe('its bound', () => {
  it('holds at most its capacity, dropping the least recently used, and still finds every one', async () => {
    const made = [await tenant({ domains: [`d${n}.example.org`] }), await tenant(), await tenant()];
    const g = new TenantRegistry(database, { capacity: 2 });
    await g.bySlug(made[0]!.slug);
    await g.bySlug(made[1]!.slug);
    await g.bySlug(made[0]!.slug); // 0 is now the most recently used
    await g.bySlug(made[2]!.slug); // 1 goes
    expect(g.size).toBe(2);
    expect((await counted(() => g.bySlug(made[0]!.slug))).reads).toBe(0);
    expect((await counted(() => g.bySchemaName(made[0]!.schemaName))).reads).toBe(0);
    expect((await counted(() => g.bySlug(made[1]!.slug))).reads).toBe(1);
    expect(g.size).toBe(2);
    // 2 was least recent: gone with all of its names.
    expect((await counted(() => g.bySchemaName(made[2]!.schemaName))).reads).toBe(1);
    // No name of a dropped tenant stays behind: what is held is the names of what is held.
    const keys = (g as unknown as { keys: Map<string, string> }).keys;
    const held = new Set((g as unknown as { records: Map<string, unknown> }).records.keys());
    expect([...keys.values()].every((id) => held.has(id))).toBe(true);
    expect(keys.size).toBe([...held].reduce((k, id) => k + 2 + made.find((m) => m.id === id)!.domains.length, 0));
  });

  it('a capacity below one is one', async () => {
    const [a, b] = [await tenant(), await tenant()];
    const g = new TenantRegistry(database, { capacity: 0 });
    await g.bySlug(a.slug);
    await g.bySlug(b.slug);
    expect(g.size).toBe(1);
  });

  it('holds 10,000 tenants by default', () => {
    expect((new TenantRegistry(database) as unknown as { capacity: number }).capacity).toBe(10_000);
  });

  it('a dropped tenant takes its domains with it, but not a domain another tenant has taken since', async () => {
    const a = await tenant({ domains: ['moving.example.org'] });
    const g = new TenantRegistry(database, { capacity: 1 });
    expect((await g.byDomain('moving.example.org'))?.id).toBe(a.id);
    await database.orm.delete(domains).where(eq(domains.domain, 'moving.example.org'));
    const b = await tenant({ domains: ['moving.example.org'] });
    await g.byId(b.id); // b in, a dropped: the domain now names b, from memory
    const moved = await counted(() => g.byDomain('moving.example.org'));
    expect(moved.value?.id).toBe(b.id);
    expect(moved.reads).toBe(0);
  });
});

describe('misses', () => {
  it('an unknown name is read twice, then refused from memory until its window ends', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    const g = new TenantRegistry(database, { missMs: 1000 });
    const slug = `nobody${++n}`;
    expect((await counted(() => g.bySlug(slug))).reads).toBe(1);
    expect((await counted(() => g.bySlug(slug))).reads).toBe(1);
    expect((await counted(() => g.bySlug(slug))).reads).toBe(0);
    vi.advanceTimersByTime(999);
    expect((await counted(() => g.bySlug(slug))).reads).toBe(0);
    vi.advanceTimersByTime(1);
    expect((await counted(() => g.bySlug(slug))).reads).toBe(1); // the window ended: read again
    expect((await counted(() => g.bySlug(slug))).reads).toBe(1);
    expect((await counted(() => g.bySlug(slug))).reads).toBe(0);
  });

  it('the default window is 1.5 s', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    const g = new TenantRegistry(database);
    const slug = `nobody${++n}`;
    await g.bySlug(slug);
    await g.bySlug(slug);
    vi.advanceTimersByTime(1499);
    expect((await counted(() => g.bySlug(slug))).reads).toBe(0);
    vi.advanceTimersByTime(1);
    expect((await counted(() => g.bySlug(slug))).reads).toBe(1);
  });

  it('a change to any tenant ends every miss, so a name created elsewhere is served at once', async () => {
    const g = new TenantRegistry(database);
    const slug = `later${++n}`;
    await g.bySlug(slug);
    await g.bySlug(slug);
    expect(await g.bySlug(slug)).toBeUndefined();
    const t = await tenant({ slug });
    expect(await g.bySlug(slug)).toBeUndefined(); // still refused from memory
    await g.changed((await tenant()).id); // any tenant's change
    expect((await g.bySlug(slug))?.id).toBe(t.id);
  });

  it('misses are bounded by the capacity too', async () => {
    const g = new TenantRegistry(database, { capacity: 2 });
    for (const s of ['m1', 'm2', 'm3']) {
      await g.bySlug(`${s}-${n}`);
      await g.bySlug(`${s}-${n}`);
    }
    const misses = (g as unknown as { misses: Map<string, unknown> }).misses;
    expect(misses.size).toBe(2);
    expect([...misses.keys()]).toEqual([`slug:m2-${n}`, `slug:m3-${n}`]);
  });
});

describe('changes', () => {
  it('a changed tenant is read again, with what changed, here at once and on every listener', async () => {
    const t = await tenant();
    const here = new TenantRegistry(database);
    const there = new TenantRegistry(database);
    await there.start();
    try {
      await here.bySlug(t.slug);
      await there.bySlug(t.slug);
      await database.orm.update(tenants).set({ isActive: false }).where(eq(tenants.id, t.id));
      await here.changed(t.id);
      expect((await here.bySlug(t.slug))?.isActive).toBe(false);
      await vi.waitFor(async () => expect((await there.bySlug(t.slug))?.isActive).toBe(false));
    } finally {
      await there.stop();
    }
  });

  it('a read that began before an eviction leaves the read begun after it shared', async () => {
    const [t, other] = [await tenant(), await tenant()];
    const g = new TenantRegistry(database);
    const { reads: r } = await counted(async () => {
      const before = g.bySlug(t.slug);
      await g.changed(other.id);
      const after = g.bySlug(t.slug);
      await before;
      const joined = g.bySlug(t.slug); // shares `after`, still in flight
      expect((await Promise.all([after, joined])).map((x) => x?.id)).toEqual([t.id, t.id]);
    });
    expect(r).toBe(2); // before, and after (which the last one joined)
  });

  it('a read that began before an eviction does not cache what it read', async () => {
    const t = await tenant();
    const g = new TenantRegistry(database);
    const reading = g.bySlug(t.slug);
    await g.changed(t.id);
    expect((await reading)?.id).toBe(t.id);
    expect(g.size).toBe(0);
  });

  it('a message that is not a tenant id, or a lost listener, forgets everything', async () => {
    const sent: { onMessage?: (p: string) => void; onGap?: () => void } = {};
    const fake = {
      orm: database.orm,
      listen: async (_c: string, onMessage: (p: string) => void, onGap: () => void) => {
        Object.assign(sent, { onMessage, onGap });
        return async () => undefined;
      },
      notify: async () => undefined,
    } as unknown as Database;
    const [a, b] = [await tenant(), await tenant()];
    const g = new TenantRegistry(fake);
    await g.start();
    const fill = async () => {
      await g.bySlug(a.slug);
      await g.bySlug(b.slug);
    };
    await fill();
    sent.onMessage!(a.id);
    expect(g.size).toBe(1);
    sent.onMessage!('changed');
    expect(g.size).toBe(0);
    await fill();
    sent.onGap!();
    expect(g.size).toBe(0);
    // And misses go with them.
    const slug = `gap${++n}`;
    await g.bySlug(slug);
    await g.bySlug(slug);
    sent.onGap!();
    expect((await counted(() => g.bySlug(slug))).reads).toBe(1);
  });

  it('stop ends listening', async () => {
    let stopped = 0;
    const fake = {
      listen: async () => async () => void stopped++,
    } as unknown as Database;
    const g = new TenantRegistry(fake);
    await g.stop(); // before start: nothing to stop
    await g.start();
    await g.stop();
    expect(stopped).toBe(1);
  });
});

describe('lists', () => {
  it('a page is ordered by slug, after a slug, at most its limit; each() walks them all a thousand at a time', async () => {
    const g = new TenantRegistry(database);
    const all = (await database.orm.select({ slug: tenants.slug }).from(tenants).orderBy(tenants.slug)).map((r) => r.slug);
    const first = await g.page({ limit: 2 });
    expect(first.map((t) => t.slug)).toEqual(all.slice(0, 2));
    expect((await g.page({ after: first[1]!.slug, limit: 2 })).map((t) => t.slug)).toEqual(all.slice(2, 4));
    expect((await g.list()).map((t) => t.slug)).toEqual(all);

    // Over a thousand: two pages, no tenant twice.
    await database.orm.execute(
      sql`insert into public.tenants (slug, schema_name, name)
          select 'zz' || lpad(i::text, 4, '0'), 'tenant_zz' || i, 'Bulk ' || i from generate_series(1, 1001) i`,
    );
    const listed = await counted(() => g.list());
    expect(listed.value).toHaveLength(all.length + 1001);
    expect(new Set(listed.value.map((t) => t.slug)).size).toBe(all.length + 1001);
    expect(listed.reads).toBe(2);
    await database.orm.execute(sql`delete from public.tenants where slug like 'zz%'`);
  });
});

describe('servable tenants', () => {
  it('are active and neither suspended nor cancelled', () => {
    const t = (isActive: boolean, subscriptionStatus: TenantRecord['subscriptionStatus']) =>
      isServable({ isActive, subscriptionStatus } as TenantRecord);
    expect(t(true, 'TRIAL')).toBe(true);
    expect(t(true, 'ACTIVE')).toBe(true);
    expect(t(false, 'ACTIVE')).toBe(false);
    expect(t(true, 'SUSPENDED')).toBe(false);
    expect(t(true, 'CANCELLED')).toBe(false);
  });
});
