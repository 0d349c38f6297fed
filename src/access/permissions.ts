// The shield map: an explicit rule for every root field; anything not listed is denied. The
// platform, auth and org rules live here; each domain module adds its own (src/modules/<m>/rules.ts).
import { deny, shield } from 'graphql-shield';
import type { IRule } from 'graphql-shield';
import { AppError } from '../errors.js';
import { agentRules } from '../modules/agents/rules.js';
import { calendarRules } from '../modules/calendar/rules.js';
import { clientRules } from '../modules/clients/rules.js';
import { educationRules } from '../modules/education/rules.js';
import { reminderRules } from '../modules/reminders/rules.js';
import { taskRules } from '../modules/tasks/rules.js';
import { visaRules } from '../modules/visas/rules.js';
import { notificationRules } from '../modules/notifications/rules.js';
import { eventRules } from '../modules/events/rules.js';
import { searchRules } from '../modules/search/rules.js';
import { platformRules } from '../modules/platform/rules.js';
import { settingsRules } from '../modules/settings/rules.js';
import {
  isAuthenticated,
  isTenantContext,
  isPlatformAdmin,
  isPlatformContext,
  isPublic,
  isTenantUser,
  may,
  type ModuleRules,
} from './rules.js';

const coreRules = {
  Query: {
    ping: isPublic,
    me: isAuthenticated,
    tenantInfo: isPublic,
    tenants: isPlatformAdmin,
    tenant: isPlatformAdmin,
    regions: may('region:read'),
    region: may('region:read'),
    branches: may('branch:read'),
    branch: may('branch:read'),
    users: may('user:read'),
    user: may('user:read'),
    assignableUsers: isTenantUser,
    actionCatalogue: isTenantUser,
    rolePermissions: may('permissions:manage'),
  },
  Mutation: {
    ping: isPublic,
    login: isPublic,
    refreshSession: isPublic,
    logout: isPublic,
    changeMyPassword: isAuthenticated,
    acceptInvitation: isTenantContext,
    requestPasswordReset: isTenantContext,
    resetPassword: isTenantContext,
    createTenant: isPlatformAdmin,
    updateTenant: isPlatformAdmin,
    deactivateTenant: isPlatformAdmin,
    activateTenant: isPlatformAdmin,
    addTenantDomain: isPlatformAdmin,
    removeTenantDomain: isPlatformAdmin,
    addTenantSuperAdmin: isPlatformAdmin,
    signUp: isPlatformContext,
    createRegion: may('region:create'),
    updateRegion: may('region:update'),
    deleteRegion: may('region:delete'),
    createBranch: may('branch:create'),
    updateBranch: may('branch:update'),
    deleteBranch: may('branch:delete'),
    restoreBranch: may('branch:delete'),
    createUser: may('user:create'),
    inviteUser: may('user:create'),
    updateUser: may('user:update'),
    deactivateUser: may('user:deactivate'),
    reactivateUser: may('user:deactivate'),
    resetUserPassword: may('user:resetPassword'),
    setRolePermissions: may('permissions:manage'),
  },
} satisfies ModuleRules;

const moduleRules: ModuleRules[] = [
  clientRules,
  visaRules,
  agentRules,
  educationRules,
  taskRules,
  reminderRules,
  calendarRules,
  notificationRules,
  eventRules,
  searchRules,
  platformRules,
  settingsRules,
];

/** Merges rule maps, refusing a root field ruled twice (a silent override would be a hole). */
function merge(parts: readonly ModuleRules[], type: keyof ModuleRules): Record<string, IRule | typeof deny> {
  const out: Record<string, IRule | typeof deny> = { '*': deny };
  for (const part of parts) {
    for (const [field, rule] of Object.entries(part[type] ?? {})) {
      // Stryker disable next-line ConditionalExpression: a static mutant (reached when the module loads), for which the vitest runner runs no test; by hand, `true` here fails every test that imports this module
      if (out[field]) throw new Error(`shield: ${type}.${field} has two rules`);
      out[field] = rule;
    }
  }
  return out;
}

/** The rule tree of `parts`; Subscription is listed only when a part rules one (shield refuses rules for a missing type). */
export function ruleTree(parts: readonly ModuleRules[]) {
  const subscriptionRules = merge(parts, 'Subscription');
  return {
    Query: merge(parts, 'Query'),
    Mutation: merge(parts, 'Mutation'),
    ...(Object.keys(subscriptionRules).length > 1 ? { Subscription: subscriptionRules } : {}),
  };
}

export const permissionRules = ruleTree([coreRules, ...moduleRules]);

/** Refusals without an error of their own ("*": deny) are FORBIDDEN; resolvers' errors pass on unchanged. */
export const shieldOptions = {
  allowExternalErrors: true,
  fallbackError: () => new AppError('FORBIDDEN', 'You are not allowed to do this'),
  // Stryker disable next-line BooleanLiteral: debug only changes whether shield rethrows or returns a resolver's error; GraphQL reports both alike
  debug: false,
};

export const permissions = shield(permissionRules, shieldOptions);
