// Writes of a client's profile parts and notes. Each checks that the client is visible (NOT_FOUND
// otherwise) and that the viewer holds the action; note authors keep their own notes, moderators
// (note:moderate) anyone's.
import { and, count, eq, sql } from 'drizzle-orm';
import { assertCan, can } from '../../access/can.js';
import { inTransaction, type TenantDb } from '../../db/tenant-db.js';
import { recordEvents } from '../../events/outbox.js';
import { badInput, conflict, forbidden, notFound, uniqueViolation } from '../../errors.js';
import { CLIENT_PART_MAX } from '../../graphql/limits/list-bounds.js';
import { parseInput, uuid } from '../shared-validation.js';
import type {
  EmploymentModel,
  LanguageExamModel,
  NoteModel,
  PassportModel,
  ProficiencyModel,
  QualificationModel,
} from './models.js';
import { clientPartGet } from './profile-selectors.js';
import { clientGetVisible, type ClientReadArgs } from './scope.js';
import {
  employmentInput,
  languageExamInput,
  noteInput,
  passportInput,
  proficiencyInput,
  qualificationInput,
  SCORE_FIELDS,
} from './validation.js';

type Args = ClientReadArgs;

/** The client behind a write: visible, and the viewer may update clients. */
async function writableClient({ db, viewer }: Args, clientId: unknown) {
  const client = await clientGetVisible({ db, viewer, id: clientId, path: 'clientId' });
  assertCan(viewer, 'client:update');
  return client;
}

/**
 * A client holds at most CLIENT_PART_MAX of each part, what `Client.<part>` returns (list-bounds.ts).
 * Counted before the insert, outside a lock: a race may pass one or two more, which reads still cap.
 */
async function assertRoomForPart(db: TenantDb, table: 'proficiencies' | 'qualifications' | 'employments', clientId: string) {
  const t = db.t[table] as TenantDb['t']['employments'];
  const [held] = await db.orm.select({ n: count() }).from(t).where(eq(t.clientId, clientId));
  if (held!.n >= CLIENT_PART_MAX) {
    throw badInput([{ path: 'clientId', message: `already has ${CLIENT_PART_MAX} ${table}, the most a client may have` }]);
  }
}

export async function passportSet({
  db,
  viewer,
  clientId,
  input,
}: Args & { clientId: unknown; input: unknown }): Promise<PassportModel> {
  const client = await writableClient({ db, viewer }, clientId);
  const values = { ...parseInput(passportInput, input), updatedById: viewer.id };
  const p = db.t.passports;
  const [row] = await db.orm
    .insert(p)
    .values({
      ...values,
      dateOfIssue: values.dateOfIssue ?? null,
      dateOfExpiry: values.dateOfExpiry ?? null,
      clientId: client.id,
      createdById: viewer.id,
    })
    .onConflictDoUpdate({
      target: p.clientId,
      set: {
        ...values,
        dateOfIssue: values.dateOfIssue ?? null,
        dateOfExpiry: values.dateOfExpiry ?? null,
        updatedAt: new Date(),
      },
    })
    .returning();
  return row!;
}

export async function passportDelete({ db, viewer, clientId }: Args & { clientId: unknown }): Promise<boolean> {
  const client = await writableClient({ db, viewer }, clientId);
  const res = await db.orm
    .delete(db.t.passports)
    .where(eq(db.t.passports.clientId, client.id))
    .returning({ id: db.t.passports.clientId });
  return res.length > 0;
}

function examNameTaken(err: unknown): never {
  if (uniqueViolation(err)) throw conflict('An exam with this name exists', 'input.name');
  throw err;
}

export async function languageExamCreate({ db, viewer, input }: Args & { input: unknown }): Promise<LanguageExamModel> {
  assertCan(viewer, 'languageExam:write');
  const values = parseInput(languageExamInput, input);
  try {
    const [row] = await db.orm.insert(db.t.languageExams).values(values).returning();
    return row!;
  } catch (err) {
    examNameTaken(err);
  }
}

export async function languageExamUpdate({
  db,
  viewer,
  id,
  input,
}: Args & { id: unknown; input: unknown }): Promise<LanguageExamModel> {
  assertCan(viewer, 'languageExam:write');
  const examId = parseInput(uuid, id, 'id');
  const values = parseInput(languageExamInput, input);
  try {
    const [row] = await db.orm.update(db.t.languageExams).set(values).where(eq(db.t.languageExams.id, examId)).returning();
    if (!row) throw notFound('Language exam');
    return row;
  } catch (err) {
    examNameTaken(err);
  }
}

export async function languageExamDelete({ db, viewer, id }: Args & { id: unknown }): Promise<boolean> {
  assertCan(viewer, 'languageExam:write');
  const examId = parseInput(uuid, id, 'id');
  const [used] = await db.orm
    .select({ n: sql<number>`count(*)::int` })
    .from(db.t.proficiencies)
    .where(eq(db.t.proficiencies.examId, examId));
  if (used!.n > 0) throw conflict(`The exam is used by ${used!.n} result(s)`);
  const res = await db.orm
    .delete(db.t.languageExams)
    .where(eq(db.t.languageExams.id, examId))
    .returning({ id: db.t.languageExams.id });
  if (!res.length) throw notFound('Language exam');
  return true;
}

/** Parses a result and checks every score against its exam's range. */
async function proficiencyValues(db: TenantDb, input: unknown) {
  const values = parseInput(proficiencyInput, input);
  const [exam] = await db.orm.select().from(db.t.languageExams).where(eq(db.t.languageExams.id, values.examId));
  if (!exam) throw badInput([{ path: 'input.examId', message: 'is not a language exam' }]);
  const [min, max] = [Number(exam.minScore), Number(exam.maxScore)];
  const out = SCORE_FIELDS.filter((f) => Number(values[f]) < min || Number(values[f]) > max);
  if (out.length)
    throw badInput(
      out.map((f) => ({ path: `input.${f}`, message: `must be between ${exam.minScore} and ${exam.maxScore} for ${exam.name}` })),
    );
  return values;
}

export async function proficiencyAdd({
  db,
  viewer,
  clientId,
  input,
}: Args & { clientId: unknown; input: unknown }): Promise<ProficiencyModel> {
  const client = await writableClient({ db, viewer }, clientId);
  const values = await proficiencyValues(db, input);
  await assertRoomForPart(db, 'proficiencies', client.id);
  const [row] = await db.orm
    .insert(db.t.proficiencies)
    .values({ ...values, clientId: client.id, createdById: viewer.id, updatedById: viewer.id })
    .returning();
  return row!;
}

export async function proficiencyUpdate({
  db,
  viewer,
  id,
  input,
}: Args & { id: unknown; input: unknown }): Promise<ProficiencyModel> {
  const part = await clientPartGet({ db, viewer, table: 'proficiencies', id, what: 'Proficiency' });
  assertCan(viewer, 'client:update');
  const values = await proficiencyValues(db, input);
  const [row] = await db.orm
    .update(db.t.proficiencies)
    .set({ ...values, updatedById: viewer.id })
    .where(eq(db.t.proficiencies.id, part.id))
    .returning();
  return row!;
}

export async function qualificationAdd({
  db,
  viewer,
  clientId,
  input,
}: Args & { clientId: unknown; input: unknown }): Promise<QualificationModel> {
  const client = await writableClient({ db, viewer }, clientId);
  const values = parseInput(qualificationInput, input);
  await assertRoomForPart(db, 'qualifications', client.id);
  const [row] = await db.orm
    .insert(db.t.qualifications)
    .values({
      ...values,
      completionDate: values.completionDate ?? null,
      clientId: client.id,
      createdById: viewer.id,
      updatedById: viewer.id,
    })
    .returning();
  return row!;
}

export async function qualificationUpdate({
  db,
  viewer,
  id,
  input,
}: Args & { id: unknown; input: unknown }): Promise<QualificationModel> {
  const part = await clientPartGet({ db, viewer, table: 'qualifications', id, what: 'Qualification' });
  assertCan(viewer, 'client:update');
  const values = parseInput(qualificationInput, input);
  const [row] = await db.orm
    .update(db.t.qualifications)
    .set({ ...values, completionDate: values.completionDate ?? null, updatedById: viewer.id })
    .where(eq(db.t.qualifications.id, part.id))
    .returning();
  return row!;
}

export async function employmentAdd({
  db,
  viewer,
  clientId,
  input,
}: Args & { clientId: unknown; input: unknown }): Promise<EmploymentModel> {
  const client = await writableClient({ db, viewer }, clientId);
  const values = parseInput(employmentInput, input);
  await assertRoomForPart(db, 'employments', client.id);
  const [row] = await db.orm
    .insert(db.t.employments)
    .values({ ...values, endDate: values.endDate ?? null, clientId: client.id, createdById: viewer.id, updatedById: viewer.id })
    .returning();
  return row!;
}

export async function employmentUpdate({
  db,
  viewer,
  id,
  input,
}: Args & { id: unknown; input: unknown }): Promise<EmploymentModel> {
  const part = await clientPartGet({ db, viewer, table: 'employments', id, what: 'Employment' });
  assertCan(viewer, 'client:update');
  const values = parseInput(employmentInput, input);
  const [row] = await db.orm
    .update(db.t.employments)
    .set({ ...values, endDate: values.endDate ?? null, updatedById: viewer.id })
    .where(eq(db.t.employments.id, part.id))
    .returning();
  return row!;
}

/** Deletes a proficiency, qualification or employment of a visible client. */
export async function clientPartDelete({
  db,
  viewer,
  table,
  id,
  what,
}: Args & { table: 'proficiencies' | 'qualifications' | 'employments'; id: unknown; what: string }): Promise<boolean> {
  const part = await clientPartGet({ db, viewer, table, id, what });
  assertCan(viewer, 'client:update');
  const t = db.t[table] as TenantDb['t']['employments'];
  await db.orm.delete(t).where(eq(t.id, part.id));
  return true;
}

/** Whether the viewer may change or delete a note: its author (with note:create), or a moderator. */
export function noteEditable(viewer: Args['viewer'], note: NoteModel): boolean {
  return (note.authorId === viewer.id && can(viewer, 'note:create')) || can(viewer, 'note:moderate');
}

export async function noteAdd({ db, viewer, clientId, input }: Args & { clientId: unknown; input: unknown }): Promise<NoteModel> {
  const client = await clientGetVisible({ db, viewer, id: clientId, path: 'clientId' });
  assertCan(viewer, 'note:create');
  const { content } = parseInput(noteInput, input);
  return inTransaction(db.orm, async (tx) => {
    const [row] = await tx.insert(db.t.notes).values({ clientId: client.id, authorId: viewer.id, content }).returning();
    await recordEvents(tx, db, { entity: 'Note', id: row!.id, before: null, after: row!, actorId: viewer.id });
    return row!;
  });
}

export async function noteUpdate({ db, viewer, id, input }: Args & { id: unknown; input: unknown }): Promise<NoteModel> {
  const note = await clientPartGet({ db, viewer, table: 'notes', id, what: 'Note' });
  if (!noteEditable(viewer, note)) throw forbidden('Only the author or a moderator may change this note');
  const { content } = parseInput(noteInput, input);
  return inTransaction(db.orm, async (tx) => {
    const [row] = await tx
      .update(db.t.notes)
      .set({ content })
      .where(and(eq(db.t.notes.id, note.id)))
      .returning();
    await recordEvents(tx, db, { entity: 'Note', id: note.id, before: note, after: row!, actorId: viewer.id });
    return row!;
  });
}

export async function noteDelete({ db, viewer, id }: Args & { id: unknown }): Promise<boolean> {
  const note = await clientPartGet({ db, viewer, table: 'notes', id, what: 'Note' });
  if (!noteEditable(viewer, note)) throw forbidden('Only the author or a moderator may delete this note');
  await inTransaction(db.orm, async (tx) => {
    await tx.delete(db.t.notes).where(eq(db.t.notes.id, note.id));
    await recordEvents(tx, db, { entity: 'Note', id: note.id, before: note, after: null, actorId: viewer.id });
  });
  return true;
}
