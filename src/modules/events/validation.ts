// Input rules of the events module's admin views.
import { z } from 'zod';
import { EVENT_STATUSES } from '../../db/tables/enums.js';
import { uuid } from '../shared-validation.js';

export const eventFilterInput = z
  .object({
    status: z.enum(EVENT_STATUSES).nullish(),
    eventType: z.string().trim().min(1).max(100).nullish(),
    entityType: z.string().trim().min(1).max(50).nullish(),
    entityId: uuid.nullish(),
  })
  .strict();

export const pauseReasonInput = z.string().trim().max(255, 'must be at most 255 characters').nullish();
