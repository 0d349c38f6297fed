// Every list the API returns has a known bound, the cost limit counts it, and a response larger
// than RESPONSE_MAX_BYTES is refused instead of sent (security issue 13, finding 3).
import { getNamedType, getNullableType, isEnumType, isListType, isObjectType } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { isPageList, LIST_BOUNDS } from '../src/graphql/limits/list-bounds.js';
import { buildSchema } from '../src/graphql/schema.js';
import { gql, httpRequest, loginPlatform, must } from './kit/server.js';
import { useOrgServer } from './kit/use-server.js';

const RESPONSE_MAX_BYTES = 64 * 1024;

const { server, fx, as } = useOrgServer({ RESPONSE_MAX_BYTES: String(RESPONSE_MAX_BYTES) });
let client: string;

/** One document adding `n` employments to a client under aliases (mutations run one after another). */
const addEmployments = (n: number, from = 0) =>
  `mutation($c: ID!) { ${Array.from(
    { length: n },
    (_, i) =>
      `e${i}: addEmployment(clientId: $c, input: { employerName: "Employer ${from + i}", position: "Clerk", startDate: "2020-01-01", country: "AU" }) { id }`,
  ).join(' ')} }`;

beforeAll(async () => {
  client = (
    await must(
      as('CONSULTANT@B11', 'mutation($i: CreateClientInput!) { createClient(input: $i) { id } }', {
        i: { firstName: 'Many', gender: 'FEMALE', country: 'AU' },
      }),
    )
  ).createClient.id;
}, 120_000);

describe('the schema', () => {
  const schema = buildSchema();
  const objectTypes = Object.values(schema.getTypeMap()).filter((t) => isObjectType(t) && !t.name.startsWith('__'));

  it('declares a bound for every list field of every object type', () => {
    const unbounded: string[] = [];
    for (const type of objectTypes) {
      if (!isObjectType(type)) continue;
      for (const field of Object.values(type.getFields())) {
        if (!isListType(getNullableType(field.type))) continue;
        const key = `${type.name}.${field.name}`;
        if (!(key in LIST_BOUNDS) && !isPageList(type.name, field.name)) unbounded.push(key);
      }
    }
    expect(unbounded).toEqual([]);
  });

  it('gives every field returning a connection a `first` argument, so its edges and nodes are one page', () => {
    const unpaged: string[] = [];
    for (const type of objectTypes) {
      if (!isObjectType(type)) continue;
      for (const field of Object.values(type.getFields())) {
        if (getNamedType(field.type).name.endsWith('Connection') && !field.args.some((a) => a.name === 'first')) {
          unpaged.push(`${type.name}.${field.name}`);
        }
      }
    }
    expect(unpaged).toEqual([]);
  });

  it('bounds the stage counts by the stages there are', () => {
    const stages = schema.getType('ClientStage');
    expect(stages && isEnumType(stages) ? stages.getValues().length : 0).toBe(LIST_BOUNDS['Query.clientStageCounts']!.max);
  });

  it('declares no bound for a field that is not a list of the schema', () => {
    const stale = Object.keys(LIST_BOUNDS).filter((key) => {
      const [typeName, fieldName] = key.split('.') as [string, string];
      const type = schema.getType(typeName);
      const field = type && isObjectType(type) ? type.getFields()[fieldName] : undefined;
      return !field || !isListType(getNullableType(field.type));
    });
    expect(stale).toEqual([]);
  });
});

describe('list caps', () => {
  it('a client holds at most 50 employments: the 51st is refused with its field, and the list returns 50', async () => {
    await must(as('CONSULTANT@B11', addEmployments(25), { c: client }));
    await must(as('CONSULTANT@B11', addEmployments(25, 25), { c: client }));
    const more = await as('CONSULTANT@B11', addEmployments(1, 50), { c: client });
    expect(more.codes).toEqual(['BAD_USER_INPUT']);
    expect(more.errors![0]!.extensions!.fields).toEqual([{ path: 'clientId', message: expect.stringContaining('50') }]);
    const read = await must(as('CONSULTANT@B11', 'query($id: ID!) { client(id: $id) { employments { id } } }', { id: client }));
    expect(read.client.employments).toHaveLength(50);
  });

  it("the issue's 83 MB query (5 × 100 tasks × a client's employments) is refused before it runs, naming the cost limit", async () => {
    const alias = (i: number) =>
      `t${i}: tasks(first: 100, filter: { clientId: $c }) { nodes { client { employments { id employerName } } } }`;
    const r = await as('CONSULTANT@B11', `query($c: ID!) { ${[1, 2, 3, 4, 5].map(alias).join(' ')} }`, { c: client });
    expect(r.status).toBe(400);
    expect(r.data).toBeNull();
    expect(r.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'cost', max: 50_000 });
    expect(r.errors![0]!.extensions!.actual as number).toBeGreaterThan(50_000);
  });

  it("a task's comment log returns its latest 100 comments, oldest first", async () => {
    const task = (
      await must(
        as('CONSULTANT@B11', 'mutation($i: CreateTaskInput!) { createTask(input: $i) { id } }', {
          i: { title: 'Chatty', dueDate: new Date(Date.now() + 86400_000).toISOString(), clientId: client },
        }),
      )
    ).createTask.id as string;
    for (let from = 0; from < 101; from += 30) {
      const n = Math.min(30, 101 - from);
      const doc = `mutation($t: ID!) { ${Array.from(
        { length: n },
        (_, i) => `c${i}: addTaskComment(taskId: $t, input: { text: "comment ${from + i}" }) { id }`,
      ).join(' ')} }`;
      await must(as('CONSULTANT@B11', doc, { t: task }));
    }
    const read = await must(as('CONSULTANT@B11', 'query($id: ID!) { task(id: $id) { comments { text } } }', { id: task }));
    const texts = (read.task.comments as { text: string }[]).map((c) => c.text);
    expect(texts).toHaveLength(100);
    expect(texts[0]).toBe('comment 1');
    expect(texts.at(-1)).toBe('comment 100');
  });

  it('an application type holds at most 50 stages: the 51st is refused, so its final stage is never cut off', async () => {
    const type = (await must(as('SUPER_ADMIN', 'mutation { createApplicationType(input: { title: "Long workflow" }) { id } }')))
      .createApplicationType.id as string;
    const stages = (n: number, from: number) =>
      `mutation($t: ID!) { ${Array.from(
        { length: n },
        (_, i) => `s${i}: createApplicationStage(input: { applicationTypeId: $t, name: "Stage ${from + i}" }) { id }`,
      ).join(' ')} }`;
    await must(as('SUPER_ADMIN', stages(25, 1), { t: type }));
    await must(as('SUPER_ADMIN', stages(25, 26), { t: type }));
    const more = await as('SUPER_ADMIN', stages(1, 51), { t: type });
    expect(more.codes).toEqual(['BAD_USER_INPUT']);
    expect(more.errors![0]!.extensions!.fields![0]!.path).toBe('input.applicationTypeId');
    const read = await must(
      as('SUPER_ADMIN', 'query($id: ID!) { applicationType(id: $id) { stagesCount stages { name } } }', { id: type }),
    );
    expect(read.applicationType.stagesCount).toBe(50);
    expect(read.applicationType.stages.at(-1).name).toBe('Stage 50');
  });

  it('the per-tenant event counts come a page of tenants at a time, after a given slug', async () => {
    const platform = (await loginPlatform(server)).accessToken;
    const q = 'query($a: String) { eventProcessingStatus(after: $a) { tenant { slug } } }';
    const all = await must(gql(server, q, {}, { token: platform }));
    const slugs = (all.eventProcessingStatus as { tenant: { slug: string } }[]).map((r) => r.tenant.slug);
    expect(slugs.length).toBeGreaterThan(0);
    expect(slugs.length).toBeLessThanOrEqual(100);
    const after = await must(gql(server, q, { a: fx.tenant.slug }, { token: platform }));
    expect((after.eventProcessingStatus as { tenant: { slug: string } }[]).every((r) => r.tenant.slug > fx.tenant.slug)).toBe(
      true,
    );
  });
});

describe('the response-size ceiling', () => {
  const NOTE = 'x'.repeat(10_000);
  const notes = (n: number) =>
    `query($c: ID!) { ${Array.from({ length: n }, (_, i) => `n${i}: clientNotes(clientId: $c, first: 1) { nodes { content } }`).join(' ')} }`;

  beforeAll(async () => {
    await must(
      as('CONSULTANT@B11', 'mutation($c: ID!, $i: NoteInput!) { addNote(clientId: $c, input: $i) { id } }', {
        c: client,
        i: { content: NOTE },
      }),
    );
  });

  it('a cheap query whose answer is larger than RESPONSE_MAX_BYTES is refused naming the response limit, and nothing of it is sent', async () => {
    const r = await as('CONSULTANT@B11', notes(8), { c: client });
    expect(r.status).toBe(400);
    expect(r.data).toBeNull();
    expect(r.errors).toHaveLength(1);
    expect(r.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'response', max: RESPONSE_MAX_BYTES });
    expect(r.errors![0]!.extensions!.actual as number).toBeGreaterThan(RESPONSE_MAX_BYTES);
  });

  it('a batch whose answer is too large gets one refusal per operation; a smaller answer is served', async () => {
    const body = JSON.stringify([
      { query: notes(4), variables: { c: client } },
      { query: notes(4), variables: { c: client } },
    ]);
    const res = await httpRequest(server, 'POST', '/graphql', body, {
      'content-type': 'application/json',
      'x-tenant': fx.tenant.slug,
      authorization: `Bearer ${fx.as('CONSULTANT@B11').token}`,
    });
    const parsed = JSON.parse(res.body) as { errors: { extensions: { limit: string } }[] }[];
    expect(parsed.map((r) => r.errors[0]!.extensions.limit)).toEqual(['response', 'response']);

    const small = await must(as('CONSULTANT@B11', notes(2), { c: client }));
    expect(small.n1.nodes[0].content).toBe(NOTE);
  });
});
