// The tenant registry: a bounded in-process cache (LRU, by slug, id, schema name and domain) in
// front of public.tenants. A miss reads that one tenant; a change evicts one tenant in every process.
import { asc, eq, gt, sql, type SQL } from 'drizzle-orm';
import { UNNAMED } from '../db/compiled.js';
import type { Database } from '../db/database.js';
import { tenants, type SubscriptionStatus } from '../db/tables/public.js';
import { tenantSettingsOf, type TenantSettings } from './settings.js';

export interface TenantRecord {
  readonly id: string;
  readonly slug: string;
  readonly schemaName: string;
  readonly name: string;
  readonly isActive: boolean;
  readonly subscriptionStatus: SubscriptionStatus;
  readonly maxUsers: number;
  readonly contactEmail: string | null;
  readonly contactPhone: string | null;
  readonly domains: readonly string[];
  /** The full settings (defaults for what the tenant has not set), read with the record. */
  readonly settings: TenantSettings;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** Whether the tenant may be served: active and neither suspended nor cancelled. */
export function isServable(t: TenantRecord): boolean {
  return t.isActive && t.subscriptionStatus !== 'SUSPENDED' && t.subscriptionStatus !== 'CANCELLED';
}

export interface RegistryOptions {
  /** Tenants kept in memory: a record is well under 1 KiB, so the default bounds the cache near 10 MiB. */
  capacity?: number;
  /** How long misses of a name are counted, so a stream of requests for an unknown name is not a stream of queries. */
  missMs?: number;
}

const CHANNEL = 'leopard_tenant_registry';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LIST_PAGE = 1000;
/**
 * Misses of one name read the database this often before the name is refused from memory. Not
 * from the first: a notification can arrive after a client's next request to this process, so a
 * name asked for once before its tenant was created elsewhere must not be refused afterwards.
 */
const READS_PER_MISS_WINDOW = 2;

type Kind = 'slug' | 'id' | 'schema' | 'domain';

// Written out, not ${tenants.id}: drizzle renders a column in a select list unqualified, and
// inside this subquery a bare "id" would be the domain's own.
const domainsOf = sql<string[]>`coalesce(
  (select array_agg(d.domain::text order by d.domain) from public.domains d where d.tenant_id = tenants.id),
  '{}'::text[])`;
const recordColumns = {
  id: tenants.id,
  slug: tenants.slug,
  schemaName: tenants.schemaName,
  name: tenants.name,
  isActive: tenants.isActive,
  subscriptionStatus: tenants.subscriptionStatus,
  maxUsers: tenants.maxUsers,
  contactEmail: tenants.contactEmail,
  contactPhone: tenants.contactPhone,
  domains: domainsOf,
  settings: tenants.settings,
  createdAt: tenants.createdAt,
  updatedAt: tenants.updatedAt,
};

function freeze(row: Omit<TenantRecord, 'settings'> & { settings: unknown }): TenantRecord {
  return Object.freeze({ ...row, domains: Object.freeze([...row.domains]), settings: tenantSettingsOf(row.settings) });
}

type RecordRead = { execute(values: { value: string }): Promise<(Omit<TenantRecord, 'settings'> & { settings: unknown })[]> };

export class TenantRegistry {
  private readonly capacity: number;
  private readonly missMs: number;
  /** By id, in least-recently-used order (a Map iterates in insertion order; a hit re-inserts). */
  private readonly records = new Map<string, TenantRecord>();
  /** `slug:…`, `schema:…`, `domain:…` → tenant id. */
  private readonly keys = new Map<string, string>();
  /** Key → its misses in the current window, and when the window ends. */
  private readonly misses = new Map<string, { count: number; until: number }>();
  private readonly reading = new Map<string, Promise<TenantRecord | undefined>>();
  /** Bumped by every eviction: a read that started before it must not cache what it read. */
  private generation = 0;
  private readonly statements = new Map<Kind, RecordRead>();
  private unlisten: (() => Promise<void>) | undefined;

  constructor(
    private readonly database: Database,
    options: RegistryOptions = {},
  ) {
    this.capacity = Math.max(1, options.capacity ?? 10_000);
    this.missMs = options.missMs ?? 1500;
  }

  async start(): Promise<void> {
    // The payload is a tenant id; anything else (an older process's 'changed') means everything.
    // A lost listening connection may have missed evictions: start over empty once it is back.
    this.unlisten = await this.database.listen(
      CHANNEL,
      (payload) => (UUID.test(payload) ? this.evict(payload) : this.clear()),
      () => this.clear(),
    );
  }

  async stop(): Promise<void> {
    await this.unlisten?.();
  }

  bySlug(slug: string): Promise<TenantRecord | undefined> {
    return this.find('slug', slug);
  }
  byId(id: string): Promise<TenantRecord | undefined> {
    return this.find('id', id);
  }
  bySchemaName(schemaName: string): Promise<TenantRecord | undefined> {
    return this.find('schema', schemaName);
  }
  byDomain(host: string): Promise<TenantRecord | undefined> {
    return this.find('domain', host);
  }

  /** Tenants in memory now (tests check the bound). */
  get size(): number {
    return this.records.size;
  }

  /** One page of tenants ordered by slug, read from the database (the cache holds only some). */
  async page({ after, limit }: { after?: string | undefined; limit: number }): Promise<TenantRecord[]> {
    const rows = await this.database.orm
      .select(recordColumns)
      .from(tenants)
      .where(after === undefined ? undefined : gt(tenants.slug, after))
      .orderBy(asc(tenants.slug))
      .limit(limit);
    return rows.map(freeze);
  }

  /** Every tenant ordered by slug, a page at a time, so a pass over 100,000 tenants holds one page. */
  async *each(): AsyncGenerator<TenantRecord> {
    let after: string | undefined;
    for (;;) {
      const rows = await this.page({ after, limit: LIST_PAGE });
      yield* rows;
      if (rows.length < LIST_PAGE) return;
      after = rows[rows.length - 1]!.slug;
    }
  }

  /** Every tenant ordered by slug (CLIs and platform reads; a sweep uses each()). */
  async list(): Promise<TenantRecord[]> {
    const all: TenantRecord[] = [];
    for await (const t of this.each()) all.push(t);
    return all;
  }

  /**
   * After a change to one tenant (or its creation, or its drop): evicts it here at once, then in
   * every other process. Its creation must be announced too, to end the other processes' misses.
   */
  async changed(id: string): Promise<void> {
    this.evict(id);
    await this.database.notify(CHANNEL, id);
  }

  /** Forgets one tenant. Misses are all forgotten: they last a second or two and changes are rare,
   * so that is cheaper than shipping every name and domain a change could make resolvable. */
  private evict(id: string): void {
    // Stryker disable next-line UpdateOperator: any change of the generation refuses the reads in flight
    this.generation++;
    this.drop(id);
    this.misses.clear();
    this.reading.clear();
  }

  private clear(): void {
    // Stryker disable next-line UpdateOperator: as above
    this.generation++;
    this.records.clear();
    this.keys.clear();
    this.misses.clear();
    this.reading.clear();
  }

  private find(kind: Kind, value: string): Promise<TenantRecord | undefined> {
    const hit = this.cached(kind, value);
    if (hit) return Promise.resolve(hit);
    const key = `${kind}:${value}`;
    const missed = this.misses.get(key);
    if (missed && missed.until <= Date.now()) this.misses.delete(key);
    else if (missed && missed.count >= READS_PER_MISS_WINDOW) return Promise.resolve(undefined);
    // Concurrent misses of one name (a new tenant's first burst) share one read.
    let pending = this.reading.get(key);
    if (!pending) {
      const generation = this.generation;
      pending = this.read(kind, value)
        .then((record) => {
          if (generation === this.generation) {
            if (record) this.remember(record);
            else this.rememberMiss(key);
          }
          return record;
        })
        .finally(() => {
          if (this.reading.get(key) === pending) this.reading.delete(key);
        });
      this.reading.set(key, pending);
    }
    return pending;
  }

  private cached(kind: Kind, value: string): TenantRecord | undefined {
    const id = kind === 'id' ? value : this.keys.get(`${kind}:${value}`);
    if (id === undefined) return undefined;
    const record = this.records.get(id);
    if (record) {
      this.records.delete(id);
      this.records.set(id, record);
    }
    return record;
  }

  private async read(kind: Kind, value: string): Promise<TenantRecord | undefined> {
    if (kind === 'id' && !UUID.test(value)) return undefined;
    const [row] = await this.statement(kind).execute({ value });
    return row ? freeze(row) : undefined;
  }

  /** The read of one tenant by `kind`, built once: it runs before every first request to a tenant. */
  private statement(kind: Kind) {
    let prepared = this.statements.get(kind);
    if (!prepared) {
      const value = sql.placeholder('value');
      const where: SQL =
        kind === 'id'
          ? eq(tenants.id, value)
          : kind === 'slug'
            ? eq(tenants.slug, value)
            : kind === 'schema'
              ? eq(tenants.schemaName, value)
              : eq(tenants.id, sql`(select d.tenant_id from public.domains d where d.domain = ${value})`);
      prepared = this.database.orm.select(recordColumns).from(tenants).where(where).prepare(UNNAMED);
      this.statements.set(kind, prepared);
    }
    return prepared;
  }

  private remember(record: TenantRecord): void {
    this.drop(record.id);
    this.records.set(record.id, record);
    this.keys.set(`slug:${record.slug}`, record.id);
    this.keys.set(`schema:${record.schemaName}`, record.id);
    for (const d of record.domains) this.keys.set(`domain:${d}`, record.id);
    if (this.records.size > this.capacity) this.drop(this.records.keys().next().value!);
  }

  private rememberMiss(key: string): void {
    const missed = this.misses.get(key);
    if (missed) missed.count++;
    else this.misses.set(key, { count: 1, until: Date.now() + this.missMs });
    if (this.misses.size > this.capacity) this.misses.delete(this.misses.keys().next().value!);
  }

  private drop(id: string): void {
    const record = this.records.get(id);
    if (!record) return;
    this.records.delete(id);
    // A key another tenant has taken since (a domain moved) stays with that tenant.
    const own = (key: string) => this.keys.get(key) === id && this.keys.delete(key);
    own(`slug:${record.slug}`);
    own(`schema:${record.schemaName}`);
    for (const d of record.domains) own(`domain:${d}`);
  }
}
