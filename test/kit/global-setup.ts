// Runs once before all test files. On the embedded database it builds a template with the public
// migrations applied and dumps it, so each test file's server starts in well under a second.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../src/db/database.js';
import { migratePublic } from '../../src/db/migrator.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string | null;
  }
}

export default async function setup(project: TestProject) {
  if (process.env.DATABASE_URL) {
    project.provide('pgliteTemplate', null);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'leopard-test-'));
  const db = await openDatabase({
    databaseUrl: undefined,
    dataDir: dir,
    poolMax: 1,
    poolMaxLifetimeSeconds: 0,
    pgliteInMemory: true,
  });
  await migratePublic(db);
  const client = (db.orm as unknown as { $client: { dumpDataDir(c: 'none'): Promise<Blob> } }).$client;
  const dump = await client.dumpDataDir('none');
  await db.close();
  const file = join(dir, 'template.tar');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  project.provide('pgliteTemplate', file);
  return () => rmSync(dir, { recursive: true, force: true });
}
