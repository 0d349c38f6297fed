// Permission matrix rows of the reminders module.
import type { Op } from '../kit/matrix.js';

export const ops: Op[] = [];
