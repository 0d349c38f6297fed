// Input rules of reminders.
import { z } from 'zod';
import { dateTime, uuid } from '../shared-validation.js';
import { linkedEntityType, linkPair } from '../tasks/index.js';

const title = z.string().trim().min(1, 'is required').max(255, 'must be at most 255 characters');
const metaInfo = z
  .record(z.string(), z.unknown(), { message: 'must be an object' })
  .refine((v) => JSON.stringify(v).length <= 10_000, 'must be at most 10000 characters as JSON');

export const createReminderInput = z
  .object({
    title,
    remindAt: dateTime,
    linkedEntityType: linkedEntityType.nullish(),
    linkedEntityId: uuid.nullish(),
    metaInfo: metaInfo.nullish().transform((v) => v ?? {}),
    ownerId: uuid.nullish(),
  })
  .superRefine(linkPair);

export const updateReminderInput = z
  .object({
    title: title.optional(),
    remindAt: dateTime.optional(),
    linkedEntityType: linkedEntityType.nullable().optional(),
    linkedEntityId: uuid.nullable().optional(),
    metaInfo: metaInfo.optional(),
    isRead: z.boolean().optional(),
    isCompleted: z.boolean().optional(),
  })
  .superRefine(linkPair);

export const reminderFilterInput = z.object({
  ownerId: uuid.nullish(),
  mine: z.boolean().nullish(),
  upcoming: z.boolean().nullish(),
  due: z.boolean().nullish(),
  isCompleted: z.boolean().nullish(),
  isRead: z.boolean().nullish(),
  from: dateTime.nullish(),
  to: dateTime.nullish(),
  linkedEntityType: linkedEntityType.nullish(),
  linkedEntityId: uuid.nullish(),
});
