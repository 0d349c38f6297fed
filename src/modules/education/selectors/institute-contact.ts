// Reads of institute contact persons: the live ones of each institute, by name.
import { asc } from 'drizzle-orm';
import { institutePartRows } from './institute.js';

export const instituteContactRows = institutePartRows(
  (t) => t.instituteContacts,
  'Institute contact',
  (c) => [asc(c.name), asc(c.id)],
);

export const { listByParentIds: instituteContactListByInstituteIds } = instituteContactRows;
