// Input rules for regions and branches.
import { z } from 'zod';
import { searchText, uuid } from '../shared-validation.js';

const name = z.string().trim().min(1, 'is required').max(100, 'must be at most 100 characters');
const bounded = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`);
/** Optional free text: absent or null means empty. */
const text = (max: number) =>
  bounded(max)
    .nullish()
    .transform((v) => v ?? '');
/** On update: absent means unchanged, null means empty. */
const textPatch = (max: number) =>
  bounded(max)
    .nullable()
    .optional()
    .transform((v) => (v === null ? '' : v));
const country = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^([A-Z]{2})?$/, 'must be an ISO 3166-1 alpha-2 code');

export const createRegionInput = z.object({ name, description: text(1000) });

export const updateRegionInput = z.object({
  name: name.optional(),
  description: textPatch(1000),
});

const branchFields = {
  phone: text(20),
  website: text(100),
  street: text(100),
  suburb: text(100),
  state: text(100),
  postcode: text(20),
  country: country.nullish().transform((v) => v ?? ''),
};

export const createBranchInput = z.object({ name, regionId: uuid.nullish(), ...branchFields });

export const updateBranchInput = z.object({
  name: name.optional(),
  regionId: uuid.nullable().optional(),
  phone: textPatch(20),
  website: textPatch(100),
  street: textPatch(100),
  suburb: textPatch(100),
  state: textPatch(100),
  postcode: textPatch(20),
  country: country
    .nullable()
    .optional()
    .transform((v) => (v === null ? '' : v)),
});

export const branchFilterInput = z.object({
  regionId: uuid.nullish(),
  search: searchText.nullish(),
  includeDeleted: z.boolean().nullish(),
});
