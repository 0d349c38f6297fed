// Permission matrix rows of the visas module.
import type { Op } from '../kit/matrix.js';

export const ops: Op[] = [];
