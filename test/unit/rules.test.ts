// The coarse shield rules on root fields, asked directly with a hand-built context: who is let
// through, and the error code and message everyone else gets.
import { describe, expect, it } from 'vitest';
import type { IRule } from 'graphql-shield';
import { defaultActions } from '../../src/access/actions.js';
import {
  isAuthenticated,
  isPlatformAdmin,
  isPlatformContext,
  isPublic,
  isTenantContext,
  isTenantUser,
  may,
} from '../../src/access/rules.js';

const tenant = { slug: 'acme' };
const consultant = { kind: 'tenant', role: 'CONSULTANT', actions: new Set(defaultActions('CONSULTANT')) };
const platformAdmin = { kind: 'platform', role: 'SUPER_SUPER_ADMIN' };

/** What the rule answers: true, or "CODE: message" of the error it returns, or false. */
async function ask(rule: IRule, ctx: { tenant?: unknown; viewer?: unknown }) {
  const full = { tenant: null, viewer: null, ...ctx, _shield: { cache: {} } };
  const res = await (rule as unknown as { resolve: (...a: unknown[]) => Promise<unknown> }).resolve(
    {},
    {},
    full,
    {},
    { debug: true },
  );
  if (res instanceof Error) return `${(res as { extensions?: { code?: string } }).extensions?.code}: ${res.message}`;
  return res;
}

const PLATFORM_ONLY = 'FORBIDDEN: This operation exists only in the platform context';
const TENANT_ONLY = 'FORBIDDEN: This operation needs a tenant (X-Tenant header or tenant host name)';
const SIGN_IN = 'UNAUTHENTICATED: Authentication required';
const NOT_ALLOWED = 'FORBIDDEN: You are not allowed to do this';

describe('shield rules', () => {
  it('lets anyone call a public field', async () => {
    expect(await ask(isPublic, {})).toBe(true);
  });

  it('asks for a signed-in viewer of any kind', async () => {
    expect(await ask(isAuthenticated, {})).toBe(SIGN_IN);
    expect(await ask(isAuthenticated, { viewer: consultant, tenant })).toBe(true);
    expect(await ask(isAuthenticated, { viewer: platformAdmin })).toBe(true);
  });

  it('lets only a platform admin, in the platform context, call platform operations', async () => {
    expect(await ask(isPlatformAdmin, { tenant, viewer: platformAdmin })).toBe(PLATFORM_ONLY);
    expect(await ask(isPlatformAdmin, {})).toBe(SIGN_IN);
    expect(await ask(isPlatformAdmin, { viewer: consultant })).toBe(NOT_ALLOWED);
    expect(await ask(isPlatformAdmin, { viewer: platformAdmin })).toBe(true);
  });

  it('tells platform-context and tenant-context operations apart without asking for a sign-in', async () => {
    expect(await ask(isPlatformContext, {})).toBe(true);
    expect(await ask(isPlatformContext, { tenant })).toBe(PLATFORM_ONLY);
    expect(await ask(isTenantContext, { tenant })).toBe(true);
    expect(await ask(isTenantContext, {})).toBe(TENANT_ONLY);
  });

  it('lets only a signed-in tenant user call tenant operations', async () => {
    expect(await ask(isTenantUser, { viewer: consultant })).toBe(TENANT_ONLY);
    expect(await ask(isTenantUser, { tenant })).toBe(SIGN_IN);
    expect(await ask(isTenantUser, { tenant, viewer: platformAdmin })).toBe(NOT_ALLOWED);
    expect(await ask(isTenantUser, { tenant, viewer: consultant })).toBe(true);
  });

  it('lets a tenant user through an action rule only when its role holds the action', async () => {
    expect(await ask(may('client:read'), { tenant, viewer: consultant })).toBe(true);
    expect(await ask(may('user:create'), { tenant, viewer: consultant })).toBe('FORBIDDEN: Your role may not user create');
    expect(await ask(may('client:read'), { viewer: consultant })).toBe(TENANT_ONLY);
    expect(await ask(may('client:read'), { tenant })).toBe(SIGN_IN);
    expect(await ask(may('client:read'), { tenant, viewer: platformAdmin })).toBe(NOT_ALLOWED);
  });

  it('builds one rule per action, named after it, and reuses it', () => {
    expect(may('task:read')).toBe(may('task:read'));
    expect(may('task:read')).not.toBe(may('task:create'));
    expect((may('task:read') as unknown as { name: string }).name).toBe('may:task:read');
  });
});
