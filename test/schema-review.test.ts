// The schema review (npm run schema:review): a breaking change fails unless the commit message
// declares it with BREAKING:, so a field is deprecated before it goes; and the repository at HEAD passes.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { schemaReview } from '../scripts/schema-review-core.js';

const run = promisify(execFile);
const ROOT = new URL('..', import.meta.url);

const BEFORE = `
  type Query {
    client(id: ID!): Client
    clients(first: Int): [Client!]!
  }
  type Client {
    id: ID!
    name: String!
    nickname: String
  }
`;

const review = (after: string, message = 'Clients: a change') => schemaReview({ before: BEFORE, after, message });

async function cli(...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const r = await run(process.execPath, ['--import', 'tsx', 'scripts/schema-review.ts', ...args], {
      cwd: ROOT,
      timeout: 60_000,
      maxBuffer: 64 << 20,
    });
    return { code: 0, out: r.stdout + r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

describe('the schema review', () => {
  it('fails on a removed field when the commit message does not declare it', async () => {
    const r = await review(BEFORE.replace('nickname: String', ''));
    expect(r.exitCode).toBe(1);
    expect(r.declared).toBe(false);
    expect(r.breaking.map((c) => c.path)).toEqual(['Client.nickname']);
    expect(r.lines).toContain('Breaking (1):');
    expect(r.lines.join('\n')).toMatch(/Client\.nickname: Field 'nickname' .*removed.*\(it was not @deprecated first\)/);
    expect(r.lines.join('\n')).toContain('FAILED: 1 breaking change(s) and no BREAKING: in the commit message');
  });

  it('passes a removed field when the commit message says BREAKING:', async () => {
    const r = await review(BEFORE.replace('nickname: String', ''), 'Clients: drop nickname\n\nBREAKING: Client.nickname is gone');
    expect(r.breaking).toHaveLength(1);
    expect(r.declared).toBe(true);
    expect(r.exitCode).toBe(0);
    expect(r.lines.join('\n')).toContain('The breaking change(s) are declared');
  });

  it('passes an added field as safe', async () => {
    const r = await review(BEFORE.replace('nickname: String', 'nickname: String\n    email: String'));
    expect(r.exitCode).toBe(0);
    expect(r.breaking).toEqual([]);
    expect(r.safe.map((c) => c.path)).toEqual(['Client.email']);
    expect(r.lines).toContain('Safe (1):');
  });

  it('passes a deprecated field as safe: deprecation is the first step of a removal', async () => {
    const r = await review(BEFORE.replace('nickname: String', 'nickname: String @deprecated(reason: "use name")'));
    expect(r.exitCode).toBe(0);
    expect(r.breaking).toEqual([]);
    expect(r.safe.map((c) => c.type)).toContain('FIELD_DEPRECATION_ADDED');
  });

  it('fails when a nullable argument becomes non-null', async () => {
    const r = await review(BEFORE.replace('clients(first: Int)', 'clients(first: Int!)'));
    expect(r.exitCode).toBe(1);
    expect(r.breaking.map((c) => [c.type, c.path])).toEqual([['FIELD_ARGUMENT_TYPE_CHANGED', 'Query.clients.first']]);
  });

  it('reports no changes for the same schema', async () => {
    const r = await review(BEFORE);
    expect(r).toMatchObject({ changes: [], exitCode: 0 });
    expect(r.lines).toEqual(['schema review: no changes']);
  });
});

describe('npm run schema:review on this repository', () => {
  it('passes HEAD against the previous commit', async () => {
    const r = await cli('--head', 'HEAD');
    expect(r.out).toMatch(/^schema review \(HEAD~1 → HEAD\): /);
    expect(r.code, r.out).toBe(0);
  });

  it('fails when a working copy makes an argument non-null, unless the message declares it', async () => {
    const { stdout: head } = await run('git', ['show', 'HEAD:schema.generated.graphql'], { cwd: ROOT, maxBuffer: 64 << 20 });
    const changed = head.replace(/\bfirst: Int\b(?!!)/, 'first: Int!');
    expect(changed).not.toBe(head);
    const file = join(mkdtempSync(join(tmpdir(), 'leopard-schema-review-')), 'schema.graphql');
    writeFileSync(file, changed);
    try {
      const undeclared = await cli('--base', 'HEAD', '--schema', file, '--message', 'Tasks: page size is required');
      expect(undeclared.code).toBe(1);
      expect(undeclared.out).toMatch(/\nBreaking \(1\):\n {2}\w+\.\w+\.first: /);
      expect(undeclared.out).toContain('no BREAKING: in the commit message');
      const declared = await cli('--base', 'HEAD', '--schema', file, '--message', 'BREAKING: first is required');
      expect(declared.code).toBe(0);
      expect(declared.out).toContain('The breaking change(s) are declared');
    } finally {
      rmSync(dirname(file), { recursive: true, force: true });
    }
  });

  it('refuses an unknown base revision', async () => {
    const r = await cli('--base', 'no-such-revision');
    expect(r).toEqual({ code: 1, out: 'schema review: unknown revision no-such-revision\n' });
  });
});
