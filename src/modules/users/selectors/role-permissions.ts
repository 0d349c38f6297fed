// Per-tenant permission sets as read: each role's effective actions (its defaults from the action
// catalogue with the tenant's grants and revocations), and the catalogue itself.
import {
  ACTIONS,
  ACTION_NAMES,
  defaultActions,
  effectiveActions,
  grantableActions,
  isEditableRole,
  type Action,
} from '../../../access/actions.js';
import { assertCan } from '../../../access/can.js';
import { TENANT_ROLES, type TenantRole } from '../../../access/roles.js';
import type { TenantArgs } from '../../shared-args.js';
import type { RolePermissionsModel } from '../models.js';

export type RolePermissionsListArgs = TenantArgs;

/** A role's permission set as the API shows it, given the tenant's override of its defaults. */
export function rolePermissionsOf(
  role: TenantRole,
  override: { granted: string[]; revoked: string[] } | undefined,
): RolePermissionsModel {
  const actions = [...effectiveActions(role, override)].sort();
  const defaults = defaultActions(role);
  return {
    role,
    actions,
    defaultActions: defaults,
    grantableActions: grantableActions(role),
    editable: isEditableRole(role),
    customized: actions.length !== defaults.length || actions.some((a, i) => a !== defaults[i]),
  };
}

export async function rolePermissionsList({ db, viewer }: RolePermissionsListArgs): Promise<RolePermissionsModel[]> {
  assertCan(viewer, 'permissions:manage');
  const rows = await db.orm.select().from(db.t.rolePermissions);
  const byRole = new Map(rows.map((r) => [r.role, r]));
  return TENANT_ROLES.map((role) => rolePermissionsOf(role, byRole.get(role)));
}

export function actionCatalogue(): { name: Action; description: string; kind: 'DATA' | 'RESTRICTED' }[] {
  return ACTION_NAMES.map((name) => ({
    name,
    description: ACTIONS[name].description,
    kind: ACTIONS[name].kind === 'data' ? 'DATA' : 'RESTRICTED',
  }));
}
