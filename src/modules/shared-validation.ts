// Field rules shared by several modules' input schemas.
import { z } from 'zod';
import { fromZod } from '../errors.js';

export const email = z.string().trim().toLowerCase().max(254).email('must be a valid email address');
export const password = z.string().min(8, 'must be at least 8 characters').max(200, 'must be at most 200 characters');
export const personName = z.string().trim().min(1, 'is required').max(150, 'must be at most 150 characters');
export const uuid = z.string().uuid('must be a valid id');

/** Parses `input` or throws BAD_USER_INPUT naming every offending field under `prefix`. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, prefix = 'input'): z.infer<S> {
  const res = schema.safeParse(input);
  if (!res.success) throw fromZod(res.error, prefix);
  return res.data;
}
