// Permission matrix rows of the clients module.
import type { Op } from '../kit/matrix.js';

export const ops: Op[] = [];
