// Input rules of the education module: institutes and their parts, the course catalogue,
// application types and stages, college applications. Limits follow the table columns.
import { z } from 'zod';
import { GENDERS, REQUIREMENT_TYPES } from '../../db/tables/enums.js';
import { countryCode, currencyCode, isoDate, money, optionalText, patchText, uuid } from '../shared-validation.js';

const required = (max: number) => z.string().trim().min(1, 'is required').max(max, `must be at most ${max} characters`);
/** Optional email: absent, null or '' mean none. */
const optionalEmail = z
  .union([z.literal(''), z.string().trim().toLowerCase().max(254).email('must be a valid email address')])
  .nullish()
  .transform((v) => v ?? '');
const patchEmail = z
  .union([z.literal(''), z.string().trim().toLowerCase().max(254).email('must be a valid email address')])
  .nullable()
  .optional()
  .transform((v) => (v === null ? '' : v));
const DESCRIPTION = 5000;
/** Absent means unchanged; null is refused for fields that cannot be empty. */
const notNull = <T extends z.ZodType>(s: T) => s.optional();
const percentage = z
  .string()
  .trim()
  .regex(/^\d{1,3}(\.\d{1,2})?$/, 'must be a percentage with at most 2 decimals')
  .refine((v) => Number(v) <= 100, 'must be at most 100');

export const listSearch = z.string().trim().max(100).nullish();

// Institutes and their parts.

export const instituteFilterInput = z.object({ search: listSearch, includeDeleted: z.boolean().nullish() });

export const createInstituteInput = z.object({
  name: required(100),
  shortName: required(20),
  phone: optionalText(20),
  website: optionalText(200),
});

export const updateInstituteInput = z.object({
  name: notNull(required(100)),
  shortName: notNull(required(20)),
  phone: patchText(20),
  website: patchText(200),
});

export const createInstituteContactInput = z.object({
  instituteId: uuid,
  name: required(100),
  gender: z
    .enum(GENDERS)
    .nullish()
    .transform((v) => v ?? null),
  position: optionalText(100),
  phone: optionalText(20),
  email: optionalEmail,
});

export const updateInstituteContactInput = z.object({
  name: notNull(required(100)),
  gender: z.enum(GENDERS).nullable().optional(),
  position: patchText(100),
  phone: patchText(20),
  email: patchEmail,
});

export const createInstituteRequirementInput = z.object({
  instituteId: uuid,
  title: required(200),
  description: optionalText(DESCRIPTION),
  requirementType: z
    .enum(REQUIREMENT_TYPES)
    .nullish()
    .transform((v) => v ?? 'OTHER'),
});

export const updateInstituteRequirementInput = z.object({
  title: notNull(required(200)),
  description: patchText(DESCRIPTION),
  requirementType: notNull(z.enum(REQUIREMENT_TYPES)),
});

export const createInstituteLocationInput = z.object({
  instituteId: uuid,
  streetName: optionalText(100),
  suburb: optionalText(100),
  state: required(50),
  postcode: optionalText(20),
  country: countryCode,
  phoneNumber: optionalText(20),
  email: optionalEmail,
});

export const updateInstituteLocationInput = z.object({
  streetName: patchText(100),
  suburb: patchText(100),
  state: notNull(required(50)),
  postcode: patchText(20),
  country: notNull(countryCode),
  phoneNumber: patchText(20),
  email: patchEmail,
});

export const createInstituteIntakeInput = z.object({
  instituteId: uuid,
  intakeDate: isoDate,
  description: optionalText(DESCRIPTION),
});

export const updateInstituteIntakeInput = z.object({
  intakeDate: notNull(isoDate),
  description: patchText(DESCRIPTION),
});

// The course catalogue.

export const createNamedInput = z.object({ name: required(100) });
export const updateNamedInput = z.object({ name: notNull(required(100)) });

export const narrowFieldFilterInput = z.object({ broadFieldId: uuid.nullish(), search: listSearch });
export const createNarrowFieldInput = z.object({ name: required(100), broadFieldId: uuid });
export const updateNarrowFieldInput = z.object({ name: notNull(required(100)), broadFieldId: notNull(uuid) });

export const courseFilterInput = z.object({
  instituteId: uuid.nullish(),
  levelId: uuid.nullish(),
  broadFieldId: uuid.nullish(),
  narrowFieldId: uuid.nullish(),
  search: listSearch,
});

export const createCourseInput = z.object({
  name: required(100),
  instituteId: uuid,
  levelId: uuid,
  broadFieldId: uuid,
  narrowFieldId: uuid,
  totalTuitionFee: money,
  coeFee: money,
  description: optionalText(DESCRIPTION),
});

export const updateCourseInput = z.object({
  name: notNull(required(100)),
  levelId: notNull(uuid),
  broadFieldId: notNull(uuid),
  narrowFieldId: notNull(uuid),
  totalTuitionFee: notNull(money),
  coeFee: notNull(money),
  description: patchText(DESCRIPTION),
});

// Application types and stages.

export const applicationTypeFilterInput = z.object({
  isActive: z.boolean().nullish(),
  search: listSearch,
  includeDeleted: z.boolean().nullish(),
});

export const createApplicationTypeInput = z.object({
  title: required(255),
  currency: currencyCode.nullish().transform((v) => v ?? 'USD'),
  taxName: optionalText(100),
  taxPercentage: percentage.nullish().transform((v) => v ?? '0'),
  description: optionalText(DESCRIPTION),
});

export const updateApplicationTypeInput = z.object({
  title: notNull(required(255)),
  currency: notNull(currencyCode),
  taxName: patchText(100),
  taxPercentage: notNull(percentage),
  description: patchText(DESCRIPTION),
  isActive: notNull(z.boolean()),
});

export const createApplicationStageInput = z.object({
  applicationTypeId: uuid,
  name: required(100),
  position: z.number().int('must be a whole number').min(1, 'must be at least 1').nullish(),
  description: optionalText(DESCRIPTION),
});

export const updateApplicationStageInput = z.object({
  name: notNull(required(100)),
  description: patchText(DESCRIPTION),
});

export const reorderApplicationStagesInput = z.object({
  applicationTypeId: uuid,
  stageIds: z.array(uuid).min(1, 'must name every stage of the type'),
});

// College applications.

export const collegeApplicationFilterInput = z.object({
  clientId: uuid.nullish(),
  applicationTypeId: uuid.nullish(),
  stageId: uuid.nullish(),
  instituteId: uuid.nullish(),
  assignedToId: uuid.nullish(),
});

export const createCollegeApplicationInput = z.object({
  clientId: z.string(),
  applicationTypeId: uuid,
  instituteId: uuid,
  courseId: uuid,
  intakeId: uuid,
  locationId: uuid,
  finishDate: isoDate.nullish().transform((v) => v ?? null),
  totalTuitionFee: money,
  studentId: optionalText(100),
  superAgentId: uuid.nullish().transform((v) => v ?? null),
  subAgentId: uuid.nullish().transform((v) => v ?? null),
  assignedToId: z.string().nullish(),
  notes: optionalText(DESCRIPTION),
});

export const updateCollegeApplicationInput = z.object({
  instituteId: notNull(uuid),
  courseId: notNull(uuid),
  intakeId: notNull(uuid),
  locationId: notNull(uuid),
  finishDate: isoDate.nullable().optional(),
  totalTuitionFee: notNull(money),
  studentId: patchText(100),
  superAgentId: uuid.nullable().optional(),
  subAgentId: uuid.nullable().optional(),
  assignedToId: z.string().nullable().optional(),
  notes: patchText(DESCRIPTION),
});

export const dashboardPeriod = z.enum(['TODAY', 'THIS_WEEK', 'THIS_MONTH', 'ALL']);
