// Input rules for clients and their profile parts.
import { z } from 'zod';
import { CLIENT_STAGES, GENDERS } from '../../db/tables/enums.js';
import { countryCode, isoDate, optionalText, patchText, uuid } from '../shared-validation.js';

const firstName = z.string().trim().min(1, 'is required').max(100, 'must be at most 100 characters');
const gender = z.enum(GENDERS, { message: 'must be MALE, FEMALE or OTHER' });
const stage = z.enum(CLIENT_STAGES, { message: 'must be a client stage' });
const pastDate = isoDate.refine((d) => d <= new Date().toISOString().slice(0, 10), 'must not be in the future');
const emailOrEmpty = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, 'must be at most 254 characters')
  .refine((v) => v === '' || z.email().safeParse(v).success, 'must be a valid email address');

export const createClientInput = z.object({
  firstName,
  middleName: optionalText(100),
  lastName: optionalText(100),
  gender,
  dob: pastDate.nullish(),
  phoneNumber: optionalText(20),
  email: emailOrEmpty.nullish().transform((v) => v ?? ''),
  street: optionalText(100),
  suburb: optionalText(100),
  state: optionalText(100),
  postcode: optionalText(20),
  country: countryCode,
  branchId: uuid.nullish(),
  assignedToId: uuid.nullish(),
  stage: stage.nullish().transform((v) => v ?? 'LEAD'),
  active: z
    .boolean()
    .nullish()
    .transform((v) => v ?? false),
  visaCategoryId: uuid.nullish(),
  agentId: uuid.nullish(),
  description: optionalText(5000),
  referredBy: optionalText(100),
});

/** Absent = unchanged. Null clears the optional links and texts; it leaves required fields unchanged. */
export const updateClientInput = z.object({
  firstName: firstName.nullish(),
  middleName: patchText(100),
  lastName: patchText(100),
  gender: gender.nullish(),
  dob: pastDate.nullable().optional(),
  phoneNumber: patchText(20),
  email: emailOrEmpty
    .nullable()
    .optional()
    .transform((v) => (v === null ? '' : v)),
  street: patchText(100),
  suburb: patchText(100),
  state: patchText(100),
  postcode: patchText(20),
  country: countryCode.nullish(),
  branchId: uuid.nullish(),
  assignedToId: uuid.nullable().optional(),
  stage: stage.nullish(),
  active: z.boolean().nullish(),
  visaCategoryId: uuid.nullable().optional(),
  agentId: uuid.nullable().optional(),
  description: patchText(5000),
  referredBy: patchText(100),
});

export const clientFilterInput = z.object({
  search: z.string().trim().max(100).nullish(),
  stage: stage.nullish(),
  branchId: uuid.nullish(),
  assignedToId: uuid.nullish(),
  unassigned: z.boolean().nullish(),
  active: z.boolean().nullish(),
  visaCategoryId: uuid.nullish(),
  agentId: uuid.nullish(),
  createdFrom: z.coerce.date().nullish(),
  createdTo: z.coerce.date().nullish(),
  deleted: z.boolean().nullish(),
});
export type ClientFilter = z.infer<typeof clientFilterInput>;

export const clientStage = stage;
