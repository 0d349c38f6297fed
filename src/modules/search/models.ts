// What the global search returns: hits are the modules' own row models (so the Client, Task, …
// resolvers work on them unchanged), each remembered with its kind for the union's type.
import type { AgentModel } from '../agents/index.js';
import type { ClientModel } from '../clients/index.js';
import type { CollegeApplicationModel, InstituteModel } from '../education/index.js';
import type { TaskModel } from '../tasks/index.js';
import type { VisaApplicationModel } from '../visas/index.js';

export const SEARCH_TYPES = ['CLIENT', 'VISA_APPLICATION', 'COLLEGE_APPLICATION', 'TASK', 'AGENT', 'INSTITUTE'] as const;
export type SearchType = (typeof SEARCH_TYPES)[number];

export type SearchRow = ClientModel | VisaApplicationModel | CollegeApplicationModel | TaskModel | AgentModel | InstituteModel;

/** The GraphQL type of each kind of hit. */
export const SEARCH_TYPENAMES = {
  CLIENT: 'Client',
  VISA_APPLICATION: 'VisaApplication',
  COLLEGE_APPLICATION: 'CollegeApplication',
  TASK: 'Task',
  AGENT: 'Agent',
  INSTITUTE: 'Institute',
} as const satisfies Record<SearchType, string>;

const kinds = new WeakMap<object, SearchType>();

/** Marks a row as a hit of this kind (for SearchHit's __resolveType) and returns it. */
export function asHit<T extends SearchRow>(type: SearchType, row: T): T {
  kinds.set(row, type);
  return row;
}

/** The GraphQL type name of a row made a hit by asHit. */
export function hitTypename(row: object): (typeof SEARCH_TYPENAMES)[SearchType] {
  const kind = kinds.get(row);
  if (!kind) throw new Error('a search hit without its kind');
  return SEARCH_TYPENAMES[kind];
}

export interface SearchEdgeModel {
  cursor: string;
  score: number;
  node: SearchRow;
}

export interface SearchConnectionModel {
  edges: SearchEdgeModel[];
  nodes: SearchRow[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}
