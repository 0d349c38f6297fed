// GraphQL entry points of a client's profile parts, notes, timeline and picture.
import type { GraphQLContext } from '../../../graphql/context.js';
import type { Resolvers } from '../../../graphql/generated/resolvers-types.generated.js';
import { pageSize, toConnection, type Connection } from '../../../db/paging.js';
import { byParentId, requireTenant, tenantField, userRef } from '../../../graphql/guards.js';
import { pictureUrl, profilePictureDelete } from '../services/profile-picture.js';
import {
  clientActivityList,
  languageExamGetById,
  languageExamList,
  noteList,
  passportExpiresSoon,
  proficiencyValidUntil,
} from '../selectors/client-profile.js';
import { activityDescription, activityMetadata, activityPeopleSeen } from '../selectors/timeline-people.js';
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
} from '../services/client-profile.js';

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

/** The deleting mutation of one of a client's profile parts. */
const partDelete =
  (table: Parameters<typeof clientPartDelete>[0]['table'], what: string) =>
  (_p: unknown, { id }: { id: string }, ctx: GraphQLContext) =>
    clientPartDelete({ ...requireTenant(ctx), table, id, what });

export const clientProfileResolvers: Resolvers = {
  Query: {
    languageExams: tenantField(languageExamList),
    languageExam: tenantField(languageExamGetById),
    clientNotes: tenantField(noteList),
    clientTimeline: tenantField(clientActivityList),
  },
  Mutation: {
    setPassport: tenantField(passportSet),
    deletePassport: tenantField(passportDelete),
    createLanguageExam: tenantField(languageExamCreate),
    updateLanguageExam: tenantField(languageExamUpdate),
    deleteLanguageExam: tenantField(languageExamDelete),
    addProficiency: tenantField(proficiencyAdd),
    updateProficiency: tenantField(proficiencyUpdate),
    deleteProficiency: partDelete('proficiencies', 'Proficiency'),
    addQualification: tenantField(qualificationAdd),
    updateQualification: tenantField(qualificationUpdate),
    deleteQualification: partDelete('qualifications', 'Qualification'),
    addEmployment: tenantField(employmentAdd),
    updateEmployment: tenantField(employmentUpdate),
    deleteEmployment: partDelete('employments', 'Employment'),
    addNote: tenantField(noteAdd),
    updateNote: tenantField(noteUpdate),
    deleteNote: tenantField(noteDelete),
    deleteClientProfilePicture: (_p, { clientId }, ctx) =>
      profilePictureDelete({ ...requireTenant(ctx), blobs: ctx.runtime.blobs, clientId }),
  },
  Client: {
    passport: byParentId((l) => l.passportByClientId),
    proficiencies: byParentId((l) => l.proficienciesByClientId),
    qualifications: byParentId((l) => l.qualificationsByClientId),
    employments: byParentId((l) => l.employmentsByClientId),
    profilePicture: byParentId((l) => l.profilePictureByClientId),
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
    author: userRef('authorId'),
    editable: (n, _a, ctx) => noteEditable(requireTenant(ctx).viewer, n),
  },
  ClientActivity: {
    performedBy: userRef('performedById'),
    // People the entry names show only to a reader who sees them, like performedBy.
    description: async (a, _a, ctx) =>
      activityDescription(a, await activityPeopleSeen({ entry: a, userById: ctx.loaders.userById })),
    metadata: async (a, _a, ctx) => activityMetadata(a, await activityPeopleSeen({ entry: a, userById: ctx.loaders.userById })),
  },
  ProfilePicture: {
    url: (p) => pictureUrl(p.clientId),
    uploadedBy: userRef('uploadedById'),
  },
};
