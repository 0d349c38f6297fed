// Input rules for clients and their profile parts.
import { z } from 'zod';
import { CLIENT_STAGES, GENDERS } from '../../db/tables/enums.js';
import { countryCode, isoDate, optionalText, patchText, searchText, uuid } from '../shared-validation.js';

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
  search: searchText.nullish(),
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

const text = (max: number) => z.string().trim().min(1, 'is required').max(max, `must be at most ${max} characters`);
const decimalScore = z
  .string()
  .trim()
  .regex(/^\d{1,4}(\.\d)?$/, 'must be a number with at most one decimal');

export const passportInput = z
  .object({
    passportNo: text(20),
    passportCountry: countryCode,
    dateOfIssue: isoDate.nullish(),
    dateOfExpiry: isoDate.nullish(),
    placeOfIssue: optionalText(100),
    countryOfBirth: countryCode,
    nationality: countryCode,
  })
  .refine((p) => !p.dateOfIssue || !p.dateOfExpiry || p.dateOfExpiry > p.dateOfIssue, {
    path: ['dateOfExpiry'],
    message: 'must be after the date of issue',
  });

export const languageExamInput = z
  .object({
    name: text(100),
    validityTerm: z
      .number()
      .int()
      .min(0)
      .max(100)
      .nullish()
      .transform((v) => v ?? 0),
    minScore: decimalScore.nullish().transform((v) => v ?? '0'),
    maxScore: decimalScore.nullish().transform((v) => v ?? '9'),
    description: optionalText(2000),
  })
  .refine((e) => Number(e.maxScore) > Number(e.minScore), { path: ['maxScore'], message: 'must be above minScore' });

export const proficiencyInput = z.object({
  examId: uuid,
  overallScore: decimalScore,
  speakingScore: decimalScore,
  readingScore: decimalScore,
  listeningScore: decimalScore,
  writingScore: decimalScore,
  testDate: pastDate,
});
export const SCORE_FIELDS = ['overallScore', 'speakingScore', 'readingScore', 'listeningScore', 'writingScore'] as const;

export const qualificationInput = z
  .object({
    course: text(100),
    institute: text(100),
    degree: text(100),
    fieldOfStudy: text(100),
    enrollDate: isoDate,
    completionDate: isoDate.nullish(),
    country: countryCode,
  })
  .refine((q) => !q.completionDate || q.completionDate >= q.enrollDate, {
    path: ['completionDate'],
    message: 'must not be before the enrolment date',
  });

export const employmentInput = z
  .object({
    employerName: text(200),
    position: text(200),
    startDate: isoDate,
    endDate: isoDate.nullish(),
    country: countryCode,
  })
  .refine((e) => !e.endDate || e.endDate >= e.startDate, { path: ['endDate'], message: 'must not be before the start date' });

export const noteInput = z.object({
  content: z.string().trim().min(1, 'must not be blank').max(10_000, 'must be at most 10000 characters'),
});
