// Input rules for provisioning and changing tenants, and for platform administration.
import { z } from 'zod';
import { PLATFORM_AUDIT_ACTIONS, SUBSCRIPTION_STATUSES } from '../../db/tables/public.js';
import { slugProblem } from '../../tenancy/slug.js';
import { email, password, personName, uuid } from '../shared-validation.js';

const HOST = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;

export const slug = z
  .string()
  .trim()
  .superRefine((v, ctx) => {
    const problem = slugProblem(v);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
export const domain = z.string().trim().toLowerCase().regex(HOST, 'must be a host name such as crm.agency.com');
export const companyName = z.string().trim().min(1, 'is required').max(200, 'must be at most 200 characters');

export const owner = z.object({ email, password, firstName: personName, lastName: personName });

export const createTenantInput = z.object({
  name: companyName,
  slug,
  domains: z
    .array(domain)
    .max(20)
    .nullish()
    .transform((d) => [...new Set(d ?? [])]),
  maxUsers: z.number().int().min(1).max(100_000).nullish(),
  subscriptionStatus: z.enum(SUBSCRIPTION_STATUSES).nullish(),
  contactEmail: email.nullish(),
  contactPhone: z.string().trim().max(20).nullish(),
  owner,
});
export type CreateTenantInput = z.infer<typeof createTenantInput>;

export const updateTenantInput = z.object({
  name: companyName.nullish(),
  maxUsers: z.number().int().min(1).max(100_000).nullish(),
  subscriptionStatus: z.enum(SUBSCRIPTION_STATUSES).nullish(),
  contactEmail: email.nullish(),
  contactPhone: z.string().trim().max(20).nullish(),
});

export const signUpInput = z.object({ companyName, slug, owner });

export const createPlatformAdminInput = z.object({
  email,
  password,
  firstName: personName.nullish(),
  lastName: personName.nullish(),
});

export const resetTenantAdminPasswordInput = z.object({ newPassword: password });

export const platformAuditFilter = z
  .object({
    tenantId: uuid.nullish(),
    action: z.enum(PLATFORM_AUDIT_ACTIONS).nullish(),
    targetId: uuid.nullish(),
  })
  .nullish();
