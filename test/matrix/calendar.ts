// Permission matrix rows of the calendar module.
import type { Op } from '../kit/matrix.js';

export const ops: Op[] = [];
