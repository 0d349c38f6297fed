// Input rules of tasks and task comments. Cross-field rules (pool xor assignee, one way to link)
// are checked here so the CHECK constraints behind them are never the first to notice.
import { z } from 'zod';
import { LINKED_ENTITY_TYPES, TASK_PRIORITIES, TASK_STATUSES } from '../../db/tables/enums.js';
import { dateTime, optionalText, patchText, searchText, uuid } from '../shared-validation.js';

const title = z.string().trim().min(1, 'is required').max(200, 'must be at most 200 characters');
export const priority = z.enum(TASK_PRIORITIES, { message: 'must be a task priority' });
export const status = z.enum(TASK_STATUSES, { message: 'must be a task status' });
export const linkedEntityType = z.enum(LINKED_ENTITY_TYPES, { message: 'must be a linked entity type' });
const tags = z
  .array(z.string().trim().min(1, 'must not be empty').max(50, 'must be at most 50 characters'))
  .max(20, 'must list at most 20 tags')
  .transform((list) => [...new Set(list)]);

/** Fails at `path` when both of two mutually exclusive fields are given. */
function exclusive<T extends Record<string, unknown>>(a: keyof T & string, b: keyof T & string, message: string) {
  return (v: T, ctx: z.RefinementCtx) => {
    if (v[a] != null && v[b] != null) ctx.addIssue({ code: 'custom', path: [b], message });
  };
}

/** A link is a type and an id, both or neither (tasks and reminders). */
export function linkPair(v: { linkedEntityType?: unknown; linkedEntityId?: unknown }, ctx: z.RefinementCtx) {
  if (v.linkedEntityType === undefined && v.linkedEntityId === undefined) return;
  if ((v.linkedEntityType == null) !== (v.linkedEntityId == null)) {
    const path = v.linkedEntityType == null ? 'linkedEntityType' : 'linkedEntityId';
    ctx.addIssue({ code: 'custom', path: [path], message: 'linkedEntityType and linkedEntityId go together' });
  }
}

const ASSIGN_XOR_POOL = 'a task is assigned to a user or put in a branch pool, not both';
const ONE_LINK = 'give clientId or linkedEntityType and linkedEntityId, not both';

export const createTaskInput = z
  .object({
    title,
    detail: optionalText(10_000),
    priority: priority.nullish().transform((v) => v ?? 'MEDIUM'),
    dueDate: dateTime,
    assignedToId: uuid.nullish(),
    branchId: uuid.nullish(),
    clientId: uuid.nullish(),
    linkedEntityType: linkedEntityType.nullish(),
    linkedEntityId: uuid.nullish(),
    tags: tags.nullish().transform((v) => v ?? []),
  })
  .superRefine(exclusive('assignedToId', 'branchId', ASSIGN_XOR_POOL))
  .superRefine(exclusive('clientId', 'linkedEntityType', ONE_LINK))
  .superRefine(linkPair);

export const updateTaskInput = z
  .object({
    title: title.optional(),
    detail: patchText(10_000),
    priority: priority.optional(),
    status: status.optional(),
    dueDate: dateTime.optional(),
    assignedToId: uuid.nullable().optional(),
    branchId: uuid.nullable().optional(),
    clientId: uuid.nullable().optional(),
    linkedEntityType: linkedEntityType.nullable().optional(),
    linkedEntityId: uuid.nullable().optional(),
    tags: tags.optional(),
  })
  .superRefine(exclusive('assignedToId', 'branchId', ASSIGN_XOR_POOL))
  .superRefine((v, ctx) => {
    if (v.clientId !== undefined && (v.linkedEntityType !== undefined || v.linkedEntityId !== undefined))
      ctx.addIssue({ code: 'custom', path: ['linkedEntityType'], message: ONE_LINK });
  })
  .superRefine(linkPair);

export const addTaskCommentInput = z.object({
  text: z.string().trim().min(1, 'is required').max(5000, 'must be at most 5000 characters'),
  mentionedUserIds: z
    .array(uuid)
    .max(50, 'must list at most 50 users')
    .refine((list) => new Set(list).size === list.length, 'must not repeat a user')
    .nullish()
    .transform((v) => v ?? []),
});

export const taskFilterInput = z.object({
  status: z.array(status).max(10).nullish(),
  priority: z.array(priority).max(10).nullish(),
  assignedToId: uuid.nullish(),
  assignedToMe: z.boolean().nullish(),
  mine: z.boolean().nullish(),
  pool: z.boolean().nullish(),
  branchId: uuid.nullish(),
  clientId: uuid.nullish(),
  linkedEntityType: linkedEntityType.nullish(),
  linkedEntityId: uuid.nullish(),
  overdue: z.boolean().nullish(),
  dueFrom: dateTime.nullish(),
  dueTo: dateTime.nullish(),
  search: searchText.nullish(),
  tag: z.string().trim().max(50).nullish(),
});
