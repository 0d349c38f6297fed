// Input rules for visa categories, visa types and visa applications.
import { z } from 'zod';
import { VISA_STATUSES } from '../../db/tables/enums.js';
import { currencyCode, isoDate, money, optionalText, patchText, uuid } from '../shared-validation.js';

const name = z.string().trim().min(1, 'is required').max(100, 'must be at most 100 characters');
const search = z.string().trim().max(100).nullish();
const status = z.enum(VISA_STATUSES, { message: 'must be a visa status' });
/** Blank means "no code", stored as NULL so the unique index ignores it. */
const categoryCode = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() === '' ? null : v),
  z.string().trim().max(20, 'must be at most 20 characters').nullish(),
);
const checklist = z
  .array(z.string().trim().min(1, 'is required').max(200, 'must be at most 200 characters'))
  .max(100, 'must list at most 100 documents');

export const createVisaCategoryInput = z.object({
  name,
  code: categoryCode.transform((v) => v ?? null),
  description: optionalText(2000),
});

export const updateVisaCategoryInput = z.object({
  name: name.optional(),
  code: categoryCode,
  description: patchText(2000),
});

export const visaCategoryFilterInput = z.object({ search });

export const createVisaTypeInput = z.object({
  visaCategoryId: uuid,
  name,
  code: optionalText(50),
  description: optionalText(2000),
  checklist: checklist.nullish().transform((v) => v ?? []),
});

export const updateVisaTypeInput = z.object({
  visaCategoryId: uuid.optional(),
  name: name.optional(),
  code: patchText(50),
  description: patchText(2000),
  checklist: checklist.optional(),
});

export const visaTypeFilterInput = z.object({ visaCategoryId: uuid.nullish(), search });

const requiredDocuments = z
  .array(
    z.object({
      name: z.string().trim().min(1, 'is required').max(200, 'must be at most 200 characters'),
      received: z
        .boolean()
        .nullish()
        .transform((v) => v ?? false),
    }),
  )
  .max(100, 'must list at most 100 documents');
/** Blank means "none". */
const reference = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() === '' ? null : v),
  z.string().trim().max(150, 'must be at most 150 characters').nullish(),
);
const date = isoDate.nullish();

const applicationDates = {
  expiryDate: date,
  dateApplied: date,
  dateOpened: date,
  finalDate: date,
  dateGranted: date,
  dateRejected: date,
  dateWithdrawn: date,
};

export const createVisaApplicationInput = z.object({
  clientId: uuid,
  visaTypeId: uuid,
  transactionReferenceNo: reference.transform((v) => v ?? null),
  immigrationFee: money,
  immigrationFeeCurrency: currencyCode.nullish().transform((v) => v ?? 'USD'),
  serviceFee: money,
  serviceFeeCurrency: currencyCode.nullish().transform((v) => v ?? 'USD'),
  dependent: z
    .boolean()
    .nullish()
    .transform((v) => v ?? false),
  notes: optionalText(10_000),
  assignedToId: z.unknown().optional(),
  requiredDocuments: requiredDocuments.nullish(),
  ...applicationDates,
  status: status.nullish().transform((v) => v ?? 'TO_BE_APPLIED'),
});

/** Absent fields stay unchanged; null clears the nullable ones (the required ones refuse it). */
export const updateVisaApplicationInput = z.object({
  visaTypeId: uuid.optional(),
  transactionReferenceNo: reference,
  immigrationFee: money.optional(),
  immigrationFeeCurrency: currencyCode.optional(),
  serviceFee: money.optional(),
  serviceFeeCurrency: currencyCode.optional(),
  dependent: z.boolean().optional(),
  notes: patchText(10_000),
  assignedToId: z.unknown().optional(),
  requiredDocuments: requiredDocuments.optional(),
  ...applicationDates,
  status: status.optional(),
});

export const visaApplicationFilterInput = z
  .object({
    clientId: uuid.nullish(),
    status: status.nullish(),
    visaTypeId: uuid.nullish(),
    visaCategoryId: uuid.nullish(),
    assignedToId: uuid.nullish(),
    createdById: uuid.nullish(),
    search,
    dateAppliedFrom: date,
    dateAppliedTo: date,
  })
  .refine((f) => !f.dateAppliedFrom || !f.dateAppliedTo || f.dateAppliedFrom <= f.dateAppliedTo, {
    message: 'must not be before dateAppliedFrom',
    path: ['dateAppliedTo'],
  });

export type VisaApplicationFilter = z.infer<typeof visaApplicationFilterInput>;
