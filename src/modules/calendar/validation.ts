// Input rules of calendar events: end after start (with the field path), colours normalised to #rrggbb.
import { z } from 'zod';
import { dateTime, optionalText, patchText, searchText, uuid } from '../shared-validation.js';

const title = z.string().trim().min(1, 'is required').max(200, 'must be at most 200 characters');
const hexColor = z
  .string()
  .trim()
  .regex(/^#?[0-9a-fA-F]{6}$/, 'must be a colour like #3788d8')
  .transform((v) => `#${v.replace('#', '').toLowerCase()}`);

export const createCalendarEventInput = z
  .object({
    title,
    description: optionalText(10_000),
    startsAt: dateTime,
    endsAt: dateTime,
    allDay: z
      .boolean()
      .nullish()
      .transform((v) => v ?? false),
    assignedToId: uuid.nullish(),
    hexColor: hexColor.nullish(),
    location: optionalText(255),
    branchId: uuid.nullish(),
  })
  .superRefine((v, ctx) => {
    if (v.endsAt.getTime() <= v.startsAt.getTime())
      ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'must be after startsAt' });
  });

export const updateCalendarEventInput = z.object({
  title: title.optional(),
  description: patchText(10_000),
  startsAt: dateTime.optional(),
  endsAt: dateTime.optional(),
  allDay: z.boolean().optional(),
  assignedToId: uuid.optional(),
  hexColor: hexColor.optional(),
  location: patchText(255),
});

export const calendarRangeInput = z.object({ from: dateTime, to: dateTime }).superRefine((v, ctx) => {
  if (v.to.getTime() <= v.from.getTime()) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be after from' });
});

export const calendarFilterInput = z.object({
  assignedToId: uuid.nullish(),
  mine: z.boolean().nullish(),
  branchId: uuid.nullish(),
  search: searchText.nullish(),
});
