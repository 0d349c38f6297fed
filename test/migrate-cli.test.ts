import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueSlug } from './kit/server.js';
import { ownDatabase } from './kit/own-database.js';

const run = promisify(execFile);

// The CLI gets a database of its own: a fresh PostgreSQL database or a fresh embedded data dir.
let env: Record<string, string>;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  const base = {
    ...process.env,
    NODE_ENV: 'test',
    ARGON2_MEMORY_KIB: '64',
    ARGON2_TIME_COST: '1',
    LOG_LEVEL: 'silent',
  } as Record<string, string>;
  const own = await ownDatabase('cli');
  env = { ...base, ...own.env };
  if (!own.url) delete env.DATABASE_URL;
  cleanup = () => own.drop();
});
afterAll(() => cleanup());

async function cli(script: 'migrate' | 'tenant' | 'events', ...args: string[]) {
  try {
    const r = await run(process.execPath, ['--import', 'tsx', `src/cli/${script}.ts`, ...args], { env, timeout: 60_000 });
    return { code: 0, out: r.stdout + r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

/** `npm run tenant -- create` for a tenant `slug` with an owner. */
const createTenantCli = (slug: string) =>
  cli(
    'tenant',
    'create',
    '--slug',
    slug,
    '--name',
    `Co ${slug}`,
    '--owner-email',
    `o@${slug}.test`,
    '--owner-password',
    'owner-pass-1',
  );
// Before the migrate tests: their last one leaves a tenant that stops every CLI at start-up.
describe('npm run events -- status', () => {
  it('prints the switch and an aligned table of every tenant, without an index column or quotes', async () => {
    const slug = `ev-${uniqueSlug()}`;
    const made = await createTenantCli(slug);
    expect(made.out).toContain(`created tenant ${slug}`);
    const r = await cli('events', 'status');
    expect(r.code).toBe(0);
    const lines = r.out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^running/);
    expect(lines[1]).toMatch(/^tenant +pending +processing +completed +failed$/);
    const row = lines.find((l) => l.startsWith(`${slug} `));
    expect(row).toMatch(new RegExp(`^${slug} +\\d+ +\\d+ +\\d+ +\\d+$`));
    // Columns line up: each count ends where its header ends.
    expect(row!.length).toBe(lines[1]!.length);
    expect(r.out).not.toMatch(/\(index\)|'|"|│|┌/);
    // The migrate tests below count the tenants.
    expect((await cli('tenant', 'drop', slug, '--confirm', slug)).code).toBe(0);
  });
});

describe('npm run migrate', () => {
  const first = `aa-${uniqueSlug()}`;
  const last = `zz-${uniqueSlug()}`;

  it('migrates public, then reports every tenant, and is idempotent', async () => {
    const initial = await cli('migrate');
    expect(initial.code).toBe(0);
    expect(initial.out).toMatch(/public: (applied|up to date)/);
    for (const slug of [first, last]) {
      const c = await createTenantCli(slug);
      expect(c.out).toContain(`created tenant ${slug}`);
    }
    const again = await cli('migrate');
    expect(again.code).toBe(0);
    expect(again.out).toContain('public: up to date');
    expect(again.out).toContain(`tenant ${first} (tenant_${first.replace(/-/g, '_')}): up to date`);
    expect(again.out).toContain(`tenant ${last} (tenant_${last.replace(/-/g, '_')}): up to date`);
    expect(again.out).toMatch(/tenants: 2 checked, 0 migrated, 2 up to date, 0 failed/);
    const third = await cli('migrate');
    expect(third.out.replace(/in [\d.]+s/, '')).toBe(again.out.replace(/in [\d.]+s/, ''));
  });

  it('stops at the first failing tenant, names it, and leaves it as it was', async () => {
    // Losing the migration record makes the tenant replay its first migration, which must fail.
    const schema = `tenant_${first.replace(/-/g, '_')}`;
    const exec = async (sql: string) => {
      if (env.DATABASE_URL) {
        const c = new pg.Client({ connectionString: env.DATABASE_URL });
        await c.connect();
        try {
          return (await c.query(sql)).rows;
        } finally {
          await c.end();
        }
      }
      const { PGlite } = await import('@electric-sql/pglite');
      const db = new PGlite(`${env.DATA_DIR}/pgdata`);
      try {
        return (await db.query(sql)).rows;
      } finally {
        await db.close();
      }
    };
    await exec(`drop table "${schema}".__migrations`);
    const r = await cli('migrate');
    expect(r.code).toBe(1);
    expect(r.out).toContain(`tenant ${first} (${schema}): FAILED`);
    expect(r.out).not.toContain(`tenant ${last}`);
    expect(r.out).toMatch(/1 failed/);
    const users = await exec(`select count(*)::int as n from "${schema}".users`);
    expect(users).toEqual([{ n: 1 }]);
    const record = await exec(
      `select count(*)::int as n from information_schema.tables where table_schema = '${schema}' and table_name = '__migrations'`,
    );
    expect(record).toEqual([{ n: 0 }]);
  });
});
