// What produces domain events and what runs for each: the tracked entities and fields, and per
// event type the handlers in the order they run. Texts are functions of a typed context rather
// than `{placeholder}` templates, so a missing value can never render as "[Missing: …]".
import type { ActivityType, NotificationType, VisaStatus } from '../db/tables/enums.js';
import type { TenantTables } from '../db/tables/tenant.js';

export const ENTITY_TYPES = [
  'Client',
  'Task',
  'Note',
  'VisaApplication',
  'CollegeApplication',
  'Passport',
  'Proficiency',
  'Qualification',
  'Employment',
  'ProfilePicture',
  'TaskComment',
  'AccountToken',
] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

/**
 * Fields whose change is an event, by entity; 'all' tracks every field but the bookkeeping ones,
 * one event per changed field; 'row' tracks them too, but a change is one `<Entity>.UPDATE`
 * naming every changed field (a profile part is saved as one form: one save, one timeline entry).
 * Fields are the row's (camelCase) keys; event types name them in snake case without `_id`
 * (`assignedToId` → `Client.assigned_to.UPDATE`). `deletedAt` of a client is its soft delete.
 */
export const TRACKED_FIELDS: Readonly<Record<EntityType, readonly string[] | 'all' | 'row'>> = {
  Client: ['assignedToId', 'stage', 'active', 'deletedAt'],
  Task: ['assignedToId', 'status'],
  Note: 'all',
  VisaApplication: ['status', 'assignedToId', 'deletedAt'],
  // The original tracked a non-existent `status`, so stage moves were never seen.
  CollegeApplication: ['stageId', 'assignedToId'],
  Passport: 'row',
  Proficiency: 'row',
  Qualification: 'row',
  Employment: 'row',
  // A new file is the change; who uploaded it and its size come with it.
  ProfilePicture: ['storageKey'],
  // Comments are never edited: only their creation is an event.
  TaskComment: [],
  // An invitation or reset link to mail: only its creation is an event (src/events/handlers/mail.ts).
  AccountToken: [],
};

/** Row keys left out of snapshots: identity and bookkeeping, never a business change. */
export const UNTRACKED_KEYS = new Set(['id', 'createdAt', 'updatedAt', 'createdById', 'updatedById']);

/** The row snapshots the outbox stores, by entity (before/after of one change). */
export interface EntityRows {
  Client: TenantTables['clients']['$inferSelect'];
  Task: TenantTables['tasks']['$inferSelect'];
  Note: TenantTables['notes']['$inferSelect'];
  VisaApplication: TenantTables['visaApplications']['$inferSelect'];
  CollegeApplication: TenantTables['collegeApplications']['$inferSelect'];
  Passport: TenantTables['passports']['$inferSelect'];
  Proficiency: TenantTables['proficiencies']['$inferSelect'];
  Qualification: TenantTables['qualifications']['$inferSelect'];
  Employment: TenantTables['employments']['$inferSelect'];
  ProfilePicture: TenantTables['profilePictures']['$inferSelect'];
  TaskComment: TenantTables['taskComments']['$inferSelect'];
  AccountToken: TenantTables['accountTokens']['$inferSelect'];
}

/** What handlers know about one event: its states and the names it refers to, read once per attempt. */
export interface EventContext {
  readonly eventId: string;
  readonly eventType: string;
  readonly entityType: EntityType;
  readonly entityId: string;
  readonly actorId: string | null;
  readonly createdAt: Date;
  readonly changedFields: readonly string[];
  readonly before: Readonly<Record<string, unknown>>;
  readonly after: Readonly<Record<string, unknown>>;
  /** The client the entity is or hangs off (null for a task without one). */
  readonly client: { id: string; name: string; branchId: string; assignedToId: string | null } | null;
  /** The assignee after the change, and before it. */
  readonly assignee: { id: string; name: string } | null;
  readonly previousAssignee: { id: string; name: string } | null;
  readonly performerName: string | null;
  /**
   * Entity-specific names: taskTitle (and taskId of a comment), visaType, institute, course,
   * applicationType, stage, previousStage, exam (of a language result).
   */
  readonly names: Readonly<Record<string, string | null>>;
}

type Text = (c: EventContext) => string;
type Condition = (c: EventContext) => boolean;

export interface TimelineSpec {
  readonly handler: 'timeline';
  readonly activityType: ActivityType;
  readonly when?: Condition;
  readonly describe: Text;
}

/**
 * `assignee`: the entity's assignee after the change; `clientAssignee`: the assignee of the
 * client the entity hangs off; `branchAdmins`: the BRANCH_ADMINs of the client's branch;
 * `mentioned`: the users a task comment mentions, but its author.
 */
export type RecipientSpec = 'assignee' | 'clientAssignee' | 'branchAdmins' | 'mentioned';

export interface NotificationSpec {
  readonly handler: 'notification';
  readonly type: NotificationType;
  readonly recipients: readonly RecipientSpec[];
  readonly when?: Condition;
  readonly title: Text;
  readonly message: Text;
}

/** Tells live subscribers that a client changed (the realtime bus's `client` message). */
export interface LiveSpec {
  readonly handler: 'live';
}

/** Mails the one-time link of an account token (invitation or password reset). */
export interface MailSpec {
  readonly handler: 'mail';
}

export type HandlerSpec = TimelineSpec | NotificationSpec | LiveSpec | MailSpec;
export type HandlerName = HandlerSpec['handler'];

const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v));
const assigned: Condition = (c) => c.assignee !== null;
const hasClient: Condition = (c) => c.client !== null;
const clientName: Text = (c) => c.client?.name ?? 'the client';
const live: LiveSpec = { handler: 'live' };

const VISA_STATUS_LABELS: Readonly<Record<VisaStatus, string>> = {
  TO_BE_APPLIED: 'To Be Applied',
  VISA_APPLIED: 'Visa Applied',
  CASE_OPENED: 'Case Opened',
  GRANTED: 'Granted',
  REJECTED: 'Refused',
  WITHDRAWN: 'Withdrawn',
};
/** "Granted", "Refused", …; an unknown value as it is. */
export const visaStatusLabel = (v: unknown): string => VISA_STATUS_LABELS[v as VisaStatus] ?? str(v);

/** What an assignment entry calls the assigned entity, by entity type. */
export const ASSIGNMENT_SUBJECT: Readonly<Partial<Record<EntityType, string>>> = {
  Client: 'Client',
  VisaApplication: 'Visa Application',
  CollegeApplication: 'College Application',
};

/**
 * "Client assigned to Ann Lee" or, for an un-assignment, "Client unassigned (was Ann Lee)". Also
 * rendered at read time (src/modules/clients/selectors/timeline-people.ts) for a reader who may not see the
 * person named, with a null name: the name is left out.
 */
export function assignmentDescription(what: string, to: { name: string | null } | null, previous: string | null): string {
  if (to) return `${what} assigned to ${to.name ?? 'someone outside your scope'}`;
  return `${what} unassigned${previous ? ` (was ${previous})` : ''}`;
}

function assignmentText(what: string): Text {
  return (c) => assignmentDescription(what, c.assignee, c.previousAssignee?.name ?? null);
}

/** A notification to the entity's assignee, sent only while it has one. */
function toAssignee(type: NotificationType, title: Text, message: Text): NotificationSpec {
  return { handler: 'notification', type, recipients: ['assignee'], when: assigned, title, message };
}

const CLIENT_ASSIGNED = toAssignee(
  'CLIENT_ASSIGNED',
  (c) => `Client Assigned: ${clientName(c)}`,
  (c) => `Client "${clientName(c)}" has been assigned to you.`,
);
const TASK_ASSIGNED = (title: string): NotificationSpec =>
  toAssignee(
    'TASK_ASSIGNED',
    (c) => `${title}: ${str(c.names.taskTitle)}`,
    (c) => `Task "${str(c.names.taskTitle)}" has been assigned to you.`,
  );
const VISA_ASSIGNED = toAssignee(
  'VISA_APPLICATION_ASSIGNED',
  (c) => `Visa Application Assigned: ${clientName(c)}`,
  (c) => `A visa application for ${clientName(c)} (${str(c.names.visaType)}) has been assigned to you.`,
);
const COLLEGE_ASSIGNED = toAssignee(
  'APPLICATION_ASSIGNED',
  (c) => `Application Assigned: ${clientName(c)}`,
  (c) => `A ${str(c.names.applicationType)} application for ${clientName(c)} has been assigned to you.`,
);

/** The part an event is about: as it is after the change, or as it was for a delete. */
const partState = (c: EventContext) => (Object.keys(c.after).length ? c.after : c.before);

/**
 * A profile part's three timeline entries: "Language result added: IELTS 7.5", "… updated: …",
 * "… removed: …" (`what` may be empty: "Passport updated").
 */
function partTimeline(
  entity: 'Passport' | 'Proficiency' | 'Qualification' | 'Employment',
  kind: 'PASSPORT' | 'PROFICIENCY' | 'QUALIFICATION' | 'EMPLOYMENT',
  subject: string,
  what: (part: Readonly<Record<string, unknown>>, c: EventContext) => string,
): Record<string, readonly HandlerSpec[]> {
  const text =
    (verb: string): Text =>
    (c) => {
      const w = what(partState(c), c).trim();
      return `${subject} ${verb}${w ? `: ${w}` : ''}`;
    };
  return {
    [`${entity}.CREATE`]: [{ handler: 'timeline', activityType: `${kind}_ADDED`, describe: text('added') }],
    [`${entity}.UPDATE`]: [{ handler: 'timeline', activityType: `${kind}_UPDATED`, describe: text('updated') }],
    [`${entity}.DELETE`]: [{ handler: 'timeline', activityType: `${kind}_DELETED`, describe: text('removed') }],
  };
}

/**
 * Event type → handlers, run in this order. Only these types are stored (a type without
 * handlers would be a row nobody reads). Each handler kind appears at most once per type: its
 * name is the key of the event's recorded results.
 */
export const EVENT_HANDLERS: Readonly<Record<string, readonly HandlerSpec[]>> = {
  // Creating a client with an assignee is an assignment too (the original stayed silent).
  'Client.CREATE': [CLIENT_ASSIGNED, live],
  'Client.assigned_to.UPDATE': [
    { handler: 'timeline', activityType: 'ASSIGNED', describe: assignmentText(ASSIGNMENT_SUBJECT.Client!) },
    CLIENT_ASSIGNED,
    live,
  ],
  'Client.stage.UPDATE': [
    {
      handler: 'timeline',
      activityType: 'STAGE_CHANGED',
      describe: (c) => `Client moved to ${str(c.after.stage)} from ${str(c.before.stage)}`,
    },
    {
      handler: 'notification',
      type: 'CLIENT_STAGE_CHANGED',
      recipients: ['assignee', 'branchAdmins'],
      title: (c) => `Client Stage Changed: ${clientName(c)}`,
      message: (c) => `Client "${clientName(c)}" stage changed to ${str(c.after.stage)}.`,
    },
    live,
  ],
  'Client.active.UPDATE': [live],
  // Soft delete is the client's DELETE (its row stays, with deletedAt set); restore is the field update.
  'Client.DELETE': [live],
  'Client.deleted_at.UPDATE': [live],

  'Task.CREATE': [
    {
      handler: 'timeline',
      activityType: 'TASK_CREATED',
      when: hasClient,
      describe: (c) => `Task "${str(c.names.taskTitle)}" created`,
    },
    TASK_ASSIGNED('New Task Assigned'),
  ],
  'Task.assigned_to.UPDATE': [TASK_ASSIGNED('Task Reassigned')],
  'Task.status.UPDATE': [
    {
      handler: 'timeline',
      activityType: 'TASK_COMPLETED',
      when: (c) => hasClient(c) && c.after.status === 'COMPLETED',
      describe: (c) => `Task "${str(c.names.taskTitle)}" completed`,
    },
  ],

  'Note.CREATE': [{ handler: 'timeline', activityType: 'NOTE_ADDED', describe: () => 'Note added' }],
  'Note.content.UPDATE': [{ handler: 'timeline', activityType: 'NOTE_EDITED', describe: () => 'Note edited' }],
  'Note.DELETE': [{ handler: 'timeline', activityType: 'NOTE_DELETED', describe: () => 'Note deleted' }],

  'VisaApplication.CREATE': [
    {
      handler: 'timeline',
      activityType: 'VISA_APPLICATION_CREATED',
      describe: (c) => `Visa Application created for ${str(c.names.visaType)}`,
    },
    VISA_ASSIGNED,
  ],
  'VisaApplication.assigned_to.UPDATE': [
    { handler: 'timeline', activityType: 'ASSIGNED', describe: assignmentText(ASSIGNMENT_SUBJECT.VisaApplication!) },
    VISA_ASSIGNED,
  ],
  // The outcome of a visa is what an agency lives on: granted and refused are status changes too.
  'VisaApplication.status.UPDATE': [
    {
      handler: 'timeline',
      activityType: 'VISA_STATUS_CHANGED',
      describe: (c) =>
        `Visa application ${str(c.names.visaType)}: ${visaStatusLabel(c.before.status)} → ${visaStatusLabel(c.after.status)}`,
    },
    {
      handler: 'notification',
      type: 'VISA_STATUS_CHANGED',
      recipients: ['assignee', 'clientAssignee'],
      title: (c) => `Visa ${visaStatusLabel(c.after.status)}: ${clientName(c)}`,
      message: (c) =>
        `The ${str(c.names.visaType)} visa application of ${clientName(c)} moved from ${visaStatusLabel(c.before.status)} to ${visaStatusLabel(c.after.status)}.`,
    },
  ],
  'VisaApplication.DELETE': [
    {
      handler: 'timeline',
      activityType: 'VISA_APPLICATION_DELETED',
      describe: (c) => `Visa Application deleted (${str(c.names.visaType)})`,
    },
  ],
  'VisaApplication.deleted_at.UPDATE': [
    {
      handler: 'timeline',
      activityType: 'VISA_APPLICATION_RESTORED',
      describe: (c) => `Visa Application restored (${str(c.names.visaType)})`,
    },
  ],

  'CollegeApplication.CREATE': [
    {
      handler: 'timeline',
      activityType: 'COLLEGE_APPLICATION_CREATED',
      describe: (c) => `College Application created for ${str(c.names.institute)} - ${str(c.names.course)}`,
    },
    COLLEGE_ASSIGNED,
  ],
  'CollegeApplication.assigned_to.UPDATE': [
    { handler: 'timeline', activityType: 'ASSIGNED', describe: assignmentText(ASSIGNMENT_SUBJECT.CollegeApplication!) },
    COLLEGE_ASSIGNED,
  ],
  'CollegeApplication.stage.UPDATE': [
    {
      handler: 'timeline',
      activityType: 'STAGE_CHANGED',
      describe: (c) =>
        `College Application (${str(c.names.institute)}) moved to ${str(c.names.stage)}` +
        (c.names.previousStage ? ` from ${c.names.previousStage}` : ''),
    },
    toAssignee(
      'APPLICATION_STAGE_CHANGED',
      (c) => `Application Stage Changed: ${clientName(c)}`,
      (c) =>
        `The ${str(c.names.institute)} application of ${clientName(c)} moved to ${str(c.names.stage)}` +
        (c.names.previousStage ? ` from ${c.names.previousStage}.` : '.'),
    ),
  ],

  ...partTimeline('Passport', 'PASSPORT', 'Passport', () => ''),
  ...partTimeline('Proficiency', 'PROFICIENCY', 'Language result', (p, c) => `${c.names.exam ?? ''} ${str(p.overallScore)}`),
  ...partTimeline('Qualification', 'QUALIFICATION', 'Qualification', (p) => `${str(p.course)} (${str(p.institute)})`),
  ...partTimeline('Employment', 'EMPLOYMENT', 'Employment', (p) => `${str(p.position)} at ${str(p.employerName)}`),
  'ProfilePicture.CREATE': [
    { handler: 'timeline', activityType: 'PROFILE_PICTURE_UPLOADED', describe: () => 'Profile picture uploaded' },
  ],
  'ProfilePicture.storage_key.UPDATE': [
    { handler: 'timeline', activityType: 'PROFILE_PICTURE_UPLOADED', describe: () => 'Profile picture replaced' },
  ],
  'ProfilePicture.DELETE': [
    { handler: 'timeline', activityType: 'PROFILE_PICTURE_REMOVED', describe: () => 'Profile picture removed' },
  ],

  // The author is not named: a mentioned user may not see the author (timeline-people.ts hides such people too).
  'TaskComment.CREATE': [
    {
      handler: 'notification',
      type: 'TASK_MENTIONED',
      recipients: ['mentioned'],
      when: (c) => Array.isArray(c.after.mentionedUserIds) && c.after.mentionedUserIds.some((id) => id !== c.actorId),
      title: () => 'You were mentioned in a task comment',
      message: (c) => `A comment on task "${str(c.names.taskTitle)}" mentions you.`,
    },
  ],

  'AccountToken.CREATE': [{ handler: 'mail' }],
};

export function handlersFor(eventType: string): readonly HandlerSpec[] {
  return EVENT_HANDLERS[eventType] ?? [];
}
