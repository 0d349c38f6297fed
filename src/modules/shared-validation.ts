// Field rules shared by several modules' input schemas.
import { z } from 'zod';
import { fromZod } from '../errors.js';

export const email = z.string().trim().toLowerCase().max(254).email('must be a valid email address');
export const password = z.string().min(8, 'must be at least 8 characters').max(200, 'must be at most 200 characters');
export const personName = z.string().trim().min(1, 'is required').max(150, 'must be at most 150 characters');
export const uuid = z.string().uuid('must be a valid id');
/** A list's search text: trimmed, at most 100 characters. */
export const searchText = z.string().trim().max(100);
/** A DateTime argument (the scalar has parsed it already). */
export const dateTime = z.date({ message: 'must be a date-time' });

/** Parses `input` or throws BAD_USER_INPUT naming every offending field under `prefix`. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, prefix = 'input'): z.infer<S> {
  const res = schema.safeParse(input);
  if (!res.success) throw fromZod(res.error, prefix);
  return res.data;
}

/** ISO 3166-1 alpha-2, upper-cased. */
export const countryCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code');
/** A calendar date, YYYY-MM-DD. */
export const isoDate = z.iso.date('must be a date (YYYY-MM-DD)');
/** An ISO 4217 currency code, upper-cased. */
export const currencyCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 currency code');
/** A non-negative amount with at most two decimals, kept as a decimal string. */
export const money = z
  .string()
  .trim()
  .regex(/^\d{1,10}(\.\d{1,2})?$/, 'must be a non-negative amount with at most 2 decimals');
/** Bounded text; absent or null becomes '' (for create). */
export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .nullish()
    .transform((v) => v ?? '');
/** Bounded text on update: absent stays absent (unchanged), null becomes ''. */
export const patchText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .nullable()
    .optional()
    .transform((v) => (v === null ? '' : v));
