// npm run tenant -- export / import: a tenant's rows survive the round trip into a new slug, and
// the importer refuses what it cannot restore faithfully.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ownDatabase } from './kit/own-database.js';

const run = promisify(execFile);

let env: Record<string, string>;
let cleanup: () => Promise<void>;
const dir = mkdtempSync(join(tmpdir(), 'leopard-dump-'));

beforeAll(async () => {
  const own = await ownDatabase('dump');
  env = {
    ...(process.env as Record<string, string>),
    NODE_ENV: 'test',
    ARGON2_MEMORY_KIB: '64',
    ARGON2_TIME_COST: '1',
    LOG_LEVEL: 'silent',
    UPLOADS_DIR: join(dir, 'uploads'),
    ...own.env,
  };
  if (!own.url) delete env.DATABASE_URL;
  cleanup = () => own.drop();
});
afterAll(async () => {
  await cleanup();
  rmSync(dir, { recursive: true, force: true });
});

async function cli(script: 'tenant' | 'seed', ...args: string[]) {
  try {
    const r = await run(process.execPath, ['--import', 'tsx', `src/cli/${script}.ts`, ...args], { env, timeout: 120_000 });
    return { code: 0, out: r.stdout, err: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout, err: e.stderr };
  }
}

/** `tenant inspect`'s per-table row counts. */
async function counts(slug: string): Promise<Record<string, number>> {
  const r = await cli('tenant', 'inspect', slug);
  expect(r.code).toBe(0);
  return Object.fromEntries([...r.out.matchAll(/^ {2}(\w+) +(\d+)$/gm)].map((m) => [m[1]!, Number(m[2])]));
}

/** The dump's row lines per table (the header and the end line differ between two dumps). */
function tableRows(file: string): Map<string, string[]> {
  const tables = new Map<string, string[]>();
  let current: string[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.startsWith('[')) current.push(line);
    else if (line.startsWith('{"type":"table"')) tables.set((JSON.parse(line) as { name: string }).name, (current = []));
  }
  return tables;
}

describe('npm run tenant -- export / import', () => {
  const dump = join(dir, 'acme.dump');

  it('restores every row of a seeded tenant under a new slug, and migrates nothing at the same level', async () => {
    const seeded = await cli('seed', '--tenants', '1', '--clients', '25');
    expect(seeded.code).toBe(0);
    const exported = await cli('tenant', 'export', '--slug', 'acme', '--out', dump);
    expect(exported.code).toBe(0);
    expect(exported.out).toMatch(/exported acme at migration \d{4}_\w+: \d+ tables, \d+ rows/);
    expect(exported.err).toMatch(/clients +25 \/ 25 rows/);

    const imported = await cli(
      'tenant',
      'import',
      '--file',
      dump,
      '--slug',
      'acme-copy',
      '--name',
      'Acme Copy',
      '--without-domains',
    );
    expect(imported.code).toBe(0);
    expect(imported.out).toContain('imported acme-copy (tenant_acme_copy)');
    expect(imported.err).toContain('migrations applied after restoring: none');

    const original = await counts('acme');
    const copy = await counts('acme-copy');
    expect(original.clients).toBe(25);
    // Credentials stay behind (users sign in again); every other table holds the same rows.
    for (const name of ['sessions', 'refresh_tokens', 'account_tokens']) if (name in copy) expect(copy[name]).toBe(0);
    const comparable = (c: Record<string, number>) =>
      Object.fromEntries(
        Object.entries(c).filter(([k]) => !['__migrations', 'sessions', 'refresh_tokens', 'account_tokens'].includes(k)),
      );
    expect(comparable(copy)).toEqual(comparable(original));

    // Row by row, as PostgreSQL renders them: the copy's own dump has the same lines.
    const again = join(dir, 'copy.dump');
    expect((await cli('tenant', 'export', '--slug', 'acme-copy', '--out', again)).code).toBe(0);
    const a = tableRows(dump);
    const b = tableRows(again);
    expect([...b.keys()]).toEqual([...a.keys()]);
    for (const [name, lines] of a) expect(b.get(name), name).toEqual(lines);
    expect(a.get('clients')).toHaveLength(25);

    const list = await cli('tenant', 'list');
    expect(list.out).toMatch(/acme-copy +active +\w+ +Acme Copy/);
  }, 240_000);

  it('refuses an existing slug and leaves it as it was', async () => {
    const before = await counts('acme-copy');
    const r = await cli('tenant', 'import', '--file', dump, '--slug', 'acme-copy', '--name', 'Acme Third');
    expect(r.code).toBe(1);
    expect(r.err).toContain('CONFLICT: Slug "acme-copy" is taken');
    expect(await counts('acme-copy')).toEqual(before);
  }, 120_000);

  it('refuses a dump from a newer migration level, and creates no tenant', async () => {
    const lines = readFileSync(dump, 'utf8').split('\n');
    const header = JSON.parse(lines[0]!) as { migrations: string[] };
    header.migrations.push('9999_from_the_future');
    const future = join(dir, 'future.dump');
    writeFileSync(future, [JSON.stringify(header), ...lines.slice(1)].join('\n'));
    const r = await cli('tenant', 'import', '--file', future, '--slug', 'acme-future', '--name', 'Acme Future');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/CONFLICT: the dump is at migration 9999_from_the_future, newer than this code/);
    expect((await cli('tenant', 'inspect', 'acme-future')).code).toBe(1);
  }, 120_000);

  it('refuses a missing file and a truncated dump', async () => {
    const missing = await cli('tenant', 'import', '--file', join(dir, 'nope.dump'), '--slug', 'acme-none');
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('nope.dump: no such file');

    const lines = readFileSync(dump, 'utf8').trimEnd().split('\n');
    const cut = join(dir, 'cut.dump');
    writeFileSync(cut, lines.slice(0, -1).join('\n'));
    const r = await cli('tenant', 'import', '--file', cut, '--slug', 'acme-cut', '--name', 'Acme Cut');
    expect(r.code).toBe(1);
    expect(r.err).toContain('is truncated (no end line)');
    expect((await cli('tenant', 'inspect', 'acme-cut')).code).toBe(1);
  }, 120_000);
});
