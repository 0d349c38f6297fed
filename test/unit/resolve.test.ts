// Tenant resolution from the X-Tenant header and the Host name, against a registry held in memory.
import { describe, expect, it } from 'vitest';
import type { TenantRecord, TenantRegistry } from '../../src/tenancy/registry.js';
import { resolveTenant, tenantByHost } from '../../src/tenancy/resolve.js';

const BASE = 'leopard.test';

function tenant(slug: string, extra: Partial<TenantRecord> = {}): TenantRecord {
  return { slug, isActive: true, subscriptionStatus: 'ACTIVE', domains: [], ...extra } as unknown as TenantRecord;
}

/** A registry that answers from a list and records every name it was asked for. */
function registry(...records: TenantRecord[]) {
  const asked: string[] = [];
  const reg = {
    bySlug: async (slug: string) => {
      asked.push(`slug:${slug}`);
      return records.find((r) => r.slug === slug);
    },
    byDomain: async (domain: string) => {
      asked.push(`domain:${domain}`);
      return records.find((r) => r.domains.includes(domain));
    },
  };
  return { reg: reg as unknown as TenantRegistry, asked };
}

const acme = tenant('acme', { domains: ['crm.acme.example', 'acme.leopard.test'] });
const globex = tenant('globex', { domains: ['globex.example'] });

async function code(p: Promise<unknown>) {
  try {
    await p;
  } catch (err) {
    return (err as { extensions?: { code?: string }; message: string }).extensions?.code + ': ' + (err as Error).message;
  }
  return 'resolved';
}

describe('tenant resolution', () => {
  it('takes the X-Tenant header first, trimmed and lowercased, whatever the host says', async () => {
    const { reg, asked } = registry(acme, globex);
    expect(await resolveTenant(reg, BASE, { header: '  ACME ', host: 'globex.leopard.test' })).toBe(acme);
    expect(asked).toEqual(['slug:acme']);
  });

  it('refuses a header no tenant can have without asking the registry', async () => {
    const { reg, asked } = registry(acme);
    expect(await code(resolveTenant(reg, BASE, { header: 'not a slug', host: undefined }))).toBe(
      'TENANT_NOT_FOUND: No tenant with that name or host',
    );
    expect(asked).toEqual([]);
  });

  it('refuses a well-formed header naming no tenant', async () => {
    const { reg } = registry(acme);
    expect(await code(resolveTenant(reg, BASE, { header: 'nobody', host: undefined }))).toBe(
      'TENANT_NOT_FOUND: No tenant with that name or host',
    );
  });

  it('ignores an empty or blank header and falls back to the host', async () => {
    const { reg } = registry(acme);
    expect(await resolveTenant(reg, BASE, { header: '', host: 'acme.leopard.test' })).toBe(acme);
    expect(await resolveTenant(reg, BASE, { header: '   ', host: 'acme.leopard.test' })).toBe(acme);
  });

  it('reads <slug>.<base domain> from the host, with any case, port and trailing dot', async () => {
    const { reg, asked } = registry(acme);
    expect(await resolveTenant(reg, BASE, { header: undefined, host: ' Acme.Leopard.Test:4000 ' })).toBe(acme);
    expect(await resolveTenant(reg, BASE, { header: undefined, host: 'acme.leopard.test.' })).toBe(acme);
    expect(asked).toEqual(['slug:acme', 'slug:acme']);
  });

  it('is the platform (null) without a host, for a bracketed IPv6 host, and for an unknown host', async () => {
    const { reg, asked } = registry(acme);
    expect(await resolveTenant(reg, BASE, { header: undefined, host: undefined })).toBeNull();
    expect(await resolveTenant(reg, BASE, { header: undefined, host: '' })).toBeNull();
    expect(await resolveTenant(reg, BASE, { header: undefined, host: '[::1]:4000' })).toBeNull();
    expect(asked).toEqual([]);
    expect(await resolveTenant(reg, BASE, { header: undefined, host: 'localhost:4000' })).toBeNull();
    expect(asked).toEqual(['domain:localhost']);
  });

  it('strips only a trailing port and a trailing dot from the host', async () => {
    const { reg, asked } = registry();
    await resolveTenant(reg, BASE, { header: undefined, host: 'a:1b.example' });
    await resolveTenant(reg, BASE, { header: undefined, host: 'a.example:80x' });
    await resolveTenant(reg, BASE, { header: undefined, host: 'a..example.' });
    await resolveTenant(reg, BASE, { header: undefined, host: 'x[y].example' });
    expect(asked).toEqual(['domain:a:1b.example', 'domain:a.example:80x', 'domain:a..example', 'domain:x[y].example']);
  });

  it('takes a registered domain, and under the base domain falls back to it when no slug matches', async () => {
    const { reg, asked } = registry(acme, globex);
    expect(await resolveTenant(reg, BASE, { header: undefined, host: 'crm.acme.example' })).toBe(acme);
    expect(asked).toEqual(['domain:crm.acme.example']);
    const other = tenant('other', { domains: ['zzz.leopard.test'] });
    const second = registry(other);
    expect(await resolveTenant(second.reg, BASE, { header: undefined, host: 'zzz.leopard.test' })).toBe(other);
    expect(second.asked).toEqual(['slug:zzz', 'domain:zzz.leopard.test']);
  });

  it('asks only for the domain when the label under the base domain cannot be a slug', async () => {
    const { reg, asked } = registry();
    await resolveTenant(reg, BASE, { header: undefined, host: 'a.b.leopard.test' });
    await resolveTenant(reg, BASE, { header: undefined, host: 'leopard.test' });
    await resolveTenant(reg, BASE, { header: undefined, host: 'xleopard.test' });
    expect(asked).toEqual(['domain:a.b.leopard.test', 'domain:leopard.test', 'domain:xleopard.test']);
  });

  it('refuses a tenant that is inactive, suspended or cancelled, and serves one on trial', async () => {
    for (const t of [
      tenant('off', { isActive: false }),
      tenant('off', { subscriptionStatus: 'SUSPENDED' }),
      tenant('off', { subscriptionStatus: 'CANCELLED' }),
    ]) {
      const { reg } = registry(t);
      expect(await code(resolveTenant(reg, BASE, { header: 'off', host: undefined }))).toBe(
        'TENANT_INACTIVE: Tenant "off" is not active',
      );
    }
    const due = tenant('due', { subscriptionStatus: 'TRIAL' });
    expect(await resolveTenant(registry(due).reg, BASE, { header: 'due', host: undefined })).toBe(due);
  });

  it('finds the tenant that owns a host name, or undefined, ignoring activity', async () => {
    const off = tenant('off', { isActive: false, domains: ['off.example'] });
    const { reg } = registry(acme, off);
    expect(await tenantByHost(reg, BASE, 'acme.leopard.test')).toBe(acme);
    expect(await tenantByHost(reg, BASE, 'off.example')).toBe(off);
    expect(await tenantByHost(reg, BASE, 'nobody.example')).toBeUndefined();
    expect(await tenantByHost(reg, BASE, '[::1]')).toBeUndefined();
  });
});
