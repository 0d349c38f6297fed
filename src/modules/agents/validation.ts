// Input rules for agents: bounded text, an http(s) website, an optional email stored as NULL when empty.
import { z } from 'zod';
import { AGENT_TYPES } from '../../db/tables/enums.js';
import { email, optionalText, patchText, searchText } from '../shared-validation.js';

const agentName = z.string().trim().min(1, 'is required').max(100, 'must be at most 100 characters');
const agentType = z.enum(AGENT_TYPES, { message: 'must be SUPER_AGENT or SUB_AGENT' });

/** Blank strings mean "none" for the optional email, country and website. */
const blankToNull = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? null : v);

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.includes('.');
  } catch {
    return false;
  }
}

const website = z.string().trim().max(200, 'must be at most 200 characters').refine(isHttpUrl, 'must be an http or https URL');
const country = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code');

/** On create, absent and blank become the stored "none"; on update, absent stays absent (unchanged). */
const emptyOnCreate = (schema: z.ZodType<string>) => z.preprocess(blankToNull, schema.nullish()).transform((v) => v ?? '');
const emptyOnUpdate = (schema: z.ZodType<string>) =>
  z.preprocess(blankToNull, schema.nullable().optional()).transform((v) => (v === null ? '' : v));
const optionalEmail = z.preprocess(blankToNull, email.nullish()).transform((v) => v ?? null);
const emailPatch = z.preprocess(blankToNull, email.nullable().optional());

export const createAgentInput = z.object({
  agentName,
  agentType,
  companyName: optionalText(100),
  designation: optionalText(100),
  phoneNumber: optionalText(20),
  email: optionalEmail,
  website: emptyOnCreate(website),
  invoiceTo: optionalText(100),
  street: optionalText(100),
  suburb: optionalText(100),
  state: optionalText(100),
  postcode: optionalText(20),
  country: emptyOnCreate(country),
  description: optionalText(500),
});

export const updateAgentInput = z.object({
  agentName: agentName.optional(),
  agentType: agentType.optional(),
  companyName: patchText(100),
  designation: patchText(100),
  phoneNumber: patchText(20),
  email: emailPatch,
  website: emptyOnUpdate(website),
  invoiceTo: patchText(100),
  street: patchText(100),
  suburb: patchText(100),
  state: patchText(100),
  postcode: patchText(20),
  country: emptyOnUpdate(country),
  description: patchText(500),
});

export const agentFilterInput = z.object({
  search: searchText.nullish(),
  agentType: agentType.nullish(),
  country: country.nullish(),
  includeDeleted: z.boolean().nullish(),
});
