// Object-level permission checks for services, typed by the action catalogue: `assertCan(viewer,
// 'user:update', target)` checks that the viewer's role holds the action in this tenant and that
// the hierarchy of decisions §2 allows it on that target. Visibility (NOT_FOUND) is the
// selectors' job: a service loads its target through a scoped selector before asking here.
import type { TenantViewer } from '../auth/viewer.js';
import { forbidden } from '../errors.js';
import type { Action } from './actions.js';
import { CREATABLE_ROLES, isBelow, type TenantRole } from './roles.js';
import { inBranchScope, inRegionScope } from './scope.js';

/** An existing user an action applies to, with everything it holds (loaded by the service). */
export interface UserTarget {
  id: string;
  role: TenantRole;
  /** Every branch of the user, deleted ones too (a restore would bring them back), with its region. */
  branches: readonly { id: string; regionId: string | null }[];
  /** The regions that count for the user: a REGION_MANAGER's, none for any other role. */
  regionIds: readonly string[];
}

/** The role and scope a user is given (on create, or as the new values on update). */
export interface UserGrant {
  role: TenantRole;
  /** Branches being attached, with their regions (loaded by the service). */
  branches: readonly { id: string; regionId: string | null }[];
  regionIds: readonly string[];
}

export interface BranchTarget {
  id?: string;
  regionId: string | null;
}

interface Targets {
  'user:create': UserGrant;
  'user:update': UserTarget & { grant: UserGrant | null };
  'user:deactivate': UserTarget;
  'user:resetPassword': UserTarget;
  'branch:create': BranchTarget;
  'branch:update': BranchTarget & { newRegionId: string | null };
  'branch:delete': BranchTarget;
}

/** Without a target only the action itself is checked (shield's question); with one, the hierarchy too. */
type TargetArgs<A extends Action> = A extends keyof Targets ? [target?: Targets[A]] : [];

/** Why the viewer may not do `action` (to `target`), or null when it may. */
export function denial<A extends Action>(viewer: TenantViewer, action: A, ...args: TargetArgs<A>): string | null {
  if (!viewer.actions.has(action)) return `Your role may not ${action.replace(':', ' ')}`;
  const target = args[0] as Targets[keyof Targets] | undefined;
  if (!target) return null;
  switch (action) {
    case 'user:create':
      return grantDenial(viewer, target as UserGrant);
    case 'user:update': {
      const t = target as Targets['user:update'];
      return userDenial(viewer, t) ?? (t.grant ? grantDenial(viewer, t.grant) : null);
    }
    case 'user:deactivate':
    case 'user:resetPassword':
      return userDenial(viewer, target as UserTarget);
    case 'branch:create':
    case 'branch:delete':
      return regionManagerDenial(viewer, (target as BranchTarget).regionId);
    case 'branch:update': {
      const t = target as Targets['branch:update'];
      return regionManagerDenial(viewer, t.regionId) ?? regionManagerDenial(viewer, t.newRegionId);
    }
    default:
      return null;
  }
}

export function can<A extends Action>(viewer: TenantViewer, action: A, ...args: TargetArgs<A>): boolean {
  return denial(viewer, action, ...args) === null;
}

/** Throws FORBIDDEN, saying why, unless the viewer may do `action` (to `target`). */
export function assertCan<A extends Action>(viewer: TenantViewer, action: A, ...args: TargetArgs<A>): void {
  const why = denial(viewer, action, ...args);
  if (why) throw forbidden(why);
}

function userDenial(viewer: TenantViewer, target: UserTarget): string | null {
  if (target.id === viewer.id) return 'Nobody may change their own role, scope or status';
  if (!isBelow(target.role, viewer.role)) return `A ${viewer.role} may only manage users below its own role`;
  // One shared branch makes a user visible; managing it takes all of it. Otherwise the actor could
  // reset the password (or raise the role) and, signed in as that user, reach what it cannot see.
  if (target.branches.some((b) => !inBranchScope(viewer, b)) || target.regionIds.some((r) => !inRegionScope(viewer, r))) {
    return 'The user holds a branch or region outside your scope';
  }
  return null;
}

function grantDenial(viewer: TenantViewer, grant: UserGrant): string | null {
  if (!CREATABLE_ROLES[viewer.role].includes(grant.role)) return `A ${viewer.role} may not give the role ${grant.role}`;
  if (grant.branches.some((b) => !inBranchScope(viewer, b))) return 'A branch is outside your scope';
  if (grant.regionIds.some((r) => !inRegionScope(viewer, r))) return 'A region is outside your scope';
  return null;
}

/** A region manager may only work on branches inside its own regions. */
function regionManagerDenial(viewer: TenantViewer, regionId: string | null): string | null {
  if (viewer.role !== 'REGION_MANAGER') return null;
  return regionId !== null && viewer.regionIds.includes(regionId)
    ? null
    : 'A region manager may only manage branches in its own regions';
}
