// Per-tenant permission sets changed: a SUPER_ADMIN may revoke actions from a role or grant it
// further data actions. The change is read on the next request of every process (see
// authenticate), and can never exceed a role's ceiling.
import { eq } from 'drizzle-orm';
import { grantableActions, isAction, isEditableRole, overrideFor, type Action } from '../../../access/actions.js';
import { assertCan } from '../../../access/can.js';
import { tenantSessionsChanged } from '../../../auth/session-cache.js';
import { badInput, forbidden } from '../../../errors.js';
import type { TenantArgs } from '../../shared-args.js';
import { parseInput } from '../../shared-validation.js';
import type { RolePermissionsModel } from '../models.js';
import { rolePermissionsOf } from '../selectors/role-permissions.js';
import { setRolePermissionsInput } from '../validation.js';

export interface RolePermissionsSetArgs extends TenantArgs {
  input: unknown;
}

export async function rolePermissionsSet({ db, viewer, input }: RolePermissionsSetArgs): Promise<RolePermissionsModel> {
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
  return rolePermissionsOf(role, { granted: [...override.granted], revoked: [...override.revoked] });
}
