// The assignment rule of decisions §2: work (clients, applications, tasks, events) may only be
// assigned to an active user inside the actor's user scope; SUPER_ADMIN and COUNTRY_MANAGER may
// assign to anyone active in the tenant.
import { seesWholeTenant } from '../../access/roles.js';
import { badInput, forbidden } from '../../errors.js';
import type { TenantArgs } from '../shared-args.js';
import { parseInput, uuid } from '../shared-validation.js';
import { userIsAssignable } from './selectors.js';

/** Who is to be given the work, and the input field that named it. */
export interface AssignableArgs extends TenantArgs {
  userId: unknown;
  path: string;
}

/**
 * Returns the user id when the viewer may assign work to it. A scoped viewer gets FORBIDDEN for
 * anyone it may not assign to, existing or not (no oracle); a whole-tenant viewer gets
 * BAD_USER_INPUT for an id that is not an active user.
 */
export async function assertAssignable({ db, viewer, userId, path }: AssignableArgs): Promise<string> {
  const id = parseInput(uuid, userId, path);
  if (await userIsAssignable({ db, viewer, userId: id })) return id;
  if (seesWholeTenant(viewer.role)) throw badInput([{ path, message: 'is not an active user of this tenant' }]);
  throw forbidden('You may only assign work to active users who share a branch in your scope');
}
