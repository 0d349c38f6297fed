// Permission matrix rows of the education module.
import type { Op } from '../kit/matrix.js';

export const ops: Op[] = [];
