// Tenant lifecycle: provisioning (row, domains, schema, migrations, owner: all or nothing),
// changes, activation, domains, self-service sign-up and dropping.
import { and, eq, or, sql } from 'drizzle-orm';
import { domains, tenants, type SubscriptionStatus } from '../../../db/tables/public.js';
import { migrateSchemaInTx } from '../../../db/migrator.js';
import { resultRows, type Tx } from '../../../db/database.js';
import { inTransaction, tenantDb } from '../../../db/tenant-db.js';
import type { PlatformViewer } from '../../../auth/viewer.js';
import { AppError, conflict, deadlockDetected, notFound, uniqueViolation } from '../../../errors.js';
import { guardUnique, insertOne, single, updateExisting } from '../../../db/rows.js';
import type { SignUpPayloadModel, TenantSuperAdminModel } from '../models.js';
import type { Runtime } from '../../../runtime.js';
import type { TenantRecord } from '../../../tenancy/registry.js';
import { schemaNameFor } from '../../../tenancy/slug.js';
import { sessionOpen } from '../../auth/index.js';
import { userInsert } from '../../users/index.js';
import { superAdminInput } from '../../users/index.js';
import type { PlatformArgs } from '../../shared-args.js';
import { parseInput, uuid } from '../../shared-validation.js';
import { tenantWithDbGetById } from '../selectors/tenants.js';
import {
  createTenantInput,
  domain as domainRule,
  signUpInput,
  updateTenantInput,
  type CreateTenantInput,
} from '../validation.js';

/** <slug>.<BASE_DOMAIN> hosts route by slug; registering one as a domain would be ambiguous. */
function assertNotUnderBaseDomain(runtime: Runtime, d: string, path: string): void {
  const base = runtime.config.baseDomain;
  if (d === base || d.endsWith(`.${base}`)) {
    throw new AppError('BAD_USER_INPUT', `Domains under ${base} are routed by slug already`, {
      fields: [{ path, message: `must not be under ${base}` }],
    });
  }
}

async function assertFree(runtime: Runtime, input: { slug: string; name: string; domains: string[] }): Promise<void> {
  const orm = runtime.database.orm;
  const clash = await orm
    .select({ slug: tenants.slug, name: tenants.name })
    .from(tenants)
    .where(or(eq(tenants.slug, input.slug), sql`lower(${tenants.name}) = lower(${input.name})`));
  if (clash.some((c) => c.slug === input.slug)) throw conflict(`Slug "${input.slug}" is taken`, 'input.slug');
  if (clash.length) throw conflict(`A tenant named "${input.name}" exists`, 'input.name');
  for (const [i, d] of input.domains.entries()) {
    assertNotUnderBaseDomain(runtime, d, `input.domains.${i}`);
    const [taken] = await orm.select({ id: domains.id }).from(domains).where(eq(domains.domain, d));
    if (taken) throw conflict(`Domain "${d}" is taken`, `input.domains.${i}`);
  }
}

function conflictFromConstraint(err: unknown): never {
  const v = uniqueViolation(err);
  if (!v) throw err;
  if (v.constraint.includes('slug') || v.constraint.includes('schema_name')) throw conflict('Slug is taken', 'input.slug');
  if (v.constraint.includes('name')) throw conflict('Tenant name is taken', 'input.name');
  if (v.constraint.includes('domain')) throw conflict('Domain is taken', 'input.domains');
  throw conflict('Tenant conflicts with an existing one');
}

/** The platform record of a tenant being provisioned (a new one, or one restored from a dump). */
export interface TenantProvisionRow {
  slug: string;
  name: string;
  domains: string[];
  maxUsers?: number | null;
  subscriptionStatus?: SubscriptionStatus | null;
  contactEmail?: string | null;
  contactPhone?: string | null;
  settings?: Record<string, unknown>;
  isActive?: boolean;
}

export interface TenantProvisionArgs<T> {
  runtime: Runtime;
  row: TenantProvisionRow;
  /** Migrates and fills the new schema inside the provisioning transaction. */
  fill: (tx: Tx, schemaName: string) => Promise<T>;
}

/**
 * Creates the tenant row, its domains and its schema, then `fill` migrates and fills the schema:
 * all in ONE transaction, so a failure at any step leaves nothing. Create, sign-up and import
 * (services/tenant-transfer.ts) differ only in `fill`.
 */
export async function tenantProvision<T>({
  runtime,
  row,
  fill,
}: TenantProvisionArgs<T>): Promise<{ tenantId: string; filled: T }> {
  await assertFree(runtime, { slug: row.slug, name: row.name, domains: row.domains });
  const schemaName = schemaNameFor(row.slug);
  try {
    return await runtime.database.orm.transaction(async (tx) => {
      const tenant = await single(
        tx
          .insert(tenants)
          .values({
            slug: row.slug,
            schemaName,
            name: row.name,
            maxUsers: row.maxUsers ?? 50,
            subscriptionStatus: row.subscriptionStatus ?? 'TRIAL',
            contactEmail: row.contactEmail ?? null,
            contactPhone: row.contactPhone ?? null,
            ...(row.settings ? { settings: row.settings } : {}),
            ...(row.isActive === undefined ? {} : { isActive: row.isActive }),
          })
          .returning({ id: tenants.id }),
      );
      if (row.domains.length) {
        await tx.insert(domains).values(row.domains.map((d, i) => ({ domain: d, tenantId: tenant.id, isPrimary: i === 0 })));
      }
      // A plain CREATE SCHEMA fails on a leftover schema instead of silently adopting it.
      await tx.execute(sql.raw(`create schema "${schemaName}"`));
      return { tenantId: tenant.id, filled: await fill(tx, schemaName) };
    });
  } catch (err) {
    if (err instanceof AppError) throw err;
    if (uniqueViolation(err)) conflictFromConstraint(err);
    const e = err as { code?: string; cause?: { code?: string } };
    if (e.code === '42P06' || e.cause?.code === '42P06') throw conflict('A schema for this slug already exists', 'input.slug');
    throw err;
  }
}

/** A new tenant: its schema at the latest migration, and its owner as the first SUPER_ADMIN. */
async function provision(runtime: Runtime, input: CreateTenantInput): Promise<{ tenantId: string; ownerId: string }> {
  await assertFree(runtime, { slug: input.slug, name: input.name, domains: input.domains });
  const passwordHash = await runtime.passwords.hash(input.owner.password);
  const { tenantId, filled: ownerId } = await tenantProvision({
    runtime,
    row: input,
    fill: async (tx, schemaName) => {
      await migrateSchemaInTx(tx, 'tenant', schemaName);
      await runtime.faults.afterTenantSchemaCreated?.(input.slug);
      // The platform's transaction is not bound to the new schema: the owner goes in by name.
      const owner = await single(
        tx
          .execute(
            sql`insert into ${sql.identifier(schemaName)}.users (email, password_hash, first_name, last_name, role)
          values (${input.owner.email}, ${passwordHash}, ${input.owner.firstName}, ${input.owner.lastName}, 'SUPER_ADMIN')
          returning id`,
          )
          .then((r) => resultRows<{ id: string }>(r)),
      );
      return owner.id;
    },
  });
  return { tenantId, ownerId };
}

async function registered(runtime: Runtime, id: string): Promise<TenantRecord> {
  await runtime.registry.changed(id);
  const record = await runtime.registry.byId(id);
  if (!record) throw notFound('Tenant');
  return record;
}

export type TenantCreateArgs = {
  runtime: Runtime;
  viewer: PlatformViewer | null;
  input: unknown;
};

export async function tenantCreate(args: TenantCreateArgs): Promise<TenantRecord> {
  const input = parseInput(createTenantInput, args.input);
  const { tenantId } = await provision(args.runtime, input);
  return registered(args.runtime, tenantId);
}

export type TenantSignUpArgs = {
  runtime: Runtime;
  clientIp: string;
  userAgent: string | undefined;
  input: unknown;
};

export async function tenantSignUp(args: TenantSignUpArgs): Promise<SignUpPayloadModel> {
  const { runtime, clientIp } = args;
  if (!runtime.config.signupEnabled) throw new AppError('FORBIDDEN', 'Self-service sign-up is disabled on this server');
  const key = `signup-ip:${clientIp}`;
  const wait = runtime.limiter.retryAfter(key, runtime.config.limits.signupMaxPerHour);
  if (wait > 0)
    throw new AppError('RATE_LIMITED', 'Too many sign-ups from this address; try again later', { retryAfterSeconds: wait });
  const input = parseInput(signUpInput, args.input);
  runtime.limiter.hit(key, 3600);
  const { tenantId, ownerId } = await provision(runtime, {
    name: input.companyName,
    slug: input.slug,
    domains: [],
    owner: input.owner,
    subscriptionStatus: 'TRIAL',
  });
  const tenant = await registered(runtime, tenantId);
  const session = await sessionOpen({
    runtime,
    db: tenantDb(runtime.database, tenant.schemaName),
    userId: ownerId,
    role: 'SUPER_ADMIN',
    userAgent: args.userAgent,
    clientIp,
  });
  return { tenant, session };
}

function tenantId(id: unknown): string {
  return parseInput(uuid, id, 'id');
}

export interface TenantUpdateArgs extends PlatformArgs {
  id: string;
  input: unknown;
}

export async function tenantUpdate(args: TenantUpdateArgs): Promise<TenantRecord> {
  const id = tenantId(args.id);
  const input = parseInput(updateTenantInput, args.input);
  const patch: Partial<typeof tenants.$inferInsert> = {};
  if (input.name != null) patch.name = input.name;
  if (input.maxUsers != null) patch.maxUsers = input.maxUsers;
  if (input.subscriptionStatus != null) patch.subscriptionStatus = input.subscriptionStatus;
  if (input.contactEmail !== undefined) patch.contactEmail = input.contactEmail;
  if (input.contactPhone !== undefined) patch.contactPhone = input.contactPhone;
  if (Object.keys(patch).length === 0) return registered(args.runtime, id);
  await guardUnique(() => updateExisting(args.runtime.database.orm, tenants, id, patch, 'Tenant'), {
    message: 'Tenant name is taken',
    path: 'input.name',
  });
  return registered(args.runtime, id);
}

export type TenantSetActiveArgs = {
  runtime: Runtime;
  viewer: PlatformViewer | null;
  id: string;
  isActive: boolean;
};

export async function tenantSetActive(args: TenantSetActiveArgs): Promise<TenantRecord> {
  const id = tenantId(args.id);
  const res = await args.runtime.database.orm
    .update(tenants)
    .set({ isActive: args.isActive })
    .where(eq(tenants.id, id))
    .returning({ id: tenants.id });
  if (!res.length) throw notFound('Tenant');
  return registered(args.runtime, id);
}

export interface TenantDomainArgs {
  runtime: Runtime;
  viewer: PlatformViewer | null;
  id: string;
  domain: unknown;
}

/** The tenant's id and the domain, validated, of a domain change. */
function domainOf(args: TenantDomainArgs): { id: string; d: string } {
  return { id: tenantId(args.id), d: parseInput(domainRule, args.domain, 'domain') };
}

export type TenantDomainAddArgs = TenantDomainArgs;

export async function tenantDomainAdd(args: TenantDomainAddArgs): Promise<TenantRecord> {
  const { id, d } = domainOf(args);
  assertNotUnderBaseDomain(args.runtime, d, 'domain');
  if (!(await args.runtime.registry.byId(id))) throw notFound('Tenant');
  await guardUnique(() => insertOne(args.runtime.database.orm, domains, { domain: d, tenantId: id }), {
    message: `Domain "${d}" is taken`,
    path: 'domain',
  });
  return registered(args.runtime, id);
}

export type TenantDomainRemoveArgs = TenantDomainArgs;

export async function tenantDomainRemove(args: TenantDomainRemoveArgs): Promise<TenantRecord> {
  const { id, d } = domainOf(args);
  const res = await args.runtime.database.orm
    .delete(domains)
    .where(and(eq(domains.tenantId, id), eq(domains.domain, d)))
    .returning({ id: domains.id });
  if (!res.length) throw notFound('Domain');
  return registered(args.runtime, id);
}

const DROP_ATTEMPTS = 5;

export type TenantDropArgs = { runtime: Runtime; slug: string };

/** Deletes a tenant and its schema with all its data. Irreversible; the CLI asks to confirm. */
export async function tenantDrop(args: TenantDropArgs): Promise<void> {
  const { runtime } = args;
  const record = await runtime.registry.bySlug(args.slug);
  if (!record) throw notFound('Tenant');
  // The drop locks every object of the schema, and a worker of this or another process (an event
  // handler, a sweep) may hold one of them while it waits for the tenant row deleted here: PostgreSQL
  // then ends one of the two transactions. When that is the drop, it is tried again (a few times:
  // the worker, whose transaction went on, is done by then).
  for (let attempt = 1; ; attempt++) {
    try {
      await runtime.database.orm.transaction(async (tx) => {
        await tx.delete(tenants).where(eq(tenants.id, record.id));
        await tx.execute(sql.raw(`drop schema if exists "${record.schemaName}" cascade`));
      });
      break;
    } catch (err) {
      if (attempt >= DROP_ATTEMPTS || !deadlockDetected(err)) throw err;
      runtime.log.warn(
        { tenant: record.slug, attempt },
        'dropping the tenant deadlocked with a worker in its schema: trying again',
      );
    }
  }
  await runtime.registry.changed(record.id);
}

export interface TenantSuperAdminAddArgs extends PlatformArgs {
  tenantId: string;
  input: unknown;
}

/** A further SUPER_ADMIN for a tenant (decisions §2); it takes a seat like any other user. */
export async function tenantSuperAdminAdd(args: TenantSuperAdminAddArgs): Promise<TenantSuperAdminModel> {
  const { runtime } = args;
  const { tenant, db } = await tenantWithDbGetById({ runtime, tenantId: args.tenantId });
  const values = parseInput(superAdminInput, args.input);
  const passwordHash = await runtime.passwords.hash(values.password);
  const id = await inTransaction(db.orm, (tx) =>
    userInsert({ tx, db, user: { ...values, passwordHash, role: 'SUPER_ADMIN', branchIds: [], regionIds: [] }, actorId: null }),
  );
  return { id, email: values.email, tenant };
}
