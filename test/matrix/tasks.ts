// Permission matrix rows of the tasks module.
import type { Op } from '../kit/matrix.js';

export const ops: Op[] = [];
