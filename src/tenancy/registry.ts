// An in-memory copy of the tenant registry (tenants and their domains) for routing every request
// without a query. Any process that changes it broadcasts on a channel; every process reloads.
import { asc } from 'drizzle-orm';
import type { Database } from '../db/database.js';
import { domains, tenants, type SubscriptionStatus } from '../db/tables/public.js';

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
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** Whether the tenant may be served: active and neither suspended nor cancelled. */
export function isServable(t: TenantRecord): boolean {
  return t.isActive && t.subscriptionStatus !== 'SUSPENDED' && t.subscriptionStatus !== 'CANCELLED';
}

const CHANNEL = 'leopard_tenant_registry';

export class TenantRegistry {
  private bySlugMap = new Map<string, TenantRecord>();
  private byIdMap = new Map<string, TenantRecord>();
  private byDomainMap = new Map<string, TenantRecord>();
  private bySchemaMap = new Map<string, TenantRecord>();
  private unlisten: (() => Promise<void>) | undefined;
  private reloading: Promise<void> | undefined;
  private reloadAgain = false;
  private retry: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly database: Database) {}

  async start(): Promise<void> {
    await this.reload();
    // A lost listening connection may have missed changes: reload once it is back.
    this.unlisten = await this.database.listen(
      CHANNEL,
      () => this.reloadInBackground(),
      () => this.reloadInBackground(),
    );
  }

  /**
   * A reload started by a notification or a reconnect: if the database is not reachable yet (the
   * listener can come back before the query path), retry every second until it is, instead of
   * letting the rejection end the process.
   */
  private reloadInBackground(): void {
    this.reload().catch(() => {
      this.retry ??= setTimeout(() => {
        this.retry = undefined;
        if (!this.stopped) this.reloadInBackground();
      }, 1000);
      this.retry.unref();
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    await this.unlisten?.();
  }

  bySlug(slug: string): TenantRecord | undefined {
    return this.bySlugMap.get(slug);
  }
  byId(id: string): TenantRecord | undefined {
    return this.byIdMap.get(id);
  }
  bySchemaName(schemaName: string): TenantRecord | undefined {
    return this.bySchemaMap.get(schemaName);
  }
  byDomain(host: string): TenantRecord | undefined {
    return this.byDomainMap.get(host);
  }
  all(): TenantRecord[] {
    return [...this.byIdMap.values()];
  }

  /** Reloads here at once, then tells every other process to reload. */
  async changed(): Promise<void> {
    await this.reload();
    await this.database.notify(CHANNEL, 'changed');
  }

  /** Coalesces concurrent reloads: at most one in flight and one queued. */
  reload(): Promise<void> {
    if (this.reloading) {
      this.reloadAgain = true;
      return this.reloading;
    }
    this.reloading = (async () => {
      do {
        this.reloadAgain = false;
        await this.load();
      } while (this.reloadAgain);
    })().finally(() => {
      this.reloading = undefined;
    });
    return this.reloading;
  }

  private async load(): Promise<void> {
    const orm = this.database.orm;
    const [tenantRows, domainRows] = await Promise.all([
      orm.select().from(tenants).orderBy(asc(tenants.slug)),
      orm.select({ domain: domains.domain, tenantId: domains.tenantId }).from(domains),
    ]);
    const domainsOf = new Map<string, string[]>();
    for (const d of domainRows) {
      const list = domainsOf.get(d.tenantId) ?? [];
      list.push(d.domain);
      domainsOf.set(d.tenantId, list);
    }
    const bySlug = new Map<string, TenantRecord>();
    const byId = new Map<string, TenantRecord>();
    const byDomain = new Map<string, TenantRecord>();
    const bySchema = new Map<string, TenantRecord>();
    for (const row of tenantRows) {
      const record: TenantRecord = Object.freeze({
        id: row.id,
        slug: row.slug,
        schemaName: row.schemaName,
        name: row.name,
        isActive: row.isActive,
        subscriptionStatus: row.subscriptionStatus,
        maxUsers: row.maxUsers,
        contactEmail: row.contactEmail,
        contactPhone: row.contactPhone,
        domains: Object.freeze((domainsOf.get(row.id) ?? []).sort()),
        createdAt: row.createdAt,
        updatedAt: row.updatedAt,
      });
      bySlug.set(record.slug, record);
      byId.set(record.id, record);
      bySchema.set(record.schemaName, record);
      for (const d of record.domains) byDomain.set(d, record);
    }
    this.bySlugMap = bySlug;
    this.byIdMap = byId;
    this.byDomainMap = byDomain;
    this.bySchemaMap = bySchema;
  }
}
