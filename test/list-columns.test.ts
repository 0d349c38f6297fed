// The client list reads the columns its selection needs (src/db/row-columns.ts), and what it
// answers is what whole rows would answer.
import { beforeAll, describe, expect, it } from 'vitest';
import { tenantDb, tenantTables } from '../src/db/tenant-db.js';
import { gql, must } from './kit/server.js';
import { useOrgServer } from './kit/use-server.js';

const { server, fx } = useOrgServer({ EVENTS_PROCESSOR: 'off' });

beforeAll(async () => {
  const orm = tenantDb(server.runtime.database, fx.tenant.schemaName).orm;
  await orm.insert(tenantTables.clients).values(
    Array.from({ length: 6 }, (_, i) => ({
      firstName: `Col${i}`,
      middleName: i % 2 ? 'Mid' : '',
      lastName: `Umn${i}`,
      email: `col${i}@example.com`,
      phoneNumber: `0400 000 00${i}`,
      gender: 'FEMALE' as const,
      country: 'NP',
      branchId: fx.branches[i % 2 ? 'B11' : 'B12'],
      // One without an assignee, one with an assignee a B11 consultant may not see, one assigned
      // to the user who created them all.
      assignedToId:
        i === 0
          ? null
          : fx.users[i === 1 ? 'CONSULTANT@B12' : i === 3 ? 'BRANCH_ADMIN@B11' : i % 2 ? 'CONSULTANT@B11' : 'CONSULTANT@B12']!.id,
      createdById: fx.users['BRANCH_ADMIN@B11']!.id,
    })),
  );
});

/** The page statement a list query (as the owner) ran: its whole text, and its select list. */
async function pageStatementOf(query: string): Promise<{ text: string; selected: string }> {
  const seen: string[] = [];
  const stop = server.runtime.database.observe((q) => seen.push(q));
  try {
    await must(gql(server, query, {}, fx.as('SUPER_ADMIN')));
  } finally {
    stop();
  }
  const [text] = seen.filter((q) => q.includes('"clients"'));
  expect(text).toBeDefined();
  return { text: text!, selected: text!.slice(0, text!.indexOf(' from ')) };
}

const WIDE = `{ id firstName middleName lastName fullName email phoneNumber gender country stage active createdAt updatedAt
  branch { id name street region { id name } }
  assignedTo { id email fullName role }
  createdBy { id email } }`;

describe('the client list', () => {
  it('reads only the columns the selection needs, of the client and of each joined relation, never a password hash', async () => {
    const { text, selected } = await pageStatementOf(
      '{ clients(first: 5) { nodes { id email branch { name } assignedTo { email } } } }',
    );
    const columnsOf = (table: string) =>
      [...text.matchAll(new RegExp(`"${table}"\\."([a-z_]+)"`, 'g'))]
        .map((m) => m[1])
        .filter((c, i, all) => all.indexOf(c) === i);
    expect(selected).toContain('"clients"."email"');
    expect(selected).not.toContain('"clients"."phone_number"');
    expect(selected).not.toContain('"clients"."street"');
    expect(selected).toContain('"branches"."name"');
    expect(selected).not.toContain('"branches"."street"');
    expect(selected).toContain('"users"."email"');
    expect(selected).not.toContain('"users"."last_login_at"');
    expect(columnsOf('users')).not.toContain('password_hash');
  });

  it('answers with partly read rows what whole rows answer, for every role', async () => {
    for (const who of ['SUPER_ADMIN', 'BRANCH_ADMIN@B11', 'CONSULTANT@B11']) {
      const list = await must(gql(server, `{ clients(first: 50) { nodes ${WIDE} } }`, {}, fx.as(who)));
      const nodes = list.clients.nodes as { id: string }[];
      expect(nodes.length, who).toBeGreaterThan(0);
      for (const node of nodes) {
        // client(id) reads the whole row, and its relations through the loaders.
        const one = await must(gql(server, `query($id: ID!) { client(id: $id) ${WIDE} }`, { id: node.id }, fx.as(who)));
        expect(node, who).toEqual(one.client);
      }
    }
  });

  it('keeps a partly read assignee or branch out of the loaders other fields of the same request read', async () => {
    const creator = fx.users['BRANCH_ADMIN@B11']!;
    const r = await must(
      gql(
        server,
        `{
          clients(first: 50) { nodes { id branch { id } assignedTo { id } createdBy { id email fullName } } }
          me { branches { id name street } }
        }`,
        {},
        fx.as('BRANCH_ADMIN@B11'),
      ),
    );
    // The creator is also the assignee of a client on the page, read there with its id only;
    // createdBy is read through the user loader after the page, so it would find that row there.
    const nodes = r.clients.nodes as { assignedTo: { id: string } | null; createdBy: { email: string; fullName: string } }[];
    expect(nodes.some((n) => n.assignedTo?.id === creator.id)).toBe(true);
    for (const n of nodes)
      expect(n.createdBy).toMatchObject({ id: creator.id, email: creator.email, fullName: expect.stringMatching(/\S/) });
    expect(r.me.branches).toEqual([{ id: fx.branches.B11, name: expect.stringMatching(/\S/), street: expect.any(String) }]);
  });

  it('merges what fragments and aliases select', async () => {
    const { selected } = await pageStatementOf(
      '{ clients(first: 5) { edges { node { ...F e: email } } } } fragment F on Client { fullName }',
    );
    // No join here, so the columns go unqualified.
    for (const c of ['first_name', 'middle_name', 'last_name', 'email']) expect(selected).toContain(`"${c}"`);
    expect(selected).not.toContain('"phone_number"');
  });
});
