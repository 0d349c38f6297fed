// The closed value sets of the tenant tables, shared by the tables (CHECK constraints), the
// validation schemas and the GraphQL enums of the same names.
export const GENDERS = ['MALE', 'FEMALE', 'OTHER'] as const;
export const CLIENT_STAGES = ['LEAD', 'FOLLOW_UP', 'CLIENT', 'CLOSE'] as const;
export const VISA_STATUSES = ['TO_BE_APPLIED', 'VISA_APPLIED', 'CASE_OPENED', 'GRANTED', 'REJECTED', 'WITHDRAWN'] as const;
export const AGENT_TYPES = ['SUPER_AGENT', 'SUB_AGENT'] as const;
export const REQUIREMENT_TYPES = ['ACADEMIC', 'LANGUAGE', 'FINANCIAL', 'DOCUMENT', 'OTHER'] as const;
export const TASK_PRIORITIES = ['LOW', 'MEDIUM', 'HIGH', 'URGENT'] as const;
export const TASK_STATUSES = ['PENDING', 'IN_PROGRESS', 'COMPLETED', 'CANCELLED'] as const;
/** What a task or reminder may point at (instead of the original's content-type ids). */
export const LINKED_ENTITY_TYPES = ['CLIENT', 'VISA_APPLICATION', 'COLLEGE_APPLICATION', 'AGENT', 'INSTITUTE'] as const;
export const ACTIVITY_TYPES = [
  'NOTE_ADDED',
  'NOTE_EDITED',
  'NOTE_DELETED',
  'STAGE_CHANGED',
  'ASSIGNED',
  'PROFILE_PICTURE_UPLOADED',
  'PASSPORT_UPDATED',
  'PROFICIENCY_ADDED',
  'QUALIFICATION_ADDED',
  'VISA_APPLICATION_CREATED',
  'COLLEGE_APPLICATION_CREATED',
  'TASK_CREATED',
  'TASK_COMPLETED',
  'VISA_STATUS_CHANGED',
  'VISA_APPLICATION_DELETED',
  'VISA_APPLICATION_RESTORED',
  'PASSPORT_ADDED',
  'PASSPORT_DELETED',
  'PROFICIENCY_UPDATED',
  'PROFICIENCY_DELETED',
  'QUALIFICATION_UPDATED',
  'QUALIFICATION_DELETED',
  'EMPLOYMENT_ADDED',
  'EMPLOYMENT_UPDATED',
  'EMPLOYMENT_DELETED',
  'PROFILE_PICTURE_REMOVED',
] as const;

export type Gender = (typeof GENDERS)[number];
export type ClientStage = (typeof CLIENT_STAGES)[number];
export type VisaStatus = (typeof VISA_STATUSES)[number];
export type AgentType = (typeof AGENT_TYPES)[number];
export type RequirementType = (typeof REQUIREMENT_TYPES)[number];
export type TaskPriority = (typeof TASK_PRIORITIES)[number];
export type TaskStatus = (typeof TASK_STATUSES)[number];
export type LinkedEntityType = (typeof LINKED_ENTITY_TYPES)[number];
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

export const EVENT_ACTIONS = ['CREATE', 'UPDATE', 'DELETE'] as const;
export const EVENT_STATUSES = ['PENDING', 'PROCESSING', 'COMPLETED', 'FAILED'] as const;
export const NOTIFICATION_TYPES = [
  'CLIENT_ASSIGNED',
  'CLIENT_STAGE_CHANGED',
  'APPLICATION_ASSIGNED',
  'VISA_APPLICATION_ASSIGNED',
  'REMINDER_DUE',
  'TASK_ASSIGNED',
  'TASK_DUE_SOON',
  'TASK_OVERDUE',
  'TASK_MENTIONED',
  'SYSTEM_ALERT',
  'VISA_STATUS_CHANGED',
  'APPLICATION_STAGE_CHANGED',
  'VISA_EXPIRING',
  'PASSPORT_EXPIRING',
] as const;
export type EventAction = (typeof EVENT_ACTIONS)[number];
export type EventStatus = (typeof EVENT_STATUSES)[number];
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];
