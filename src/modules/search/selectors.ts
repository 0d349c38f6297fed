// Global search: one ranked list of clients, visa applications, college applications, tasks,
// agents and institutes whose names contain the text, each kind within the viewer's scope and
// read permission, ranked by trigram similarity (pg_trgm) to the text.
//
// One statement ranks every kind: each kind is an arm (or two) served by a trigram index
// (`ILIKE '%text%'` on a GIN gin_trgm_ops index; the text must have 3 characters so that it has
// a trigram to look up), each arm keeps only its best `offset + first + 1`, and the union is
// ranked once. The clients that match are found once (a materialized CTE) for the client arm and
// the two application arms, which join them through the applications' client index. Clients are
// limited by their branch on the row itself (branchScope): the clientScope subquery, given the
// outer clients' id, would resolve it to its own clients table and match any client. The rows of the page's hits are then read per kind, in parallel, through the
// modules' own by-id reads (which apply the scope again).
import { and, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { Action } from '../../access/actions.js';
import { branchScope, clientScope } from '../../access/scope.js';
import type { TenantViewer } from '../../auth/viewer.js';
import { clientSearchTexts } from '../../db/tables/crm-clients.js';
import { containsPattern, decodeCursor, encodeCursor } from '../../db/paging.js';
import type { TenantDb } from '../../db/tenant-db.js';
import { badInput } from '../../errors.js';
import { agentListByIds } from '../agents/index.js';
import { clientListByIds } from '../clients/index.js';
import { instituteListByIds } from '../education/index.js';
import { taskListByIds, taskVisibility } from '../tasks/index.js';
import { asHit, SEARCH_TYPES, type SearchConnectionModel, type SearchRow, type SearchType } from './models.js';

/** The read permission each kind of hit needs; kinds the viewer may not read are left out. */
const READ: Record<SearchType, Action> = {
  CLIENT: 'client:read',
  VISA_APPLICATION: 'visaApplication:read',
  COLLEGE_APPLICATION: 'collegeApplication:read',
  TASK: 'task:read',
  AGENT: 'catalogue:read',
  INSTITUTE: 'catalogue:read',
};

/**
 * Applications found through their client's name rank a little below the client itself, so
 * "Priya" lists Priya before her three applications.
 */
const THROUGH_CLIENT = 0.9;
export const SEARCH_MIN_LENGTH = 3;
export const SEARCH_MAX_LENGTH = 100;
export const SEARCH_MAX_FIRST = 50;
/** How deep paging may go (offset + first): ranked search is for finding, not for walking everything. */
export const SEARCH_MAX_DEPTH = 200;

export interface SearchArgs {
  db: TenantDb;
  viewer: TenantViewer;
  text: string;
  first?: number | null;
  after?: string | null;
  types?: readonly SearchType[] | null;
}

function parseArgs({ text, first, after }: Pick<SearchArgs, 'text' | 'first' | 'after'>) {
  const q = text.trim();
  const problems: { path: string; message: string }[] = [];
  if (q.length < SEARCH_MIN_LENGTH)
    problems.push({ path: 'text', message: `must have at least ${SEARCH_MIN_LENGTH} characters` });
  if (q.length > SEARCH_MAX_LENGTH) problems.push({ path: 'text', message: `must have at most ${SEARCH_MAX_LENGTH} characters` });
  if (q.includes('\u0000')) problems.push({ path: 'text', message: 'must not contain NUL characters' });
  const size = first ?? 20;
  if (!Number.isInteger(size) || size < 0 || size > SEARCH_MAX_FIRST) {
    problems.push({ path: 'first', message: `must be a whole number from 0 to ${SEARCH_MAX_FIRST}` });
  }
  if (problems.length) throw badInput(problems);
  const offset = after ? Number(decodeCursor(after, ['text'])![0]) : 0;
  if (!Number.isInteger(offset) || offset < 0 || offset + size > SEARCH_MAX_DEPTH) {
    throw badInput([{ path: 'after', message: `is not a valid cursor (search pages reach ${SEARCH_MAX_DEPTH} hits at most)` }]);
  }
  return { q, size, offset };
}

interface Arm {
  type: SearchType;
  query: SQL;
}

/** The clients whose name, email or phone holds the text, in scope, with their score: shared by three arms. */
const MATCHED = sql.raw('matched');

/**
 * The ranking statement's parts for the kinds asked for and readable: the arms, each its best
 * `keep`, and the `matched` clients they share (computed once, when an arm needs them).
 */
function ranking(db: TenantDb, viewer: TenantViewer, q: string, kinds: ReadonlySet<SearchType>, keep: number) {
  const { clients: c, visaApplications: va, collegeApplications: ca, tasks: t, agents: ag, institutes: i } = db.t;
  const p = containsPattern(q);
  const texts = clientSearchTexts(c);
  // The candidates come from the trigram index of each expression on its own, one arm of a union
  // each, planned apart from the scope: as one OR the planner prices the four indexes together
  // above a sequential scan, and joined with a branch filter it scans the branch and tests every
  // client of it (both measured on 50,000 clients: 70-90 ms against 8-20 ms). A phone number is
  // only looked at for a text with a digit in it. The scope is then checked on each candidate.
  const searched = texts.filter((_, k) => k < 3 || /\d/.test(q));
  const candidates = sql.join(
    searched.map((e) => sql`select ${c.id} from ${c} where ${c.deletedAt} is null and ${e} ilike ${p}`),
    sql` union `,
  );
  const matched = sql`${MATCHED} as materialized (
    select ${c.id} as id, greatest(${sql.join(
      searched.map((e) => sql`public.similarity(${e}, ${q})`),
      sql`, `,
    )}) as score
    from ${c}
    where ${c.id} = any(array(${candidates})) and ${branchScope(db, viewer, c.branchId)})`;
  const top = (type: SearchType, id: SQL, score: SQL, from: SQL): Arm => ({
    type,
    query: sql`(select ${type}::text as kind, ${id} as id, (${score})::float8 as score ${from} order by 3 desc, 2 limit ${keep})`,
  });
  /** Applications of matched clients, through the applications' client index. */
  const byClient = (type: SearchType, app: typeof va | typeof ca) =>
    top(
      type,
      sql`${app.id}`,
      sql`m.score * ${THROUGH_CLIENT}`,
      sql`from ${MATCHED} m join ${app} on ${app.clientId} = m.id where ${app.deletedAt} is null`,
    );
  const all: (Arm & { shared?: true })[] = [
    { ...top('CLIENT', sql`m.id`, sql`m.score`, sql`from ${MATCHED} m`), shared: true },
    { ...byClient('VISA_APPLICATION', va), shared: true },
    top(
      'VISA_APPLICATION',
      sql`${va.id}`,
      sql`public.similarity(${va.transactionReferenceNo}, ${q})`,
      sql`from ${va} join ${c} on ${c.id} = ${va.clientId}
        where ${va.deletedAt} is null and ${va.transactionReferenceNo} ilike ${p} and ${c.deletedAt} is null
          and ${branchScope(db, viewer, c.branchId)}`,
    ),
    { ...byClient('COLLEGE_APPLICATION', ca), shared: true },
    top(
      'TASK',
      sql`${t.id}`,
      sql`public.similarity(${t.title}, ${q})`,
      sql`from ${t} where ${t.title} ilike ${p} and ${taskVisibility(db, viewer)}`,
    ),
    top(
      'AGENT',
      sql`${ag.id}`,
      sql`public.similarity(${ag.agentName}, ${q})`,
      sql`from ${ag} where ${ag.deletedAt} is null and ${ag.agentName} ilike ${p}`,
    ),
    top(
      'INSTITUTE',
      sql`${i.id}`,
      sql`public.similarity(${i.name}, ${q})`,
      sql`from ${i} where ${i.deletedAt} is null and ${i.name} ilike ${p}`,
    ),
  ];
  const arms = all.filter((a) => kinds.has(a.type));
  return { arms, with: arms.some((a) => a.shared) ? sql`with ${matched}` : sql`` };
}

/** The rows of the hits, by kind, through each module's scoped by-id read; hits no longer readable drop out. */
async function hitRows(db: TenantDb, viewer: TenantViewer, ids: Map<SearchType, string[]>): Promise<Map<string, SearchRow>> {
  const { visaApplications: va, collegeApplications: ca } = db.t;
  const of = (type: SearchType) => ids.get(type) ?? [];
  const byIds = async <T extends SearchRow>(type: SearchType, read: (ids: string[]) => Promise<T[]>) => {
    const wanted = of(type);
    return wanted.length ? (await read(wanted)).map((row) => [`${type}:${row.id}`, asHit(type, row)] as const) : [];
  };
  /** Applications by id, live, of clients in scope. */
  const liveIn = (app: typeof va | typeof ca, wanted: string[]) =>
    and(inArray(app.id, wanted), isNull(app.deletedAt), clientScope(db, viewer, app.clientId));
  const found = await Promise.all([
    byIds('CLIENT', (w) => clientListByIds({ db, viewer, ids: w })),
    byIds('VISA_APPLICATION', (w) => db.orm.select().from(va).where(liveIn(va, w))),
    byIds('COLLEGE_APPLICATION', (w) => db.orm.select().from(ca).where(liveIn(ca, w))),
    byIds('TASK', (w) => taskListByIds({ db, viewer, ids: w })),
    byIds('AGENT', (w) => agentListByIds({ db, viewer, ids: w })),
    byIds('INSTITUTE', async (w) => (await instituteListByIds({ db, viewer, ids: w })).filter((r) => r.deletedAt === null)),
  ]);
  return new Map<string, SearchRow>(found.flat());
}

export type GlobalSearchArgs = SearchArgs;

export async function globalSearch({ db, viewer, text, first, after, types }: GlobalSearchArgs): Promise<SearchConnectionModel> {
  const { q, size, offset } = parseArgs({ text, first, after });
  const asked = new Set(types?.length ? types : SEARCH_TYPES);
  const kinds = new Set([...asked].filter((k) => viewer.actions.has(READ[k])));
  const empty = { edges: [], nodes: [], pageInfo: { hasNextPage: false, endCursor: null } };
  const { arms: selected, with: shared } = ranking(db, viewer, q, kinds, offset + size + 1);
  if (!selected.length || size === 0) return empty;
  // An application may come up through its client and its reference: it counts once, at its best.
  const ranked = (await db.orm.execute(sql`${shared}
    select kind, id::text as id, max(score) as score
    from (${sql.join(
      selected.map((a) => a.query),
      sql` union all `,
    )}) hits
    group by kind, id
    order by max(score) desc, kind, id
    limit ${size + 1} offset ${offset}`)) as unknown as { rows: { kind: SearchType; id: string; score: number }[] };
  const page = ranked.rows.slice(0, size);
  const ids = new Map<SearchType, string[]>();
  for (const r of page) ids.set(r.kind, [...(ids.get(r.kind) ?? []), r.id]);
  const rows = await hitRows(db, viewer, ids);
  const edges = page.flatMap((r, n) => {
    const node = rows.get(`${r.kind}:${r.id}`);
    // Rounded: the score is for ordering and display, not a float to compare exactly.
    return node
      ? [{ cursor: encodeCursor([String(offset + n + 1)]), score: Math.round(Number(r.score) * 1000) / 1000, node }]
      : [];
  });
  return {
    edges,
    nodes: edges.map((e) => e.node),
    pageInfo: { hasNextPage: ranked.rows.length > size, endCursor: edges.at(-1)?.cursor ?? null },
  };
}
