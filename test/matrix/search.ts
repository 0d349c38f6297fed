// Permission matrix row of the global search: every tenant role may search, and finds a client
// only in its scope (B11 for the B11 actors of scoped roles, both branches for whole-tenant roles),
// never another tenant's.
import { must } from '../kit/server.js';
import { ALL3, asOther, asOwner, B, once, rows, SCOPED_LIST, type Op, type Scope } from '../kit/matrix.js';

const WORD = 'Matrixsearchword';
const client = (s: Scope) =>
  once(async () => {
    const as = s === 'other' ? asOther : asOwner;
    const i = { firstName: `${WORD} ${s}`, lastName: 'Client', gender: 'OTHER', country: 'AU', branchId: B(s) };
    return (await must(as('mutation($i: CreateClientInput!) { createClient(input: $i) { id } }', { i }))).createClient
      .id as string;
  });
const clients = { in: client('in'), out: client('out'), sibling: client('sibling'), other: client('other') };

export const ops: Op[] = [
  rows.list(
    'search',
    ALL3,
    'query($t: String!) { search(text: $t, first: 50) { nodes { ... on Client { id } } } }',
    (s) => clients[s](),
    SCOPED_LIST,
    () => ({ t: WORD }),
  ),
];
