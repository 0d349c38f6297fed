// Writes of a client's profile parts and notes. Each checks that the client is visible (NOT_FOUND
// otherwise) and that the viewer holds the action; note authors keep their own notes, moderators
// (note:moderate) anyone's. Each write records its event (the client's timeline) in its transaction.
import { and, count, eq, sql } from 'drizzle-orm';
import { assertCan, can } from '../../../access/can.js';
import { guardUnique, insertOne, single, updateExisting, type Clash } from '../../../db/rows.js';
import { inTransaction, type TenantDb } from '../../../db/tenant-db.js';
import type { EntityRows } from '../../../events/config.js';
import { recordEvents } from '../../../events/outbox.js';
import { badInput, conflict, forbidden, notFound } from '../../../errors.js';
import { CLIENT_PART_MAX } from '../../../graphql/limits/list-bounds.js';
import { parseInput, uuid } from '../../shared-validation.js';
import { created, insertRecorded } from '../../shared-writes.js';
import type {
  EmploymentModel,
  LanguageExamModel,
  NoteModel,
  PassportModel,
  ProficiencyModel,
  QualificationModel,
} from '../models.js';
import { clientPartGet } from '../selectors/client-profile.js';
import { clientGetVisible, type ClientReadArgs } from '../selectors/client-scope.js';
import {
  employmentInput,
  languageExamInput,
  noteInput,
  passportInput,
  proficiencyInput,
  qualificationInput,
  SCORE_FIELDS,
} from '../validation.js';

type Args = ClientReadArgs;

type PartTable = 'proficiencies' | 'qualifications' | 'employments';
/** The entity a part table's events name. */
const PART_ENTITY = { proficiencies: 'Proficiency', qualifications: 'Qualification', employments: 'Employment' } as const;

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
async function assertRoomForPart(db: TenantDb, table: PartTable, clientId: string) {
  const t = db.t[table] as TenantDb['t']['employments'];
  const [held] = await db.orm.select({ n: count() }).from(t).where(eq(t.clientId, clientId));
  if (held!.n >= CLIENT_PART_MAX) {
    throw badInput([{ path: 'clientId', message: `already has ${CLIENT_PART_MAX} ${table}, the most a client may have` }]);
  }
}

type PartRow<T extends PartTable> = TenantDb['t'][T]['$inferSelect'];
type PartEntityRow<T extends PartTable> = EntityRows[(typeof PART_ENTITY)[T]];
type PartValues<T extends PartTable> = Omit<TenantDb['t'][T]['$inferInsert'], 'createdById' | 'updatedById'>;

/** Inserts a part and records its CREATE event, in one transaction. */
async function partInsert<T extends PartTable>(
  db: TenantDb,
  viewer: Args['viewer'],
  table: T,
  values: PartValues<T>,
): Promise<PartRow<T>> {
  const t = db.t[table] as TenantDb['t']['employments'];
  return inTransaction(db.orm, async (tx) => {
    const [row] = await tx
      .insert(t)
      .values({ ...(values as PartValues<'employments'>), ...created(viewer) })
      .returning();
    const after = row as PartEntityRow<T>;
    await recordEvents(tx, db, { entity: PART_ENTITY[table], id: after.id, before: null, after, actorId: viewer.id });
    return row as PartRow<T>;
  });
}

/** Changes a part and records its UPDATE event (none when nothing changed), in one transaction. */
async function partUpdate<T extends PartTable>(
  db: TenantDb,
  viewer: Args['viewer'],
  table: T,
  part: PartRow<T>,
  what: string,
  values: Partial<PartValues<T>>,
): Promise<PartRow<T>> {
  const t = db.t[table] as TenantDb['t']['employments'];
  return inTransaction(db.orm, async (tx) => {
    // Read again under a lock: the event's "before" is the row this update replaces.
    const [locked] = await tx.select().from(t).where(eq(t.id, part.id)).for('update');
    if (!locked) throw notFound(what);
    const [row] = await tx
      .update(t)
      .set({ ...(values as Partial<PartValues<'employments'>>), updatedById: viewer.id })
      .where(eq(t.id, part.id))
      .returning();
    const [before, after] = [locked as PartEntityRow<T>, row as PartEntityRow<T>];
    await recordEvents(tx, db, { entity: PART_ENTITY[table], id: part.id, before, after, actorId: viewer.id });
    return row as PartRow<T>;
  });
}

export type PassportSetArgs = Args & { clientId: unknown; input: unknown };

export async function passportSet({ db, viewer, clientId, input }: PassportSetArgs): Promise<PassportModel> {
  const client = await writableClient({ db, viewer }, clientId);
  const values = { ...parseInput(passportInput, input), updatedById: viewer.id };
  const { passports: p, clients: c } = db.t;
  return inTransaction(db.orm, async (tx) => {
    // Sets of one client's passport take turns on the client's row, so each sees the one it
    // replaces (ADDED once, then UPDATED). NO KEY UPDATE: rows referring to the client do not wait.
    await tx.select({ id: c.id }).from(c).where(eq(c.id, client.id)).for('no key update');
    const [before] = await tx.select().from(p).where(eq(p.clientId, client.id));
    const row = await single(
      tx
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
        .returning(),
    );
    await recordEvents(tx, db, { entity: 'Passport', id: client.id, before: before ?? null, after: row, actorId: viewer.id });
    return row;
  });
}

export type PassportDeleteArgs = Args & { clientId: unknown };

export async function passportDelete({ db, viewer, clientId }: PassportDeleteArgs): Promise<boolean> {
  const client = await writableClient({ db, viewer }, clientId);
  const p = db.t.passports;
  return inTransaction(db.orm, async (tx) => {
    const [gone] = await tx.delete(p).where(eq(p.clientId, client.id)).returning();
    if (gone) await recordEvents(tx, db, { entity: 'Passport', id: client.id, before: gone, after: null, actorId: viewer.id });
    return gone !== undefined;
  });
}

const examNameTaken: Clash = { message: 'An exam with this name exists', path: 'input.name' };

export type LanguageExamCreateArgs = Args & { input: unknown };

export async function languageExamCreate({ db, viewer, input }: LanguageExamCreateArgs): Promise<LanguageExamModel> {
  assertCan(viewer, 'languageExam:write');
  const values = parseInput(languageExamInput, input);
  return guardUnique(() => insertOne(db.orm, db.t.languageExams, values), examNameTaken);
}

export type LanguageExamUpdateArgs = Args & { id: unknown; input: unknown };

export async function languageExamUpdate({ db, viewer, id, input }: LanguageExamUpdateArgs): Promise<LanguageExamModel> {
  assertCan(viewer, 'languageExam:write');
  const examId = parseInput(uuid, id, 'id');
  const values = parseInput(languageExamInput, input);
  return guardUnique(() => updateExisting(db.orm, db.t.languageExams, examId, values, 'Language exam'), examNameTaken);
}

export type LanguageExamDeleteArgs = Args & { id: unknown };

export async function languageExamDelete({ db, viewer, id }: LanguageExamDeleteArgs): Promise<boolean> {
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

export type ProficiencyAddArgs = Args & { clientId: unknown; input: unknown };

export async function proficiencyAdd({ db, viewer, clientId, input }: ProficiencyAddArgs): Promise<ProficiencyModel> {
  const client = await writableClient({ db, viewer }, clientId);
  const values = await proficiencyValues(db, input);
  await assertRoomForPart(db, 'proficiencies', client.id);
  return partInsert(db, viewer, 'proficiencies', { ...values, clientId: client.id });
}

export type ProficiencyUpdateArgs = Args & { id: unknown; input: unknown };

export async function proficiencyUpdate({ db, viewer, id, input }: ProficiencyUpdateArgs): Promise<ProficiencyModel> {
  const part = await clientPartGet({ db, viewer, table: 'proficiencies', id, what: 'Proficiency' });
  assertCan(viewer, 'client:update');
  const values = await proficiencyValues(db, input);
  return partUpdate(db, viewer, 'proficiencies', part, 'Proficiency', values);
}

export type QualificationAddArgs = Args & { clientId: unknown; input: unknown };

export async function qualificationAdd({ db, viewer, clientId, input }: QualificationAddArgs): Promise<QualificationModel> {
  const client = await writableClient({ db, viewer }, clientId);
  const values = parseInput(qualificationInput, input);
  await assertRoomForPart(db, 'qualifications', client.id);
  return partInsert(db, viewer, 'qualifications', {
    ...values,
    completionDate: values.completionDate ?? null,
    clientId: client.id,
  });
}

export type QualificationUpdateArgs = Args & { id: unknown; input: unknown };

export async function qualificationUpdate({ db, viewer, id, input }: QualificationUpdateArgs): Promise<QualificationModel> {
  const part = await clientPartGet({ db, viewer, table: 'qualifications', id, what: 'Qualification' });
  assertCan(viewer, 'client:update');
  const values = parseInput(qualificationInput, input);
  return partUpdate(db, viewer, 'qualifications', part, 'Qualification', {
    ...values,
    completionDate: values.completionDate ?? null,
  });
}

export type EmploymentAddArgs = Args & { clientId: unknown; input: unknown };

export async function employmentAdd({ db, viewer, clientId, input }: EmploymentAddArgs): Promise<EmploymentModel> {
  const client = await writableClient({ db, viewer }, clientId);
  const values = parseInput(employmentInput, input);
  await assertRoomForPart(db, 'employments', client.id);
  return partInsert(db, viewer, 'employments', { ...values, endDate: values.endDate ?? null, clientId: client.id });
}

export type EmploymentUpdateArgs = Args & { id: unknown; input: unknown };

export async function employmentUpdate({ db, viewer, id, input }: EmploymentUpdateArgs): Promise<EmploymentModel> {
  const part = await clientPartGet({ db, viewer, table: 'employments', id, what: 'Employment' });
  assertCan(viewer, 'client:update');
  const values = parseInput(employmentInput, input);
  return partUpdate(db, viewer, 'employments', part, 'Employment', { ...values, endDate: values.endDate ?? null });
}

export type ClientPartDeleteArgs = Args & { table: PartTable; id: unknown; what: string };

/** Deletes a proficiency, qualification or employment of a visible client. */
export async function clientPartDelete({ db, viewer, table, id, what }: ClientPartDeleteArgs): Promise<boolean> {
  const part = await clientPartGet({ db, viewer, table, id, what });
  assertCan(viewer, 'client:update');
  const t = db.t[table] as TenantDb['t']['employments'];
  await inTransaction(db.orm, async (tx) => {
    const [gone] = await tx.delete(t).where(eq(t.id, part.id)).returning();
    // A delete that raced another finds nothing: that one recorded the event.
    if (gone) {
      const before = gone as PartEntityRow<typeof table>;
      await recordEvents(tx, db, { entity: PART_ENTITY[table], id: part.id, before, after: null, actorId: viewer.id });
    }
  });
  return true;
}

/** Whether the viewer may change or delete a note: its author (with note:create), or a moderator. */
export function noteEditable(viewer: Args['viewer'], note: NoteModel): boolean {
  return (note.authorId === viewer.id && can(viewer, 'note:create')) || can(viewer, 'note:moderate');
}

export type NoteAddArgs = Args & { clientId: unknown; input: unknown };

export async function noteAdd({ db, viewer, clientId, input }: NoteAddArgs): Promise<NoteModel> {
  const client = await clientGetVisible({ db, viewer, id: clientId, path: 'clientId' });
  assertCan(viewer, 'note:create');
  const { content } = parseInput(noteInput, input);
  return inTransaction(db.orm, (tx) =>
    insertRecorded(tx, db, viewer, 'Note', db.t.notes, { clientId: client.id, authorId: viewer.id, content }),
  );
}

export type NoteUpdateArgs = Args & { id: unknown; input: unknown };

export async function noteUpdate({ db, viewer, id, input }: NoteUpdateArgs): Promise<NoteModel> {
  const note = await clientPartGet({ db, viewer, table: 'notes', id, what: 'Note' });
  if (!noteEditable(viewer, note)) throw forbidden('Only the author or a moderator may change this note');
  const { content } = parseInput(noteInput, input);
  return inTransaction(db.orm, async (tx) => {
    const row = await single(
      tx
        .update(db.t.notes)
        .set({ content })
        .where(and(eq(db.t.notes.id, note.id)))
        .returning(),
    );
    await recordEvents(tx, db, { entity: 'Note', id: note.id, before: note, after: row, actorId: viewer.id });
    return row;
  });
}

export type NoteDeleteArgs = Args & { id: unknown };

export async function noteDelete({ db, viewer, id }: NoteDeleteArgs): Promise<boolean> {
  const note = await clientPartGet({ db, viewer, table: 'notes', id, what: 'Note' });
  if (!noteEditable(viewer, note)) throw forbidden('Only the author or a moderator may delete this note');
  await inTransaction(db.orm, async (tx) => {
    await tx.delete(db.t.notes).where(eq(db.t.notes.id, note.id));
    await recordEvents(tx, db, { entity: 'Note', id: note.id, before: note, after: null, actorId: viewer.id });
  });
  return true;
}
