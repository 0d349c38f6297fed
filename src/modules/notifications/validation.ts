// Input rules of the notifications module: the bounded list inputs.
import { z } from 'zod';
import { NOTIFICATION_TYPES } from '../../db/tables/enums.js';
import { MARK_READ_MAX } from '../../graphql/limits/list-bounds.js';
import { uuid } from '../shared-validation.js';

export const notificationIdsInput = z
  .array(uuid)
  .min(1, 'must list at least one id')
  .max(MARK_READ_MAX, `must list at most ${MARK_READ_MAX} ids`)
  .refine((list) => new Set(list).size === list.length, 'must not repeat an id');

/** At most one of each type; empty or absent means every type (like the tasks filter's lists). */
export const notificationTypesInput = z
  .array(z.enum(NOTIFICATION_TYPES))
  .max(NOTIFICATION_TYPES.length)
  .refine((list) => new Set(list).size === list.length, 'must not repeat a type')
  .nullish();
