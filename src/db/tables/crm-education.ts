// Education master data (institutes and their parts, the course catalogue, application types and
// their ordered stages) and college applications. Master data is tenant-wide; a college
// application is scoped by its client's branch.
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  numeric,
  text,
  unique,
  uniqueIndex,
  varchar,
  type AnyPgColumn,
  type PgTableFn,
} from 'drizzle-orm/pg-core';
import { day, deletedAt, enumCheck, id, lifecycle, money, optionalRef, requiredRef, str, trigramIndex } from './columns.js';
import { GENDERS, REQUIREMENT_TYPES } from './enums.js';

export function buildEducationTables(
  table: PgTableFn<string>,
  refs: { userId: () => AnyPgColumn; clientId: () => AnyPgColumn; agentId: () => AnyPgColumn },
) {
  const { userId } = refs;
  const live = (t: { deletedAt: AnyPgColumn }) => sql`${t.deletedAt} is null`;

  const institutes = table(
    'institutes',
    {
      id: id(),
      name: varchar('name', { length: 100 }).notNull(),
      shortName: varchar('short_name', { length: 20 }).notNull(),
      phone: str('phone', 20),
      website: str('website', 200),
      ...lifecycle(userId),
      deletedAt: deletedAt(),
    },
    (t) => [
      index('institutes_name_idx').on(t.name),
      index('institutes_deleted_at_idx').on(t.deletedAt),
      trigramIndex('institutes_search_name_idx', t.name, live(t)),
    ],
  );

  const instituteId = () => requiredRef('institute_id', () => institutes.id, 'cascade');

  const instituteContacts = table(
    'institute_contacts',
    {
      id: id(),
      instituteId: instituteId(),
      name: varchar('name', { length: 100 }).notNull(),
      gender: text('gender', { enum: GENDERS }),
      position: str('position', 100),
      phone: str('phone', 20),
      email: str('email', 254),
      ...lifecycle(userId),
      deletedAt: deletedAt(),
    },
    (t) => [index('institute_contacts_institute_idx').on(t.instituteId, t.name)],
  );

  const instituteRequirements = table(
    'institute_requirements',
    {
      id: id(),
      instituteId: instituteId(),
      title: varchar('title', { length: 200 }).notNull(),
      description: text('description').notNull().default(''),
      requirementType: text('requirement_type', { enum: REQUIREMENT_TYPES }).notNull().default('OTHER'),
      ...lifecycle(userId),
      deletedAt: deletedAt(),
    },
    (t) => [
      index('institute_requirements_institute_idx').on(t.instituteId, t.requirementType, t.title),
      enumCheck('institute_requirements_type_check', t.requirementType, REQUIREMENT_TYPES),
    ],
  );

  const instituteLocations = table(
    'institute_locations',
    {
      id: id(),
      instituteId: instituteId(),
      streetName: str('street_name', 100),
      suburb: str('suburb', 100),
      state: varchar('state', { length: 50 }).notNull(),
      postcode: str('postcode', 20),
      country: varchar('country', { length: 2 }).notNull(),
      phoneNumber: str('phone_number', 20),
      email: str('email', 254),
      ...lifecycle(userId),
      deletedAt: deletedAt(),
    },
    (t) => [index('institute_locations_institute_idx').on(t.instituteId, t.country, t.state)],
  );

  const instituteIntakes = table(
    'institute_intakes',
    {
      id: id(),
      instituteId: instituteId(),
      intakeDate: day('intake_date').notNull(),
      description: text('description').notNull().default(''),
      ...lifecycle(userId),
      deletedAt: deletedAt(),
    },
    (t) => [index('institute_intakes_institute_idx').on(t.instituteId, t.intakeDate.desc().nullsFirst())],
  );

  const named = (name: string) =>
    table(
      name,
      { id: id(), name: varchar('name', { length: 100 }).notNull(), ...lifecycle(userId), deletedAt: deletedAt() },
      (t) => [
        uniqueIndex(`${name}_name_live_unique`)
          .on(sql`lower(${t.name})`)
          .where(live(t)),
        index(`${name}_name_idx`).on(t.name, t.id),
      ],
    );
  const courseLevels = named('course_levels');
  const broadFields = named('broad_fields');

  const narrowFields = table(
    'narrow_fields',
    {
      id: id(),
      name: varchar('name', { length: 100 }).notNull(),
      broadFieldId: requiredRef('broad_field_id', () => broadFields.id, 'cascade'),
      ...lifecycle(userId),
      deletedAt: deletedAt(),
    },
    (t) => [
      uniqueIndex('narrow_fields_name_live_unique')
        .on(t.broadFieldId, sql`lower(${t.name})`)
        .where(live(t)),
      index('narrow_fields_broad_field_idx').on(t.broadFieldId, t.name),
    ],
  );

  const courses = table(
    'courses',
    {
      id: id(),
      name: varchar('name', { length: 100 }).notNull(),
      instituteId: instituteId(),
      levelId: requiredRef('level_id', () => courseLevels.id, 'restrict'),
      broadFieldId: requiredRef('broad_field_id', () => broadFields.id, 'restrict'),
      narrowFieldId: requiredRef('narrow_field_id', () => narrowFields.id, 'restrict'),
      totalTuitionFee: money('total_tuition_fee').notNull(),
      coeFee: money('coe_fee').notNull(),
      description: text('description').notNull().default(''),
      ...lifecycle(userId),
      deletedAt: deletedAt(),
    },
    (t) => [
      index('courses_institute_idx').on(t.instituteId, t.name),
      index('courses_name_idx').on(t.name, t.id),
      index('courses_level_idx').on(t.levelId),
      index('courses_broad_field_idx').on(t.broadFieldId),
      index('courses_narrow_field_idx').on(t.narrowFieldId),
      check('courses_fees_check', sql`${t.totalTuitionFee} >= 0 and ${t.coeFee} >= 0`),
    ],
  );

  const applicationTypes = table(
    'application_types',
    {
      id: id(),
      title: varchar('title', { length: 255 }).notNull(),
      currency: varchar('currency', { length: 3 }).notNull().default('USD'),
      taxName: str('tax_name', 100),
      taxPercentage: numeric('tax_percentage', { precision: 5, scale: 2, mode: 'string' }).notNull().default('0'),
      description: text('description').notNull().default(''),
      isActive: boolean('is_active').notNull().default(true),
      ...lifecycle(userId),
      deletedAt: deletedAt(),
    },
    (t) => [
      index('application_types_title_idx').on(t.title),
      check('application_types_tax_check', sql`${t.taxPercentage} between 0 and 100`),
    ],
  );

  const applicationStages = table(
    'application_stages',
    {
      id: id(),
      applicationTypeId: requiredRef('application_type_id', () => applicationTypes.id, 'cascade'),
      stageName: varchar('stage_name', { length: 100 }).notNull(),
      // 1-based and contiguous per type; the highest position is the final stage.
      position: integer('position').notNull(),
      description: text('description').notNull().default(''),
      ...lifecycle(userId),
    },
    (t) => [
      unique('application_stages_position_unique').on(t.applicationTypeId, t.position),
      check('application_stages_position_check', sql`${t.position} > 0`),
    ],
  );

  const collegeApplications = table(
    'college_applications',
    {
      id: id(),
      applicationTypeId: requiredRef('application_type_id', () => applicationTypes.id, 'restrict'),
      stageId: requiredRef('stage_id', () => applicationStages.id, 'restrict'),
      clientId: requiredRef('client_id', refs.clientId, 'cascade'),
      instituteId: requiredRef('institute_id', () => institutes.id, 'restrict'),
      courseId: requiredRef('course_id', () => courses.id, 'restrict'),
      intakeId: requiredRef('intake_id', () => instituteIntakes.id, 'restrict'),
      locationId: requiredRef('location_id', () => instituteLocations.id, 'restrict'),
      finishDate: day('finish_date'),
      totalTuitionFee: money('total_tuition_fee').notNull(),
      studentId: str('student_id', 100),
      superAgentId: optionalRef('super_agent_id', refs.agentId),
      subAgentId: optionalRef('sub_agent_id', refs.agentId),
      assignedToId: optionalRef('assigned_to_id', userId),
      notes: text('notes').notNull().default(''),
      ...lifecycle(userId),
      deletedAt: deletedAt(),
    },
    (t) => [
      index('college_applications_client_idx').on(t.clientId, t.stageId),
      index('college_applications_type_stage_idx').on(t.applicationTypeId, t.stageId),
      index('college_applications_institute_idx').on(t.instituteId),
      index('college_applications_intake_idx').on(t.intakeId),
      index('college_applications_assigned_to_idx').on(t.assignedToId),
      index('college_applications_created_idx').on(t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
      index('college_applications_deleted_at_idx').on(t.deletedAt),
      check('college_applications_fee_check', sql`${t.totalTuitionFee} >= 0`),
    ],
  );

  return {
    institutes,
    instituteContacts,
    instituteRequirements,
    instituteLocations,
    instituteIntakes,
    courseLevels,
    broadFields,
    narrowFields,
    courses,
    applicationTypes,
    applicationStages,
    collegeApplications,
  };
}
