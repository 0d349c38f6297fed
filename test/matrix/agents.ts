// Permission matrix rows of the agents module.
import type { Op } from '../kit/matrix.js';

export const ops: Op[] = [];
