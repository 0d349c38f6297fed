// Permission matrix rows of the events module.
import type { Op } from '../kit/matrix.js';

export const ops: Op[] = [];
