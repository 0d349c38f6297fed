// Permission matrix rows of the notifications module.
import type { Op } from '../kit/matrix.js';

export const ops: Op[] = [];
