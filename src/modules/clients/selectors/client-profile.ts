// Reads of a client's profile parts, notes and timeline. Parts are loaded for clients the viewer
// already sees (a Client field), so these batch by client id; the client's scope was applied when
// the client itself was read.
import { and, asc, count, desc, eq, exists, ilike, inArray, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import { clientScope, userScope } from '../../../access/scope.js';
import { containsPattern, type Connection, keysetList } from '../../../db/paging.js';
import { anyId, compiledByIds, UNNAMED } from '../../../db/compiled.js';
import { rowWhere } from '../../../db/scoped-rows.js';
import type { ActivityType } from '../../../db/tables/enums.js';
import { tenantTables } from '../../../db/tables/tenant.js';
import type { TenantDb } from '../../../db/tenant-db.js';
import { notFound } from '../../../errors.js';
import { groupBy } from '../../../graphql/loader-kit.js';
import type { PageArgs } from '../../shared-args.js';
import { parseInput, uuid } from '../../shared-validation.js';
import type { ClientActivityModel, LanguageExamModel, NoteModel, PassportModel, ProficiencyModel } from '../models.js';
import { clientGetVisible, type ClientReadArgs } from './client-scope.js';

type ByClient = ClientReadArgs & { ids: readonly string[] };

const t = tenantTables;
const examsByIds = compiledByIds((orm, ids) =>
  orm.select().from(t.languageExams).where(anyId(t.languageExams.id, ids)).prepare(UNNAMED),
);

/** A passport expires soon when it runs out within six months of `now` (Passport.expiresSoon). */
const SIX_MONTHS_MS = 183 * 24 * 3600 * 1000;
export function passportExpiresSoon(p: Pick<PassportModel, 'dateOfExpiry'>, now = Date.now()): boolean {
  return p.dateOfExpiry !== null && new Date(p.dateOfExpiry).getTime() - now < SIX_MONTHS_MS;
}

/** The last day a language result counts: its test date plus the exam's validity term (none for a term of 0). */
export function proficiencyValidUntil(
  p: Pick<ProficiencyModel, 'testDate'>,
  exam: Pick<LanguageExamModel, 'validityTerm'> | null | undefined,
): string | null {
  if (!exam || exam.validityTerm === 0) return null;
  const d = new Date(`${p.testDate}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + exam.validityTerm);
  return d.toISOString().slice(0, 10);
}

/** What the batch reads of a part take (`passportListByClientIds`, …): the clients of one loader batch. */
export type ClientPartListArgs = ByClient;

/** A table of client parts: its rows name their client. */
type PartTable = PgTable & { clientId: AnyPgColumn };
type Part<T extends PartTable> = T['$inferSelect'] & { clientId: string };

/**
 * The batch read of a part a client has one of at most (`order`: none) or many of: the rows of the
 * clients `ids` names, in one statement built once whatever the batch (src/db/compiled.ts).
 */
function partRows<T extends PartTable>(table: T, order: (t: T) => SQL[] = () => []) {
  const rows = compiledByIds((orm, ids) =>
    orm
      .select()
      .from(table as PgTable)
      .where(anyId(table.clientId, ids))
      .orderBy(...order(table))
      .prepare(UNNAMED),
  );
  return async ({ db, ids }: ClientPartListArgs): Promise<Part<T>[]> => (ids.length ? ((await rows(db, ids)) as Part<T>[]) : []);
}

/** The batch read of a part a client has many of: each client's rows, in `order`. */
function partLists<T extends PartTable>(table: T, order: (t: T) => SQL[]) {
  const rows = partRows(table, order);
  return async (args: ClientPartListArgs): Promise<Map<string, Part<T>[]>> => groupBy(await rows(args), (r) => r.clientId);
}

export const passportListByClientIds = partRows(t.passports);
export const profilePictureListByClientIds = partRows(t.profilePictures);
export const proficiencyListByClientIds = partLists(t.proficiencies, (p) => [desc(p.testDate), asc(p.id)]);
export const qualificationListByClientIds = partLists(t.qualifications, (q) => [
  sql`${q.completionDate} desc nulls first`,
  asc(q.course),
  asc(q.id),
]);
export const employmentListByClientIds = partLists(t.employments, (e) => [
  sql`${e.endDate} desc nulls first`,
  desc(e.startDate),
  asc(e.id),
]);

export type LanguageExamListArgs = ClientReadArgs & PageArgs & { search?: string | null };

export async function languageExamList(args: LanguageExamListArgs): Promise<Connection<LanguageExamModel>> {
  const { db, search } = args;
  const e = db.t.languageExams;
  const text = search?.trim().slice(0, 100);
  const where = text ? ilike(e.name, containsPattern(text)) : undefined;
  return keysetList({ orm: db.orm, table: e, where, order: [e.name, e.id], page: args });
}

export type LanguageExamGetByIdArgs = ClientReadArgs & { id: unknown };

export async function languageExamGetById({ db, id }: LanguageExamGetByIdArgs): Promise<LanguageExamModel> {
  return rowWhere(db.orm, db.t.languageExams, parseInput(uuid, id, 'id'), undefined, 'Language exam');
}

export type LanguageExamListByIdsArgs = ByClient;

export async function languageExamListByIds({ db, ids }: LanguageExamListByIdsArgs): Promise<LanguageExamModel[]> {
  return ids.length ? examsByIds(db, ids) : [];
}

export type NoteListArgs = ClientReadArgs & PageArgs & { clientId: string };

/** A client's notes, newest first; the client must be visible. */
export async function noteList(args: NoteListArgs): Promise<Connection<NoteModel>> {
  const { db, viewer, clientId } = args;
  const client = await clientGetVisible({ db, viewer, id: clientId, path: 'clientId' });
  const n = db.t.notes;
  return keysetList({
    orm: db.orm,
    table: n,
    where: eq(n.clientId, client.id),
    order: [n.createdAt, n.id],
    direction: 'desc',
    page: args,
  });
}

export type ClientActivityListArgs = ClientReadArgs &
  PageArgs & {
    clientId: string;
    activityTypes?: readonly ActivityType[] | null;
    performedById?: string | null;
  };

/**
 * A client's timeline, newest first; the client must be visible. `performedById` matches only a
 * performer the viewer sees (the scope of the user loader behind `performedBy`): filtering by a
 * hidden user answers as for an unknown one, so the filter is no oracle of who did what.
 */
export async function clientActivityList(args: ClientActivityListArgs): Promise<Connection<ClientActivityModel>> {
  const { db, viewer, clientId, activityTypes, performedById } = args;
  const client = await clientGetVisible({ db, viewer, id: clientId, path: 'clientId' });
  const performer = performedById ? parseInput(uuid, performedById, 'performedById') : null;
  const { clientActivities: a, users: u } = db.t;
  const where = and(
    eq(a.clientId, client.id),
    activityTypes?.length ? inArray(a.activityType, [...new Set(activityTypes)]) : undefined,
    performer
      ? and(
          eq(a.performedById, performer),
          exists(
            db.orm
              .select({ one: sql`1` })
              .from(u)
              .where(and(eq(u.id, performer), userScope(db, viewer))),
          ),
        )
      : undefined,
  );
  return keysetList({ orm: db.orm, table: a, where, order: [a.createdAt, a.id], direction: 'desc', page: args });
}

type ClientPart = 'proficiencies' | 'qualifications' | 'employments' | 'notes';
export type ClientPartGetArgs<T extends ClientPart> = ClientReadArgs & { table: T; id: unknown; what: string };

/** One row of a client-owned table whose client is live and in scope; NOT_FOUND otherwise. */
export async function clientPartGet<T extends ClientPart>({
  db,
  viewer,
  table,
  id,
  what,
}: ClientPartGetArgs<T>): Promise<TenantDb['t'][T]['$inferSelect']> {
  const partId = parseInput(uuid, id, 'id');
  const t = db.t[table] as TenantDb['t']['notes'];
  const [row] = await db.orm
    .select()
    .from(t)
    .where(and(eq(t.id, partId), clientScope(db, viewer, t.clientId)));
  if (!row) throw notFound(what);
  return row as unknown as TenantDb['t'][T]['$inferSelect'];
}

export type FirstPagesByClientArgs<K extends 'notes' | 'clientActivities'> = ClientReadArgs & {
  table: K;
  keys: readonly string[];
};

/**
 * The first page of several clients' notes or timelines in one statement (a window per client),
 * for the Client.notes and Client.timeline fields of a client list. Clients are already visible.
 * Keys are `<clientId>:<page size>`; each value holds up to size + 1 rows, newest first.
 */
export async function firstPagesByClient<K extends 'notes' | 'clientActivities'>({
  db,
  table,
  keys,
}: FirstPagesByClientArgs<K>): Promise<Map<string, { row: TenantDb['t'][K]['$inferSelect']; at: string }[]>> {
  const t = db.t[table] as TenantDb['t']['notes'];
  const bySize = new Map<number, string[]>();
  for (const key of keys) {
    const [clientId, size] = key.split(':') as [string, string];
    bySize.set(Number(size), [...(bySize.get(Number(size)) ?? []), clientId]);
  }
  const out = new Map<string, { row: TenantDb['t'][K]['$inferSelect']; at: string }[]>();
  for (const [size, clientIds] of bySize) {
    const ranked = db.orm
      .select({
        id: t.id,
        rank: sql<number>`row_number() over (partition by ${t.clientId} order by ${t.createdAt} desc, ${t.id} desc)`.as('rank'),
      })
      .from(t)
      .where(inArray(t.clientId, clientIds))
      .as('ranked');
    const rows = await db.orm
      .select({ row: t, at: sql<string>`${t.createdAt}::text` })
      .from(t)
      .innerJoin(ranked, eq(ranked.id, t.id))
      .where(sql`${ranked.rank} <= ${size + 1}`)
      .orderBy(desc(t.createdAt), desc(t.id));
    for (const r of rows) {
      const key = `${r.row.clientId}:${size}`;
      out.set(key, [...(out.get(key) ?? []), { row: r.row as TenantDb['t'][K]['$inferSelect'], at: r.at }]);
    }
  }
  return out;
}

export type CountsByClientArgs = ClientReadArgs & { table: 'notes' | 'clientActivities'; ids: readonly string[] };

/** How many notes or timeline entries each client has, for totalCount on a client list. */
export async function countsByClient({ db, table, ids }: CountsByClientArgs): Promise<Map<string, number>> {
  const t = db.t[table] as TenantDb['t']['notes'];
  const rows = ids.length
    ? await db.orm
        .select({ clientId: t.clientId, n: count() })
        .from(t)
        .where(inArray(t.clientId, [...ids]))
        .groupBy(t.clientId)
    : [];
  return new Map(rows.map((r) => [r.clientId, r.n]));
}
