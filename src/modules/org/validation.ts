// Input rules for regions and branches.
import { z } from 'zod';
import { uuid } from '../shared-validation.js';

const name = z.string().trim().min(1, 'is required').max(100, 'must be at most 100 characters');
const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .nullish()
    .transform((v) => v ?? '');

export const createRegionInput = z.object({ name, description: text(1000) });

export const createBranchInput = z.object({
  name,
  regionId: uuid.nullish(),
  phone: text(20),
  website: text(100),
  street: text(100),
  suburb: text(100),
  state: text(100),
  postcode: text(20),
  country: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^([A-Z]{2})?$/, 'must be an ISO 3166-1 alpha-2 code')
    .nullish()
    .transform((v) => v ?? ''),
});
