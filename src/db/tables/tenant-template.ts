// Entry point for drizzle-kit: the tenant tables against the placeholder schema. Never queried.
import { buildTenantTables, TEMPLATE_SCHEMA } from './tenant.js';

export const { users, regions, branches, userBranches, userRegions, rolePermissions, sessions, refreshTokens } =
  buildTenantTables(TEMPLATE_SCHEMA);
