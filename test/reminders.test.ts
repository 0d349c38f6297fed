// Reminders: one's own, those one created for others, and (calendar:viewTeam) the team's in scope;
// writing for someone else needs calendar:assignOthers; due and upcoming filters; completion.
import { beforeAll, describe, expect, it } from 'vitest';
import { gql, must, type GqlResult } from './kit/server.js';
import { useOrgServer } from './kit/use-server.js';

const { server, fx } = useOrgServer();

const REMINDER = 'id title remindAt isDue isCompleted owner { id } client { id } linkedEntityType metaInfo';
const CREATE = `mutation($i: CreateReminderInput!) { createReminder(input: $i) { ${REMINDER} } }`;
const LIST = `query($f: ReminderFilter) { reminders(first: 100, filter: $f) { totalCount nodes { id } } }`;
const at = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();

const as = (who: string, query: string, variables: Record<string, unknown> = {}): Promise<GqlResult> =>
  gql(server, query, variables, fx.as(who));
const uid = (key: string) => fx.users[key]!.id;
const reminder = async (who: string, input: Record<string, unknown> = {}): Promise<string> =>
  (await must(as(who, CREATE, { i: { title: 'Call back', remindAt: at(2), ...input } }))).createReminder.id;
const visible = async (who: string, filter: Record<string, unknown> = {}): Promise<string[]> =>
  (await must(as(who, LIST, { f: filter }))).reminders.nodes.map((n: { id: string }) => n.id);

describe('who sees which reminders', () => {
  let r: Record<string, string>;
  beforeAll(async () => {
    r = {
      c11: await reminder('CONSULTANT@B11'),
      c12: await reminder('CONSULTANT@B12'),
      c21: await reminder('CONSULTANT@B21'),
      ba11: await reminder('BRANCH_ADMIN@B11'),
    };
  });

  it('a consultant sees its own reminders only', async () => {
    const ids = await visible('CONSULTANT@B11');
    expect(ids).toContain(r.c11);
    for (const hidden of [r.c12, r.c21, r.ba11]) expect(ids).not.toContain(hidden);
    expect((await as('CONSULTANT@B11', 'query($id: ID!) { reminder(id: $id) { id } }', { id: r.ba11 })).codes).toEqual([
      'NOT_FOUND',
    ]);
  });

  it("a branch admin also sees its branch team's reminders, not other branches'", async () => {
    const ids = await visible('BRANCH_ADMIN@B11');
    expect(ids).toEqual(expect.arrayContaining([r.ba11, r.c11]));
    for (const hidden of [r.c12, r.c21]) expect(ids).not.toContain(hidden);
  });

  it("a region manager sees its region's teams; the owner sees everyone's", async () => {
    const rm = await visible('REGION_MANAGER@B11');
    expect(rm).toEqual(expect.arrayContaining([r.c11, r.c12, r.ba11]));
    expect(rm).not.toContain(r.c21);
    expect(await visible('SUPER_ADMIN')).toEqual(expect.arrayContaining(Object.values(r)));
  });

  it('seeing a team member’s reminder does not let a consultant change it, nor one outside the team', async () => {
    const UPDATE = 'mutation($id: ID!) { updateReminder(id: $id, input: { title: "x" }) { id } }';
    expect((await as('CONSULTANT@B11', UPDATE, { id: r.c12 })).codes).toEqual(['NOT_FOUND']);
    expect((await must(as('BRANCH_ADMIN@B11', UPDATE, { id: r.c11 }))).updateReminder.id).toBe(r.c11);
  });
});

describe('reminders for others', () => {
  it('a consultant may only create reminders for itself', async () => {
    const r = await as('CONSULTANT@B11', CREATE, { i: { title: 'x', remindAt: at(1), ownerId: uid('CONSULTANT@B12') } });
    expect(r.codes).toEqual(['FORBIDDEN']);
  });

  it('a branch admin may create reminders for its team, not for users of other branches', async () => {
    const id = await reminder('BRANCH_ADMIN@B11', { ownerId: uid('CONSULTANT@B11') });
    expect(await visible('CONSULTANT@B11')).toContain(id);
    const r = await as('BRANCH_ADMIN@B11', CREATE, { i: { title: 'x', remindAt: at(1), ownerId: uid('CONSULTANT@B21') } });
    expect(r.codes).toEqual(['FORBIDDEN']);
  });
});

describe('links and validation', () => {
  it('a reminder may link to a visible client, not to one out of scope', async () => {
    const mk = (b: 'B11' | 'B21') =>
      as('SUPER_ADMIN', 'mutation($i: CreateClientInput!) { createClient(input: $i) { id } }', {
        i: { firstName: 'R', lastName: b, gender: 'OTHER', country: 'AU', branchId: fx.branches[b] },
      });
    const c11 = (await must(mk('B11'))).createClient.id;
    const c21 = (await must(mk('B21'))).createClient.id;
    const ok = await must(
      as('CONSULTANT@B11', CREATE, { i: { title: 'x', remindAt: at(1), linkedEntityType: 'CLIENT', linkedEntityId: c11 } }),
    );
    expect(ok.createReminder.client).toEqual({ id: c11 });
    const hidden = await as('CONSULTANT@B11', CREATE, {
      i: { title: 'x', remindAt: at(1), linkedEntityType: 'CLIENT', linkedEntityId: c21 },
    });
    expect(hidden.codes).toEqual(['NOT_FOUND']);
  });

  it('a missing title and a non-object metaInfo are BAD_USER_INPUT with their paths', async () => {
    const r = await as('CONSULTANT@B11', CREATE, { i: { title: ' ', remindAt: at(1), metaInfo: [1] } });
    expect(r.codes).toEqual(['BAD_USER_INPUT']);
    expect(r.errors![0]!.extensions!.fields!.map((f) => f.path).sort()).toEqual(['input.metaInfo', 'input.title']);
  });
});

describe('due, upcoming and completed', () => {
  it('due reminders have passed and are open; upcoming ones are ahead; completing one takes it off both', async () => {
    const who = 'CONSULTANT@B22';
    const past = await reminder(who, { remindAt: at(-1) });
    const future = await reminder(who, { remindAt: at(5), metaInfo: { kind: 'call' } });
    expect(await visible(who, { due: true })).toEqual([past]);
    expect(await visible(who, { upcoming: true })).toEqual([future]);
    const done = await must(as(who, `mutation($id: ID!) { completeReminder(id: $id) { ${REMINDER} } }`, { id: past }));
    expect(done.completeReminder).toMatchObject({ isCompleted: true, isDue: false });
    expect(await visible(who, { due: true })).toEqual([]);
    expect(await visible(who, { isCompleted: true })).toEqual([past]);
    expect((await must(as(who, 'query($id: ID!) { reminder(id: $id) { metaInfo } }', { id: future }))).reminder.metaInfo).toEqual(
      {
        kind: 'call',
      },
    );
  });

  it('its owner deletes a reminder', async () => {
    const id = await reminder('CONSULTANT@B22');
    expect((await must(as('CONSULTANT@B22', 'mutation($id: ID!) { deleteReminder(id: $id) }', { id }))).deleteReminder).toBe(
      true,
    );
    expect((await as('CONSULTANT@B22', 'query($id: ID!) { reminder(id: $id) { id } }', { id })).codes).toEqual(['NOT_FOUND']);
  });
});

describe('the team view is a permission', () => {
  it('a branch admin whose role loses calendar:viewTeam sees only its own reminders', async () => {
    const teamMember = await reminder('CONSULTANT@B11');
    const roles = (await must(as('SUPER_ADMIN', '{ rolePermissions { role actions } }'))).rolePermissions as {
      role: string;
      actions: string[];
    }[];
    const actions = roles.find((r) => r.role === 'BRANCH_ADMIN')!.actions.filter((a) => a !== 'calendar:viewTeam');
    const SET = 'mutation($i: SetRolePermissionsInput!) { setRolePermissions(input: $i) { role } }';
    await must(as('SUPER_ADMIN', SET, { i: { role: 'BRANCH_ADMIN', actions } }));
    expect(await visible('BRANCH_ADMIN@B11')).not.toContain(teamMember);
    await must(as('SUPER_ADMIN', SET, { i: { role: 'BRANCH_ADMIN', actions: [...actions, 'calendar:viewTeam'] } }));
    expect(await visible('BRANCH_ADMIN@B11')).toContain(teamMember);
  });
});
