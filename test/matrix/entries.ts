// What the calendar and reminders rows share: entries that belong to a user (an event in a calendar,
// a reminder), made by the tenant owner for the peer consultant of B11 (in the B11 actors' team) or
// of B21 (outside it), so the B11 actors are neither its owner nor its creator; `other` is one entry
// of the second tenant.
import { must, type GqlResult } from '../kit/server.js';
import {
  ALL3,
  asOther,
  asOwner,
  byIdRows,
  call,
  once,
  partlyInScope,
  peerOf,
  perScope,
  rows,
  seq,
  table,
  write,
  type Op,
  type ReadOp,
  type Scope,
  type WriteOp,
} from '../kit/matrix.js';

/** calendar:viewTeam: whole-tenant roles see everyone's; REGION_MANAGER and BRANCH_ADMIN their team's; a CONSULTANT only its own. */
export const TEAM = table(
  'OK OK NOT_FOUND',
  'OK OK NOT_FOUND',
  'OK NOT_FOUND NOT_FOUND',
  'OK NOT_FOUND NOT_FOUND',
  'NOT_FOUND NOT_FOUND NOT_FOUND',
);
export const TEAM_LIST = table(
  'VISIBLE VISIBLE HIDDEN',
  'VISIBLE VISIBLE HIDDEN',
  'VISIBLE HIDDEN HIDDEN',
  'VISIBLE HIDDEN HIDDEN',
  'HIDDEN HIDDEN HIDDEN',
);
/** calendar:assignOthers within the user scope; a CONSULTANT only for itself. */
export const FOR_OTHERS = table(
  'OK OK BAD_USER_INPUT',
  'OK OK BAD_USER_INPUT',
  'OK FORBIDDEN FORBIDDEN',
  'OK FORBIDDEN FORBIDDEN',
  'FORBIDDEN FORBIDDEN FORBIDDEN',
);

/** TEAM and FOR_OTHERS for an entry of a consultant of B11 and B21: it shares B11, so it is in every B11 actor’s team. */
const PARTLY_TEAM = table('OK', 'OK', 'OK', 'OK', 'NOT_FOUND');
const PARTLY_FOR_OTHERS = table('OK', 'OK', 'OK', 'OK', 'FORBIDDEN');

type Vars = Record<string, unknown>;

export interface EntryKind {
  /** The create mutation's root field and its input type (passed as `$i`). */
  create: 'createCalendarEvent' | 'createReminder';
  inputType: string;
  /** The input field (and list filter) naming whom the entry is for. */
  owner: 'assignedToId' | 'ownerId';
  /** The entry's fields other than its title and whom it is for, made per entry. */
  fields: () => Vars;
  /** The title's first word for the entries the rows make. */
  noun: string;
  /** What a create adds to, read by the owner. */
  created: (title: string) => Promise<GqlResult>;
  /** An entry read back by id. */
  read: (variables: Vars, scope: Scope) => Promise<GqlResult>;
}

/** The rows of one kind of entry: list, read by id, create (for oneself, for another), mutate by id. */
export function entryRows(k: EntryKind) {
  const CREATE = `mutation($i: ${k.inputType}!) { ${k.create}(input: $i) { id } }`;
  const add = async (as: typeof asOwner, i: Vars) => (await must(as(CREATE, { i })))[k.create].id as string;
  const other = once(() => add(asOther, { title: 'Other', ...k.fields() }));
  /** A fresh entry for the scope's peer; for `other`, the second tenant's one entry. */
  const fresh = (scope: Scope) =>
    scope === 'other' ? other() : add(asOwner, { title: `${k.noun} ${seq()}`, ...k.fields(), [k.owner]: peerOf(scope) });
  const shared = perScope(fresh);
  const sharedOf = async (s: Scope) => (await shared())[s];
  const partlyEntry = once(async () =>
    add(asOwner, { title: `${k.noun} ${seq()}`, ...k.fields(), [k.owner]: (await partlyInScope()).id }),
  );
  return {
    /** Whether the scope's entry is listed when filtering by its peer; `vars` are the query's others. */
    list: (name: ReadOp['name'], query: string, vars: Vars = {}): Op =>
      rows.list(name, ALL3, query, sharedOf, TEAM_LIST, (s) => ({ ...vars, f: { [k.owner]: peerOf(s) } })),
    get: (name: ReadOp['name'], query: string): Op => rows.get(name, ALL3, query, sharedOf, TEAM),
    /** Creating an entry for oneself (everyone may), and for the scope's peer. */
    creates: (self: WriteOp['name'], forOthers: WriteOp['name']): Op[] => [
      write({
        name: self,
        scopes: ['in'],
        target: () => Promise.resolve(`Mine ${seq()}`),
        mutate: (a, _s, title) => call(a, CREATE, { i: { title, ...k.fields() } }),
        readBack: (title) => k.created(title),
        expect: table('OK', 'OK', 'OK', 'OK', 'OK'),
      }),
      write({
        name: forOthers,
        scopes: ALL3,
        target: () => Promise.resolve(`For ${seq()}`),
        mutate: (a, s, title) => call(a, CREATE, { i: { title, ...k.fields(), [k.owner]: peerOf(s) } }),
        readBack: (title) => k.created(title),
        expect: FOR_OTHERS,
      }),
    ],
    /** Creating an entry for a consultant of B11 and B21, and reading one it has, by id. */
    partly: (create: WriteOp['name'], get: ReadOp['name'], query: string): Op[] => [
      write({
        name: create,
        scopes: ['in'],
        target: () => Promise.resolve(`For ${seq()}`),
        mutate: async (a, _s, title) => call(a, CREATE, { i: { title, ...k.fields(), [k.owner]: (await partlyInScope()).id } }),
        readBack: (title) => k.created(title),
        expect: PARTLY_FOR_OTHERS,
      }),
      rows.get(get, ['in'], query, partlyEntry, PARTLY_TEAM),
    ],
    /** A mutation on a fresh entry per case, passed as `$id`. */
    byId: (name: WriteOp['name'], mutation: string, more?: () => Vars): Op =>
      byIdRows(ALL3, k.read, TEAM)(name, fresh, mutation, more),
  };
}
