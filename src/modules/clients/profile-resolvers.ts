// GraphQL entry points of a client's profile parts, notes, timeline and picture.
import type { Resolvers } from '../../graphql/generated/resolvers-types.generated.js';
import { pageSize, toConnection, type Connection } from '../../db/paging.js';
import { requireTenant } from '../../graphql/guards.js';
import { pictureUrl, profilePictureDelete } from './services/profile-picture.js';
import {
  clientActivityList,
  languageExamGetById,
  languageExamList,
  noteList,
  passportExpiresSoon,
  proficiencyValidUntil,
} from './selectors/client-profile.js';
import { activityDescription, activityMetadata, activityPeopleSeen } from './selectors/timeline-people.js';
import {
  clientPartDelete,
  employmentAdd,
  employmentUpdate,
  languageExamCreate,
  languageExamDelete,
  languageExamUpdate,
  noteAdd,
  noteDelete,
  noteEditable,
  noteUpdate,
  passportDelete,
  passportSet,
  proficiencyAdd,
  proficiencyUpdate,
  qualificationAdd,
  qualificationUpdate,
} from './services/client-profile.js';

/** A connection from a batched first page: the same cursors as the per-client list. */
function firstPage<T extends { id: string }>(
  rows: { row: T; at: string }[],
  size: number,
  count: () => Promise<number>,
): Connection<T> {
  const cursorOf = new Map(rows.map((r) => [r.row, [r.at, r.row.id]]));
  return toConnection(
    rows.map((r) => r.row),
    size,
    (row) => cursorOf.get(row)!,
    count,
  );
}

export const clientProfileResolvers: Resolvers = {
  Query: {
    languageExams: (_p, { first, after, search }, ctx) => languageExamList({ ...requireTenant(ctx), first, after, search }),
    languageExam: (_p, { id }, ctx) => languageExamGetById({ ...requireTenant(ctx), id }),
    clientNotes: (_p, { clientId, first, after }, ctx) => noteList({ ...requireTenant(ctx), clientId, first, after }),
    clientTimeline: (_p, { clientId, first, after, activityTypes, performedById }, ctx) =>
      clientActivityList({ ...requireTenant(ctx), clientId, first, after, activityTypes, performedById }),
  },
  Mutation: {
    setPassport: (_p, { clientId, input }, ctx) => passportSet({ ...requireTenant(ctx), clientId, input }),
    deletePassport: (_p, { clientId }, ctx) => passportDelete({ ...requireTenant(ctx), clientId }),
    createLanguageExam: (_p, { input }, ctx) => languageExamCreate({ ...requireTenant(ctx), input }),
    updateLanguageExam: (_p, { id, input }, ctx) => languageExamUpdate({ ...requireTenant(ctx), id, input }),
    deleteLanguageExam: (_p, { id }, ctx) => languageExamDelete({ ...requireTenant(ctx), id }),
    addProficiency: (_p, { clientId, input }, ctx) => proficiencyAdd({ ...requireTenant(ctx), clientId, input }),
    updateProficiency: (_p, { id, input }, ctx) => proficiencyUpdate({ ...requireTenant(ctx), id, input }),
    deleteProficiency: (_p, { id }, ctx) =>
      clientPartDelete({ ...requireTenant(ctx), table: 'proficiencies', id, what: 'Proficiency' }),
    addQualification: (_p, { clientId, input }, ctx) => qualificationAdd({ ...requireTenant(ctx), clientId, input }),
    updateQualification: (_p, { id, input }, ctx) => qualificationUpdate({ ...requireTenant(ctx), id, input }),
    deleteQualification: (_p, { id }, ctx) =>
      clientPartDelete({ ...requireTenant(ctx), table: 'qualifications', id, what: 'Qualification' }),
    addEmployment: (_p, { clientId, input }, ctx) => employmentAdd({ ...requireTenant(ctx), clientId, input }),
    updateEmployment: (_p, { id, input }, ctx) => employmentUpdate({ ...requireTenant(ctx), id, input }),
    deleteEmployment: (_p, { id }, ctx) =>
      clientPartDelete({ ...requireTenant(ctx), table: 'employments', id, what: 'Employment' }),
    addNote: (_p, { clientId, input }, ctx) => noteAdd({ ...requireTenant(ctx), clientId, input }),
    updateNote: (_p, { id, input }, ctx) => noteUpdate({ ...requireTenant(ctx), id, input }),
    deleteNote: (_p, { id }, ctx) => noteDelete({ ...requireTenant(ctx), id }),
    deleteClientProfilePicture: (_p, { clientId }, ctx) =>
      profilePictureDelete({ ...requireTenant(ctx), blobs: ctx.runtime.blobs, clientId }),
  },
  Client: {
    passport: (c, _a, ctx) => ctx.loaders.passportByClientId.load(c.id),
    proficiencies: (c, _a, ctx) => ctx.loaders.proficienciesByClientId.load(c.id),
    qualifications: (c, _a, ctx) => ctx.loaders.qualificationsByClientId.load(c.id),
    employments: (c, _a, ctx) => ctx.loaders.employmentsByClientId.load(c.id),
    profilePicture: (c, _a, ctx) => ctx.loaders.profilePictureByClientId.load(c.id),
    // The first page is batched across a client list; later pages (with a cursor) read one client.
    notes: async (c, { first, after }, ctx) => {
      if (after) return noteList({ ...requireTenant(ctx), clientId: c.id, first, after });
      const size = pageSize(first);
      const rows = await ctx.loaders.notesFirstPage.load(`${c.id}:${size}`);
      return firstPage(rows, size, () => ctx.loaders.noteCount.load(c.id));
    },
    timeline: async (c, { first, after }, ctx) => {
      if (after) return clientActivityList({ ...requireTenant(ctx), clientId: c.id, first, after });
      const size = pageSize(first);
      const rows = await ctx.loaders.timelineFirstPage.load(`${c.id}:${size}`);
      return firstPage(rows, size, () => ctx.loaders.timelineCount.load(c.id));
    },
  },
  Passport: {
    expiresSoon: (p) => passportExpiresSoon(p),
  },
  Proficiency: {
    exam: async (p, _a, ctx) => (await ctx.loaders.languageExamById.load(p.examId))!,
    validUntil: async (p, _a, ctx) => proficiencyValidUntil(p, await ctx.loaders.languageExamById.load(p.examId)),
  },
  Note: {
    author: (n, _a, ctx) => (n.authorId ? ctx.loaders.userById.load(n.authorId) : null),
    editable: (n, _a, ctx) => noteEditable(requireTenant(ctx).viewer, n),
  },
  ClientActivity: {
    performedBy: (a, _a, ctx) => (a.performedById ? ctx.loaders.userById.load(a.performedById) : null),
    // People the entry names show only to a reader who sees them, like performedBy.
    description: async (a, _a, ctx) => activityDescription(a, await activityPeopleSeen(a, ctx.loaders.userById)),
    metadata: async (a, _a, ctx) => activityMetadata(a, await activityPeopleSeen(a, ctx.loaders.userById)),
  },
  ProfilePicture: {
    url: (p) => pictureUrl(p.clientId),
    uploadedBy: (p, _a, ctx) => (p.uploadedById ? ctx.loaders.userById.load(p.uploadedById) : null),
  },
};
