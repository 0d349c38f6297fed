// The parts of an institute (contact persons, requirements, campuses, intakes): writes by
// BRANCH_ADMIN and above on live rows of a live institute, and the batch reads behind their loaders.
import { and, asc, desc, inArray, isNull } from 'drizzle-orm';
import { assertCan } from '../../access/can.js';
import { insertOne, updateExisting, liveById } from '../../db/rows.js';
import { groupBy } from '../../graphql/loader-kit.js';
import { parseInput } from '../shared-validation.js';
import {
  created,
  inputRef,
  isEmptyPatch,
  parseId,
  updated,
  type EduIdsArgs,
  type EduTargetArgs,
  type EduWriteArgs,
} from './common.js';
import { instituteGetById } from './institutes.js';
import type { InstituteContactModel, InstituteIntakeModel, InstituteLocationModel, InstituteRequirementModel } from './models.js';
import {
  createInstituteContactInput,
  createInstituteIntakeInput,
  createInstituteLocationInput,
  createInstituteRequirementInput,
  updateInstituteContactInput,
  updateInstituteIntakeInput,
  updateInstituteLocationInput,
  updateInstituteRequirementInput,
} from './validation.js';

/** The live institute a new part is added to; BAD_USER_INPUT at input.instituteId when deleted or unknown. */
async function liveParent({ db, viewer }: EduWriteArgs, instituteId: string) {
  return inputRef('input.instituteId', 'institute', () =>
    instituteGetById({ db, viewer, id: instituteId, includeDeleted: false, path: 'input.instituteId' }),
  );
}

// Batch reads for the Institute fields (live parts, in each part's display order).

export async function instituteContactsByInstituteIds({ db, ids }: EduIdsArgs): Promise<Map<string, InstituteContactModel[]>> {
  const t = db.t.instituteContacts;
  const rows = await db.orm
    .select()
    .from(t)
    .where(and(inArray(t.instituteId, [...ids]), isNull(t.deletedAt)))
    .orderBy(asc(t.name), asc(t.id));
  return groupBy(
    rows,
    (r) => r.instituteId,
    (r) => r,
  );
}

export async function instituteRequirementsByInstituteIds({
  db,
  ids,
}: EduIdsArgs): Promise<Map<string, InstituteRequirementModel[]>> {
  const t = db.t.instituteRequirements;
  const rows = await db.orm
    .select()
    .from(t)
    .where(and(inArray(t.instituteId, [...ids]), isNull(t.deletedAt)))
    .orderBy(asc(t.requirementType), asc(t.title), asc(t.id));
  return groupBy(
    rows,
    (r) => r.instituteId,
    (r) => r,
  );
}

export async function instituteLocationsByInstituteIds({ db, ids }: EduIdsArgs): Promise<Map<string, InstituteLocationModel[]>> {
  const t = db.t.instituteLocations;
  const rows = await db.orm
    .select()
    .from(t)
    .where(and(inArray(t.instituteId, [...ids]), isNull(t.deletedAt)))
    .orderBy(asc(t.country), asc(t.state), asc(t.id));
  return groupBy(
    rows,
    (r) => r.instituteId,
    (r) => r,
  );
}

export async function instituteIntakesByInstituteIds({ db, ids }: EduIdsArgs): Promise<Map<string, InstituteIntakeModel[]>> {
  const t = db.t.instituteIntakes;
  const rows = await db.orm
    .select()
    .from(t)
    .where(and(inArray(t.instituteId, [...ids]), isNull(t.deletedAt)))
    .orderBy(desc(t.intakeDate), asc(t.id));
  return groupBy(
    rows,
    (r) => r.instituteId,
    (r) => r,
  );
}

/** Campuses by id, deleted ones included: an application keeps showing the campus it named. */
export async function instituteLocationListByIds({ db, ids }: EduIdsArgs): Promise<InstituteLocationModel[]> {
  if (!ids.length) return [];
  const t = db.t.instituteLocations;
  return db.orm
    .select()
    .from(t)
    .where(inArray(t.id, [...ids]));
}

/** Intakes by id, deleted ones included: an application keeps showing the intake it named. */
export async function instituteIntakeListByIds({ db, ids }: EduIdsArgs): Promise<InstituteIntakeModel[]> {
  if (!ids.length) return [];
  const t = db.t.instituteIntakes;
  return db.orm
    .select()
    .from(t)
    .where(inArray(t.id, [...ids]));
}

// Contact persons.

export async function instituteContactCreate(args: EduWriteArgs): Promise<InstituteContactModel> {
  const { db, viewer, input } = args;
  assertCan(viewer, 'institute:write');
  const values = parseInput(createInstituteContactInput, input);
  await liveParent(args, values.instituteId);
  return insertOne(db.orm, db.t.instituteContacts, { ...values, gender: values.gender ?? null, ...created(viewer) });
}

async function liveContact({ db, id }: EduTargetArgs): Promise<InstituteContactModel> {
  const t = db.t.instituteContacts;
  return liveById(db.orm, t, parseId(id), 'Institute contact');
}

export async function instituteContactUpdate({
  db,
  viewer,
  id,
  input,
}: EduTargetArgs & EduWriteArgs): Promise<InstituteContactModel> {
  const contact = await liveContact({ db, viewer, id });
  assertCan(viewer, 'institute:write');
  const patch = parseInput(updateInstituteContactInput, input);
  if (isEmptyPatch(patch)) return contact;
  return updateExisting(db.orm, db.t.instituteContacts, contact.id, { ...patch, ...updated(viewer) }, 'Institute contact');
}

export async function instituteContactDelete({ db, viewer, id }: EduTargetArgs): Promise<InstituteContactModel> {
  const contact = await liveContact({ db, viewer, id });
  assertCan(viewer, 'institute:delete');
  return updateExisting(
    db.orm,
    db.t.instituteContacts,
    contact.id,
    { deletedAt: new Date(), ...updated(viewer) },
    'Institute contact',
  );
}

// Entry requirements.

export async function instituteRequirementCreate(args: EduWriteArgs): Promise<InstituteRequirementModel> {
  const { db, viewer, input } = args;
  assertCan(viewer, 'institute:write');
  const values = parseInput(createInstituteRequirementInput, input);
  await liveParent(args, values.instituteId);
  return insertOne(db.orm, db.t.instituteRequirements, { ...values, ...created(viewer) });
}

async function liveRequirement({ db, id }: EduTargetArgs): Promise<InstituteRequirementModel> {
  const t = db.t.instituteRequirements;
  return liveById(db.orm, t, parseId(id), 'Institute requirement');
}

export async function instituteRequirementUpdate({
  db,
  viewer,
  id,
  input,
}: EduTargetArgs & EduWriteArgs): Promise<InstituteRequirementModel> {
  const requirement = await liveRequirement({ db, viewer, id });
  assertCan(viewer, 'institute:write');
  const patch = parseInput(updateInstituteRequirementInput, input);
  if (isEmptyPatch(patch)) return requirement;
  return updateExisting(
    db.orm,
    db.t.instituteRequirements,
    requirement.id,
    { ...patch, ...updated(viewer) },
    'Institute requirement',
  );
}

export async function instituteRequirementDelete({ db, viewer, id }: EduTargetArgs): Promise<InstituteRequirementModel> {
  const requirement = await liveRequirement({ db, viewer, id });
  assertCan(viewer, 'institute:delete');
  return updateExisting(
    db.orm,
    db.t.instituteRequirements,
    requirement.id,
    { deletedAt: new Date(), ...updated(viewer) },
    'Institute requirement',
  );
}

// Campuses.

export async function instituteLocationCreate(args: EduWriteArgs): Promise<InstituteLocationModel> {
  const { db, viewer, input } = args;
  assertCan(viewer, 'institute:write');
  const values = parseInput(createInstituteLocationInput, input);
  await liveParent(args, values.instituteId);
  return insertOne(db.orm, db.t.instituteLocations, { ...values, ...created(viewer) });
}

async function liveLocation({ db, id }: EduTargetArgs): Promise<InstituteLocationModel> {
  const t = db.t.instituteLocations;
  return liveById(db.orm, t, parseId(id), 'Institute location');
}

export async function instituteLocationUpdate({
  db,
  viewer,
  id,
  input,
}: EduTargetArgs & EduWriteArgs): Promise<InstituteLocationModel> {
  const location = await liveLocation({ db, viewer, id });
  assertCan(viewer, 'institute:write');
  const patch = parseInput(updateInstituteLocationInput, input);
  if (isEmptyPatch(patch)) return location;
  return updateExisting(db.orm, db.t.instituteLocations, location.id, { ...patch, ...updated(viewer) }, 'Institute location');
}

export async function instituteLocationDelete({ db, viewer, id }: EduTargetArgs): Promise<InstituteLocationModel> {
  const location = await liveLocation({ db, viewer, id });
  assertCan(viewer, 'institute:delete');
  return updateExisting(
    db.orm,
    db.t.instituteLocations,
    location.id,
    { deletedAt: new Date(), ...updated(viewer) },
    'Institute location',
  );
}

// Intakes.

export async function instituteIntakeCreate(args: EduWriteArgs): Promise<InstituteIntakeModel> {
  const { db, viewer, input } = args;
  assertCan(viewer, 'institute:write');
  const values = parseInput(createInstituteIntakeInput, input);
  await liveParent(args, values.instituteId);
  return insertOne(db.orm, db.t.instituteIntakes, { ...values, ...created(viewer) });
}

async function liveIntake({ db, id }: EduTargetArgs): Promise<InstituteIntakeModel> {
  const t = db.t.instituteIntakes;
  return liveById(db.orm, t, parseId(id), 'Institute intake');
}

export async function instituteIntakeUpdate({
  db,
  viewer,
  id,
  input,
}: EduTargetArgs & EduWriteArgs): Promise<InstituteIntakeModel> {
  const intake = await liveIntake({ db, viewer, id });
  assertCan(viewer, 'institute:write');
  const patch = parseInput(updateInstituteIntakeInput, input);
  if (isEmptyPatch(patch)) return intake;
  return updateExisting(db.orm, db.t.instituteIntakes, intake.id, { ...patch, ...updated(viewer) }, 'Institute intake');
}

export async function instituteIntakeDelete({ db, viewer, id }: EduTargetArgs): Promise<InstituteIntakeModel> {
  const intake = await liveIntake({ db, viewer, id });
  assertCan(viewer, 'institute:delete');
  return updateExisting(
    db.orm,
    db.t.instituteIntakes,
    intake.id,
    { deletedAt: new Date(), ...updated(viewer) },
    'Institute intake',
  );
}
