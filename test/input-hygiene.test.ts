// What a client sends is refused before it reaches the database when the database could not store
// it (a NUL byte in any string) or walking it could overflow the stack (values nested too deep),
// as BAD_USER_INPUT naming the field; and a write that fails anyway never puts its statement's
// values (email, password hash) in the production log.
import { DrizzleQueryError } from 'drizzle-orm/errors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setFaultHook } from '../src/db/fault-points.js';
import { createLogger } from '../src/log.js';
import type { RunningServer } from '../src/server.js';
import { openSse, streamPath } from '../bench/sse-client.js';
import {
  createTenant,
  gql,
  httpRequest,
  loginPlatform,
  must,
  sharedKeyEnv,
  startTestServer,
  type TestTenant,
} from './kit/server.js';

let server: RunningServer;
let tenant: TestTenant;
let branchId: string;
const logLines: string[] = [];

beforeAll(async () => {
  const logger = createLogger({ logLevel: 'info' }, { write: (line: string) => void logLines.push(line) });
  server = await startTestServer({ NODE_ENV: 'production', METRICS: 'false', ...(await sharedKeyEnv()) }, { logger });
  tenant = await createTenant(server, (await loginPlatform(server)).accessToken, { maxUsers: 50 });
  const region = (await must(asOwner('mutation { createRegion(input: { name: "North" }) { id } }'))).createRegion.id;
  branchId = (
    await must(asOwner('mutation($r: ID!) { createBranch(input: { name: "Main", regionId: $r }) { id } }', { r: region }))
  ).createBranch.id;
}, 120_000);
afterAll(async () => {
  setFaultHook(undefined);
  await server?.close();
});

function asOwner(query: string, variables: Record<string, unknown> = {}) {
  return gql(server, query, variables, { tenant: tenant.slug, token: tenant.ownerTokens.accessToken });
}

const CREATE_USER = 'mutation($i: CreateUserInput!) { createUser(input: $i) { id } }';
const userInput = (email: string, extra: Record<string, unknown> = {}) => ({
  email,
  password: 'secret-pass-1',
  firstName: 'Nia',
  lastName: 'Null',
  role: 'CONSULTANT',
  branchIds: [branchId],
  ...extra,
});
const fieldsOf = (r: Awaited<ReturnType<typeof gql>>) => r.errors?.[0]?.extensions?.fields?.map((f) => f.path);
const logSince = (mark: number) => logLines.slice(mark).join('');

describe('a NUL byte', () => {
  it('in a new user’s name is BAD_USER_INPUT on input.firstName, and the log holds neither the email nor any parameters', async () => {
    const mark = logLines.length;
    const email = `nul-${Date.now()}@hygiene.test`;
    const r = await asOwner(CREATE_USER, { i: userInput(email, { firstName: 'N\u0000' }) });
    expect(r.status).toBe(400);
    expect(r.codes).toEqual(['BAD_USER_INPUT']);
    expect(fieldsOf(r)).toEqual(['input.firstName']);
    const log = logSince(mark);
    expect(log).not.toContain(email);
    expect(log).not.toContain('$argon2');
    expect(log).not.toMatch(/params/i);
  });

  it('in a search, a note or metaInfo is BAD_USER_INPUT naming the field, written inline or in variables', async () => {
    const inline = await asOwner('{ clients(filter: { search: "a\\u0000b" }) { nodes { id } } }');
    expect(inline.codes).toEqual(['BAD_USER_INPUT']);
    expect(fieldsOf(inline)).toEqual(['filter.search']);

    const clientId = (
      await must(
        asOwner('mutation($i: CreateClientInput!) { createClient(input: $i) { id } }', {
          i: { firstName: 'Cy', gender: 'MALE', country: 'AU', branchId },
        }),
      )
    ).createClient.id;
    const note = await asOwner('mutation($c: ID!, $t: String!) { addNote(clientId: $c, input: { content: $t }) { id } }', {
      c: clientId,
      t: 'hello\u0000',
    });
    expect(fieldsOf(note)).toEqual(['input.content']);

    const reminder = await asOwner('mutation($i: CreateReminderInput!) { createReminder(input: $i) { id } }', {
      i: { title: 'Call', remindAt: new Date(Date.now() + 864e5).toISOString(), metaInfo: { tags: ['ok', 'x\u0000'] } },
    });
    expect(reminder.codes).toEqual(['BAD_USER_INPUT']);
    expect(fieldsOf(reminder)).toEqual(['input.metaInfo.tags[1]']);
  });

  it('in a subscription’s variables is a BAD_USER_INPUT event on the stream', async () => {
    const s = await openSse(
      server.url,
      streamPath(
        'subscription($id: ID!) { clientUpdated(id: $id) { id } }',
        { id: 'a\u0000' },
        {
          token: tenant.ownerTokens.accessToken,
          tenant: tenant.slug,
        },
      ),
    );
    const event = await s.next((e) => e.event === 'next', 10_000);
    s.close();
    expect(event.data.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'id' }] });
  });
});

describe('deep values', () => {
  const nested = (depth: number) => {
    let value: Record<string, unknown> = { leaf: true };
    for (let i = 0; i < depth; i++) value = { a: value };
    return value;
  };
  const CREATE_REMINDER = 'mutation($i: CreateReminderInput!) { createReminder(input: $i) { id metaInfo } }';
  const reminder = (metaInfo: unknown) => ({ title: 'Deep', remindAt: new Date(Date.now() + 864e5).toISOString(), metaInfo });

  it('metaInfo nested 4,900 deep is BAD_USER_INPUT naming the depth limit, not a stack overflow', async () => {
    // Written by hand: JSON.stringify itself overflows the stack on a value this deep.
    const deep = `${'{"a":'.repeat(4900)}{"leaf":true}${'}'.repeat(4900)}`;
    const i = JSON.stringify(reminder(null)).replace('"metaInfo":null', `"metaInfo":${deep}`);
    const res = await httpRequest(
      server,
      'POST',
      '/graphql',
      `{"query":${JSON.stringify(CREATE_REMINDER)},"variables":{"i":${i}}}`,
      {
        'content-type': 'application/json',
        'x-tenant': tenant.slug,
        authorization: `Bearer ${tenant.ownerTokens.accessToken}`,
      },
    );
    expect(res.status).toBe(400);
    const body = JSON.parse(res.body) as { errors: { extensions: { code: string; fields: unknown[] } }[] };
    expect(body.errors[0]!.extensions.code).toBe('BAD_USER_INPUT');
    expect(body.errors[0]!.extensions.fields[0]).toEqual({
      path: `input.metaInfo${'.a'.repeat(19)}`,
      message: 'nests deeper than 20 levels of objects and lists',
    });
  });

  it('metaInfo a few levels deep is stored as sent', async () => {
    const r = await must(asOwner(CREATE_REMINDER, { i: reminder(nested(5)) }));
    expect(r.createReminder.metaInfo).toEqual(nested(5));
  });
});

describe('a write the database refuses', () => {
  it('is INTERNAL_SERVER_ERROR and logs the failed query, never its parameters', async () => {
    const email = `fails-${Date.now()}@hygiene.test`;
    // The write fails midway as drizzle reports a failed statement: its values in the message, in
    // `params`, and PostgreSQL's "Failing row contains (…)" in the cause's detail.
    setFaultHook((point) => {
      if (point !== 'user.insert.assignments') return;
      const cause = Object.assign(new Error('null value in column "x" violates not-null constraint'), {
        code: '23502',
        detail: `Failing row contains (${email}, $argon2id$v=19$m=64,t=1,p=1$c2FsdA$aGFzaA).`,
      });
      throw new DrizzleQueryError(
        'insert into "users" ("email", "password_hash") values ($1, $2)',
        [email, '$argon2id$v=19$x'],
        cause,
      );
    });
    const mark = logLines.length;
    const r = await asOwner(CREATE_USER, { i: userInput(email) });
    setFaultHook(undefined);
    expect(r.codes).toEqual(['INTERNAL_SERVER_ERROR']);
    const log = logSince(mark);
    const line = JSON.parse(logLines.slice(mark).find((l) => l.includes('"unexpected error"'))!) as { err: { message: string } };
    expect(line.err.message).toContain('Failed query: insert into "users" ("email", "password_hash") values ($1, $2)');
    expect(log).not.toContain(email);
    expect(log).not.toContain('$argon2');
    expect(log).not.toMatch(/params/i);
  });
});
