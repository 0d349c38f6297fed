// The people a timeline entry names (assignee, previous assignee, a note's author, a removed
// picture's uploader), as one reader may see them: an entry is written once for every reader, so a
// user the reader cannot see (the scoped user loader answers null) loses its id in the metadata
// and its name in the description.
import type DataLoader from 'dataloader';
import { assignmentDescription, ASSIGNMENT_SUBJECT, type EntityType } from '../../../events/config.js';
import type { UserModel } from '../../users/index.js';
import type { ClientActivityModel } from '../models.js';

/** Metadata keys holding a user id, as a plain id or as a `{ from, to }` change (a removed picture's uploader). */
const USER_KEYS = ['assignedToId', 'previousAssignedToId', 'authorId', 'uploadedById'] as const;

const idOf = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);
const change = (v: unknown): { from?: unknown; to?: unknown } | null =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as { from?: unknown; to?: unknown }) : null;

function idsIn(v: unknown): string[] {
  const c = change(v);
  return (c ? [idOf(c.from), idOf(c.to)] : [idOf(v)]).filter((id): id is string => id !== null);
}

/** Every user id the entry's metadata names. */
export function activityUserIds(entry: ClientActivityModel): string[] {
  return [...new Set(USER_KEYS.flatMap((k) => idsIn(entry.metadata[k])))];
}

/** The assignee after and before an assignment; entries written before `previousAssignedToId` hold the change only. */
function assignmentOf(meta: Record<string, unknown>): { to: string | null; from: string | null } {
  const c = change(meta.assignedToId);
  return {
    to: c ? idOf(c.to) : idOf(meta.assignedToId),
    from: idOf(meta.previousAssignedToId) ?? (c ? idOf(c.from) : null),
  };
}

export interface ActivityPeopleSeenArgs {
  entry: ClientActivityModel;
  userById: DataLoader<string, UserModel | null>;
}

/** The users the entry names that the reader sees, by id, through its scoped user loader (one batch per page). */
export async function activityPeopleSeen({ entry, userById }: ActivityPeopleSeenArgs): Promise<Map<string, UserModel>> {
  const ids = activityUserIds(entry);
  if (!ids.length) return new Map();
  const users = await userById.loadMany(ids);
  return new Map(users.flatMap((u) => (u && !(u instanceof Error) ? [[u.id, u] as const] : [])));
}

const nameOf = (u: UserModel) => `${u.firstName} ${u.lastName}`.trim() || u.email;

/**
 * The description as `seen` (the named users the reader sees, by id) allows. Only assignment
 * texts name people; one naming a hidden user is rendered again without that name.
 */
export function activityDescription(entry: ClientActivityModel, seen: ReadonlyMap<string, UserModel>): string {
  const subject = ASSIGNMENT_SUBJECT[entry.metadata.entityType as EntityType];
  if (entry.activityType !== 'ASSIGNED' || !subject) return entry.description;
  const { to, from } = assignmentOf(entry.metadata);
  const named = to ?? from;
  if (named === null || seen.has(named)) return entry.description;
  const name = (id: string | null) => (id && seen.has(id) ? nameOf(seen.get(id)!) : null);
  return assignmentDescription(subject, to ? { name: name(to) } : null, name(from));
}

/** The metadata with the ids of users the reader does not see set to null (and an older entry's stored name dropped). */
export function activityMetadata(entry: ClientActivityModel, seen: ReadonlyMap<string, UserModel>): Record<string, unknown> {
  const ids = activityUserIds(entry);
  if (ids.every((id) => seen.has(id))) return entry.metadata;
  const shown = (v: unknown) => (idOf(v) && seen.has(idOf(v)!) ? v : null);
  const out: Record<string, unknown> = { ...entry.metadata };
  for (const k of USER_KEYS) {
    if (!(k in out)) continue;
    const c = change(out[k]);
    out[k] = c ? { ...c, from: shown(c.from), to: shown(c.to) } : shown(out[k]);
  }
  const { to } = assignmentOf(entry.metadata);
  if (to && !seen.has(to)) delete out.assignedToName;
  return out;
}
