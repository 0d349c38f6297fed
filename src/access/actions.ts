// The one catalogue of actions a tenant user may perform. Shield rules, services (through
// assertCan) and `me.actions` all read it, so the API and what a frontend shows never disagree.
// Each role's default set comes from here; a tenant may revoke actions from a role or grant it
// further *data* actions, never a *restricted* one (user management and the org structure), so a
// permission set can never lift anyone past the hierarchy of decisions §2.
import { TENANT_ROLES, type TenantRole } from './roles.js';

type ActionKind = 'data' | 'restricted';

interface ActionSpec {
  readonly description: string;
  /** Roles holding the action unless the tenant changes it. */
  readonly defaults: readonly TenantRole[];
  /** `data`: grantable to any role; `restricted`: only ever held by its default roles. */
  readonly kind: ActionKind;
}

const ALL = TENANT_ROLES;
const MANAGERS: readonly TenantRole[] = ['SUPER_ADMIN', 'COUNTRY_MANAGER', 'REGION_MANAGER', 'BRANCH_ADMIN'];

export const ACTIONS = {
  'region:read': { description: 'See regions in scope', defaults: ALL, kind: 'data' },
  'region:create': { description: 'Create regions', defaults: ['SUPER_ADMIN', 'COUNTRY_MANAGER'], kind: 'restricted' },
  'region:update': {
    description: 'Rename and describe regions',
    defaults: ['SUPER_ADMIN', 'COUNTRY_MANAGER'],
    kind: 'restricted',
  },
  'region:delete': {
    description: 'Delete regions without branches',
    defaults: ['SUPER_ADMIN', 'COUNTRY_MANAGER'],
    kind: 'restricted',
  },
  'branch:read': { description: 'See branches in scope', defaults: ALL, kind: 'data' },
  'branch:create': {
    description: 'Create branches (a region manager: in its own regions)',
    defaults: ['SUPER_ADMIN', 'COUNTRY_MANAGER', 'REGION_MANAGER'],
    kind: 'restricted',
  },
  'branch:update': {
    description: 'Change branches in scope',
    defaults: ['SUPER_ADMIN', 'COUNTRY_MANAGER', 'REGION_MANAGER'],
    kind: 'restricted',
  },
  'branch:delete': {
    description: 'Delete and restore branches in scope',
    defaults: ['SUPER_ADMIN', 'COUNTRY_MANAGER', 'REGION_MANAGER'],
    kind: 'restricted',
  },
  'user:read': { description: 'See the users in scope', defaults: ALL, kind: 'data' },
  'user:create': { description: 'Create users of a lower role in scope', defaults: MANAGERS, kind: 'restricted' },
  'user:update': {
    description: 'Change users below you in scope: names, email, role, branches, regions',
    defaults: MANAGERS,
    kind: 'restricted',
  },
  'user:deactivate': {
    description: 'Deactivate and reactivate users below you in scope',
    defaults: MANAGERS,
    kind: 'restricted',
  },
  'user:resetPassword': {
    description: 'Set a new password for users below you in scope',
    defaults: MANAGERS,
    kind: 'restricted',
  },
  'permissions:manage': { description: "Change each role's permission set", defaults: ['SUPER_ADMIN'], kind: 'restricted' },
} as const satisfies Record<string, ActionSpec>;

export type Action = keyof typeof ACTIONS;

export const ACTION_NAMES = Object.keys(ACTIONS).sort() as Action[];

export function isAction(name: string): name is Action {
  return Object.hasOwn(ACTIONS, name);
}

const spec = (a: Action): ActionSpec => ACTIONS[a];

export function defaultActions(role: TenantRole): Action[] {
  return ACTION_NAMES.filter((a) => spec(a).defaults.includes(role));
}

/** Everything a role may ever hold: its defaults plus every data action. SUPER_ADMIN: its defaults. */
export function grantableActions(role: TenantRole): Action[] {
  if (!isEditableRole(role)) return defaultActions(role);
  return ACTION_NAMES.filter((a) => spec(a).kind === 'data' || spec(a).defaults.includes(role));
}

/** The tenant owner's set is fixed, so a tenant can never lock itself out of its own settings. */
export function isEditableRole(role: TenantRole): boolean {
  return role !== 'SUPER_ADMIN';
}

/** A tenant's change to one role's defaults, as stored. */
export interface RoleOverride {
  granted: readonly string[];
  revoked: readonly string[];
}

/**
 * The effective set: defaults, minus what the tenant revoked, plus what it granted within the
 * role's ceiling. Clamped on every read, so a stored override can never exceed what code allows
 * (even if the catalogue changes after it was written).
 */
export function effectiveActions(role: TenantRole, override: RoleOverride | null | undefined): ReadonlySet<Action> {
  const set = new Set<Action>(defaultActions(role));
  if (!override || !isEditableRole(role)) return set;
  for (const a of override.revoked) if (isAction(a)) set.delete(a);
  const ceiling = new Set(grantableActions(role));
  for (const a of override.granted) if (isAction(a) && ceiling.has(a)) set.add(a);
  return set;
}

/** The override that turns a role's defaults into `actions`. */
export function overrideFor(role: TenantRole, actions: readonly Action[]): RoleOverride {
  const defaults = new Set(defaultActions(role));
  const wanted = new Set(actions);
  return {
    granted: [...wanted].filter((a) => !defaults.has(a)).sort(),
    revoked: [...defaults].filter((a) => !wanted.has(a)).sort(),
  };
}
