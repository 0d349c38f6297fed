// The most items every list field of the schema returns, in one place: the cost limit counts
// these caps, and the schema enforces them on every resolver result, so an estimate never trusts
// a list the server does not bound. A connection's `edges`/`nodes` are bounded by its page instead.
import { defaultFieldResolver, getNullableType, isListType, isObjectType, type GraphQLSchema } from 'graphql';
import { ACTION_NAMES } from '../../access/actions.js';
import { TENANT_ROLES } from '../../access/roles.js';

/** The page cap of every connection (decisions: `first` ≤ 100). */
export const PAGE_CAP = 100;

/** Which end of a longer list is kept: the first items in the field's order, or the last ones. */
export interface ListBound {
  readonly max: number;
  readonly keep: 'first' | 'last';
}

const first = (max: number): ListBound => ({ max, keep: 'first' });

/** Profile parts of one client (work history, results, qualifications): nobody has more. */
export const CLIENT_PART_MAX = 50;
/** Stages of one application type: also refused on write, so a workflow is never cut short. */
export const APPLICATION_STAGES_MAX = 50;
/** Ids one markNotificationsRead takes: like every list of ids the API takes, bounded. */
export const MARK_READ_MAX = 100;
/** The most users `onlineUsers` lists. */
export const ONLINE_USERS_MAX = 100;
/** Tenants per page of `eventProcessingStatus` (ordered by slug; `after` pages on). */
export const EVENT_STATUS_TENANTS_MAX = 100;

/**
 * `Type.field` → the most items it returns. Where a real list can be longer, the description of
 * the field in the SDL says which items come back and where the whole list is (a connection).
 */
export const LIST_BOUNDS: Readonly<Record<string, ListBound>> = {
  // Fixed by the code: the enumerations and the action catalogue.
  // One count per value of the ClientStage enum (test/list-bounds.test.ts checks they agree).
  'Query.clientStageCounts': first(4),
  'Query.actionCatalogue': first(ACTION_NAMES.length),
  'Query.rolePermissions': first(TENANT_ROLES.length),
  'Me.actions': first(ACTION_NAMES.length),
  'Me.creatableRoles': first(TENANT_ROLES.length),
  'RolePermissions.actions': first(ACTION_NAMES.length),
  'RolePermissions.defaultActions': first(ACTION_NAMES.length),
  'RolePermissions.grantableActions': first(ACTION_NAMES.length),
  // Capped where they are written (validation.ts of each module).
  'Task.tags': first(20),
  'TaskComment.mentionedUsers': first(50),
  'User.branches': first(100),
  'User.regions': first(100),
  'Me.branches': first(100),
  'Me.regions': first(100),
  'VisaType.checklist': first(100),
  'VisaApplication.requiredDocuments': first(100),
  'ApplicationType.stages': first(APPLICATION_STAGES_MAX),
  'Mutation.reorderApplicationStages': first(APPLICATION_STAGES_MAX),
  'Mutation.markNotificationsRead': first(MARK_READ_MAX),
  'Query.onlineUsers': first(ONLINE_USERS_MAX),
  // Capped by their SQL (dashboards: top-N and most recent).
  'CollegeDashboard.intakeBreakdown': first(10),
  'CollegeDashboard.applicationTypeBreakdown': first(5),
  'CollegeDashboard.instituteBreakdown': first(5),
  'CollegeDashboard.recentApplications': first(10),
  'VisaDashboard.topVisaTypes': first(5),
  'VisaDashboard.recentApplications': first(5),
  'Query.eventProcessingStatus': first(EVENT_STATUS_TENANTS_MAX),
  // Capped here: the rest of a longer list is reached through the connection named in the SDL.
  'Client.proficiencies': first(CLIENT_PART_MAX),
  'Client.qualifications': first(CLIENT_PART_MAX),
  'Client.employments': first(CLIENT_PART_MAX),
  'Client.collegeApplications': first(100),
  'Client.visaApplications': first(100),
  'Institute.contacts': first(100),
  'Institute.requirements': first(100),
  'Institute.locations': first(100),
  'Institute.intakes': first(100),
  'Institute.courses': first(100),
  'BroadField.narrowFields': first(100),
  'VisaCategory.visaTypes': first(100),
  'CollegeStageCounts.byStage': first(200),
  // The comment log shows its latest 100 (still oldest first).
  'Task.comments': { max: 100, keep: 'last' },
  // An event records one entity's tracked columns, and one result per handler.
  'DomainEvent.changedFields': first(100),
  'DomainEvent.handlerResults': first(20),
  'Tenant.domains': first(50),
};

/** True for the `edges`/`nodes` of a connection: as long as the page its field asked for. */
export function isPageList(typeName: string, fieldName: string): boolean {
  return typeName.endsWith('Connection') && (fieldName === 'edges' || fieldName === 'nodes');
}

/** The most items `Type.field` returns; a list nobody declared counts as a full page (the schema test refuses it). */
export function listMax(typeName: string, fieldName: string): number {
  return LIST_BOUNDS[`${typeName}.${fieldName}`]?.max ?? PAGE_CAP;
}

const cut = (bound: ListBound) => (value: unknown) =>
  Array.isArray(value) && value.length > bound.max
    ? bound.keep === 'first'
      ? value.slice(0, bound.max)
      : value.slice(value.length - bound.max)
    : value;

/**
 * Wraps the resolver of every bounded list field so that no result holds more than its bound,
 * whatever the rows in the database. Runs before shield's middleware, in place.
 */
export function enforceListBounds(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const bound = LIST_BOUNDS[`${type.name}.${field.name}`];
      if (!bound || !isListType(getNullableType(field.type))) continue;
      const resolve = field.resolve ?? defaultFieldResolver;
      const limit = cut(bound);
      field.resolve = (source, args, context, info) => {
        const value: unknown = resolve(source, args, context, info);
        return value instanceof Promise ? value.then(limit) : limit(value);
      };
    }
  }
  return schema;
}
