// Per-tenant permission sets: each role's defaults come from the action catalogue; a SUPER_ADMIN
// may revoke actions from a role or grant it further data actions. The change is read on the
// next request of every process (see authenticate), and can never exceed a role's ceiling.
import { tenantSessionsChanged } from '../../auth/session-cache.js';
import { eq } from 'drizzle-orm';
import {
  ACTIONS,
  ACTION_NAMES,
  defaultActions,
  effectiveActions,
  grantableActions,
  isAction,
  isEditableRole,
  overrideFor,
  type Action,
} from '../../access/actions.js';
import { assertCan } from '../../access/can.js';
import { TENANT_ROLES, type TenantRole } from '../../access/roles.js';
import { badInput, forbidden } from '../../errors.js';
import type { RolePermissionsModel } from './models.js';
import { parseInput } from '../shared-validation.js';
import type { TenantArgs } from '../shared-args.js';
import { setRolePermissionsInput } from './validation.js';

export type RolePermissionArgs = TenantArgs;

function describe(role: TenantRole, override: { granted: string[]; revoked: string[] } | undefined): RolePermissionsModel {
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

export async function rolePermissionsList({ db, viewer }: RolePermissionArgs): Promise<RolePermissionsModel[]> {
  assertCan(viewer, 'permissions:manage');
  const rows = await db.orm.select().from(db.t.rolePermissions);
  const byRole = new Map(rows.map((r) => [r.role, r]));
  return TENANT_ROLES.map((role) => describe(role, byRole.get(role)));
}

export async function rolePermissionsSet({
  db,
  viewer,
  input,
}: RolePermissionArgs & { input: unknown }): Promise<RolePermissionsModel> {
  assertCan(viewer, 'permissions:manage');
  const { role, actions } = parseInput(setRolePermissionsInput, input);
  if (!isEditableRole(role)) throw forbidden(`The ${role} permission set is fixed`);
  const unknown = actions.flatMap((a, i) =>
    isAction(a) ? [] : [{ path: `input.actions.${i}`, message: `"${a}" is not an action` }],
  );
  if (unknown.length) throw badInput(unknown);
  const ceiling = new Set(grantableActions(role));
  const beyond = (actions as Action[]).filter((a) => !ceiling.has(a));
  if (beyond.length) throw forbidden(`A ${role} may not be given: ${beyond.join(', ')}`);
  const override = overrideFor(role, actions as Action[]);
  const rp = db.t.rolePermissions;
  if (!override.granted.length && !override.revoked.length) {
    await db.orm.delete(rp).where(eq(rp.role, role));
  } else {
    const values = { granted: [...override.granted], revoked: [...override.revoked], updatedById: viewer.id };
    await db.orm
      .insert(rp)
      .values({ role, ...values })
      .onConflictDoUpdate({ target: rp.role, set: { ...values, updatedAt: new Date() } });
  }
  // Every cached session of the tenant carries its role's actions.
  await tenantSessionsChanged(db)(db.orm, {});
  return describe(role, { granted: [...override.granted], revoked: [...override.revoked] });
}

export function actionCatalogue(): { name: Action; description: string; kind: 'DATA' | 'RESTRICTED' }[] {
  return ACTION_NAMES.map((name) => ({
    name,
    description: ACTIONS[name].description,
    kind: ACTIONS[name].kind === 'data' ? 'DATA' : 'RESTRICTED',
  }));
}
