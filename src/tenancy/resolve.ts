// Which tenant a request addresses: X-Tenant header, then Host <slug>.<BASE_DOMAIN>, then any
// registered domain; none of them means the platform context. Async: a name the registry has not
// cached is read from the database before it is refused.
import { AppError } from '../errors.js';
import { isServable, type TenantRegistry, type TenantRecord } from './registry.js';
import { SLUG_PATTERN } from './slug.js';

export interface TenantAddress {
  header: string | undefined;
  host: string | undefined;
}

function hostname(host: string | undefined): string | undefined {
  if (!host) return undefined;
  const h = host.trim().toLowerCase();
  // Bracketed IPv6 literals and host:port
  if (h.startsWith('[')) return undefined;
  return h.replace(/:\d+$/, '').replace(/\.$/, '');
}

/** The addressed tenant, or null for the platform; TENANT_NOT_FOUND / TENANT_INACTIVE otherwise. */
export async function resolveTenant(
  registry: TenantRegistry,
  baseDomain: string,
  address: TenantAddress,
): Promise<TenantRecord | null> {
  const found = await lookup(registry, baseDomain, address);
  if (found === undefined) throw new AppError('TENANT_NOT_FOUND', 'No tenant with that name or host');
  if (found && !isServable(found)) throw new AppError('TENANT_INACTIVE', `Tenant "${found.slug}" is not active`);
  return found;
}

/** The tenant whose own host name this is (<slug>.<BASE_DOMAIN> or a registered domain), if any. */
export async function tenantByHost(
  registry: TenantRegistry,
  baseDomain: string,
  host: string,
): Promise<TenantRecord | undefined> {
  return (await lookup(registry, baseDomain, { header: undefined, host })) ?? undefined;
}

async function lookup(
  registry: TenantRegistry,
  baseDomain: string,
  { header, host }: TenantAddress,
): Promise<TenantRecord | null | undefined> {
  const slug = header?.trim().toLowerCase();
  // A name no tenant can have is refused without a query.
  if (slug) return SLUG_PATTERN.test(slug) ? registry.bySlug(slug) : undefined;
  const h = hostname(host);
  if (!h) return null;
  const suffix = `.${baseDomain}`;
  if (h.endsWith(suffix)) {
    const label = h.slice(0, -suffix.length);
    if (SLUG_PATTERN.test(label)) return (await registry.bySlug(label)) ?? registry.byDomain(h);
  }
  return (await registry.byDomain(h)) ?? null;
}
