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
const OWNER: readonly TenantRole[] = ['SUPER_ADMIN'];
const COUNTRY_MANAGER_UP: readonly TenantRole[] = ['SUPER_ADMIN', 'COUNTRY_MANAGER'];
const REGION_MANAGER_UP: readonly TenantRole[] = ['SUPER_ADMIN', 'COUNTRY_MANAGER', 'REGION_MANAGER'];
const MANAGERS: readonly TenantRole[] = ['SUPER_ADMIN', 'COUNTRY_MANAGER', 'REGION_MANAGER', 'BRANCH_ADMIN'];
/** BRANCH_ADMIN and above: master data writes, deletes and restores, the team's calendars (decisions §2). */
const BRANCH_ADMIN_UP = MANAGERS;

/** An action a tenant may grant to any role. */
const data = (description: string, defaults: readonly TenantRole[]): ActionSpec => ({ description, defaults, kind: 'data' });
/** An action only ever held by its default roles. */
const restricted = (description: string, defaults: readonly TenantRole[]): ActionSpec => ({
  description,
  defaults,
  kind: 'restricted',
});

export const ACTIONS = {
  'region:read': data('See regions in scope', ALL),
  'region:create': restricted('Create regions', COUNTRY_MANAGER_UP),
  'region:update': restricted('Rename and describe regions', COUNTRY_MANAGER_UP),
  'region:delete': restricted('Delete regions without branches', COUNTRY_MANAGER_UP),
  'branch:read': data('See branches in scope', ALL),
  'branch:create': restricted('Create branches (a region manager: in its own regions)', REGION_MANAGER_UP),
  'branch:update': restricted('Change branches in scope', REGION_MANAGER_UP),
  'branch:delete': restricted('Delete and restore branches in scope', REGION_MANAGER_UP),
  'user:read': data('See the users in scope', ALL),
  'user:create': restricted('Create users of a lower role in scope', MANAGERS),
  'user:update': restricted('Change users below you in scope: names, email, role, branches, regions', MANAGERS),
  'user:deactivate': restricted('Deactivate and reactivate users below you in scope', MANAGERS),
  'user:resetPassword': restricted('Set a new password for users below you in scope', MANAGERS),
  'permissions:manage': restricted("Change each role's permission set", OWNER),
  // The tenant's own settings (expiry windows, time zone, currency): the tenant owner's alone.
  'settings:read': restricted("See the tenant's settings", OWNER),
  'settings:update': restricted("Change the tenant's settings: expiry and due-soon windows, time zone, default currency", OWNER),

  // Clients and everything hanging off a client, always within the data scope.
  'client:read': data('See the clients of branches in scope, their profile parts, notes and timeline', ALL),
  'client:create': data('Create clients in a branch in scope', ALL),
  'client:update': data(
    'Change clients in scope: details, stage, passport, proficiencies, qualifications, employments, picture',
    ALL,
  ),
  'client:assign': data('Assign clients in scope to users in your user scope', ALL),
  'client:delete': data('Delete and restore clients in scope', BRANCH_ADMIN_UP),
  'note:create': data('Write notes on clients in scope, and change or delete your own', ALL),
  'note:moderate': data("Change or delete other users' notes on clients in scope", BRANCH_ADMIN_UP),
  'visaApplication:read': data('See the visa applications of clients in scope', ALL),
  'visaApplication:create': data('Create visa applications for clients in scope', ALL),
  'visaApplication:update': data('Change and assign visa applications in scope', ALL),
  'visaApplication:delete': data('Delete and restore visa applications in scope', BRANCH_ADMIN_UP),
  'collegeApplication:read': data('See the college applications of clients in scope', ALL),
  'collegeApplication:create': data('Create college applications for clients in scope', ALL),
  'collegeApplication:update': data('Change, move and assign college applications in scope', ALL),
  'collegeApplication:delete': data('Delete and restore college applications in scope', BRANCH_ADMIN_UP),

  // Master data: readable by everyone, written by BRANCH_ADMIN and above.
  'catalogue:read': data(
    'See master data: visa categories and types, language exams, institutes, courses, application types, agents',
    ALL,
  ),
  'agent:write': data('Create and change agents', BRANCH_ADMIN_UP),
  'agent:delete': data('Delete and restore agents', BRANCH_ADMIN_UP),
  'visaCatalogue:write': data('Create, change and delete visa categories and visa types', BRANCH_ADMIN_UP),
  'languageExam:write': data('Create, change and delete language exams', BRANCH_ADMIN_UP),
  'institute:write': data(
    'Create and change institutes and their contacts, requirements, locations and intakes',
    BRANCH_ADMIN_UP,
  ),
  'institute:delete': data('Delete and restore institutes and their parts', BRANCH_ADMIN_UP),
  'courseCatalogue:write': data('Create, change and delete course levels, fields and courses', BRANCH_ADMIN_UP),
  'applicationType:write': data('Create, change and delete application types and their stages', BRANCH_ADMIN_UP),

  // Work management.
  'task:read': data('See your tasks, your branch pool and (BRANCH_ADMIN and above) the tasks in scope', ALL),
  'task:create': data('Create tasks and assign them within your user scope', ALL),
  'task:update': data('Change, complete, cancel, claim and comment on tasks you can see', ALL),
  'task:delete': data('Delete tasks you created (BRANCH_ADMIN and above: any task in scope)', ALL),
  'reminder:write': data('Create, change and delete your reminders', ALL),
  'calendar:write': data('Create, change and delete your calendar events', ALL),
  'calendar:viewTeam': data('See the calendar events and reminders of the users in your scope', BRANCH_ADMIN_UP),
  'calendar:assignOthers': data('Put calendar events in the calendars of users in your scope', BRANCH_ADMIN_UP),
  // The outbox: only the tenant owner sees events and retries failed ones.
  'events:read': restricted('See the domain events of the tenant and their processing state', OWNER),
  'events:retry': restricted('Retry failed domain events', OWNER),
  'dashboard:read': data('See stage and status counts and dashboards, scoped like the lists', ALL),
} satisfies Record<string, ActionSpec>;

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
  // Stryker disable next-line ConditionalExpression: equivalent while SUPER_ADMIN's defaults hold every data action (the catalogue's test says so); kept so a new data action never reaches it by accident
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
    // Stryker disable next-line MethodExpression: the defaults come in catalogue order, which is sorted already
    revoked: [...defaults].filter((a) => !wanted.has(a)).sort(),
  };
}
