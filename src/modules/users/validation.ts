// Input rules for users and role permission sets.
import { z } from 'zod';
import { TENANT_ROLES } from '../../access/roles.js';
import { email, password, personName, searchText, uuid } from '../shared-validation.js';

const role = z.enum(TENANT_ROLES, { message: 'must be a tenant role' });
const ids = z
  .array(uuid)
  .max(100, 'must list at most 100 ids')
  .refine((list) => new Set(list).size === list.length, 'must not repeat an id');

export const createUserInput = z.object({
  email,
  password,
  firstName: personName,
  lastName: personName,
  role,
  branchIds: ids.nullish(),
  regionIds: ids.nullish(),
});

/** An invitation: a new user as for createUser, without a password (the invitee chooses it). */
export const inviteUserInput = createUserInput.omit({ password: true });

export const updateUserInput = z.object({
  email: email.nullish(),
  firstName: personName.nullish(),
  lastName: personName.nullish(),
  role: role.nullish(),
  branchIds: ids.nullish(),
  regionIds: ids.nullish(),
});

export const resetUserPasswordInput = z.object({ newPassword: password });

export const userFilterInput = z.object({
  search: searchText.nullish(),
  role: role.nullish(),
  branchId: uuid.nullish(),
  regionId: uuid.nullish(),
  isActive: z.boolean().nullish(),
});

export const setRolePermissionsInput = z.object({
  role,
  actions: z
    .array(z.string().trim().min(1).max(100))
    .max(200)
    .refine((list) => new Set(list).size === list.length, 'must not repeat an action'),
});

export const superAdminInput = z.object({ email, password, firstName: personName, lastName: personName });
