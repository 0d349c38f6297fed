// An embedded database of one test file's own, in memory, with the public migrations applied: from
// the suite's template when the global setup made one (PGlite runs), else migrated here.
import { readFileSync } from 'node:fs';
import { inject } from 'vitest';
import { openDatabase, type Database } from '../../src/db/database.js';
import { migratePublic } from '../../src/db/migrator.js';

export async function unitDatabase(): Promise<Database> {
  const template = inject('pgliteTemplate');
  const base = { databaseUrl: undefined, dataDir: '', poolMax: 1, poolMaxLifetimeSeconds: 0 } as const;
  if (template) return openDatabase({ ...base, pgliteLoadDataDir: new Blob([readFileSync(template)]) });
  const database = await openDatabase({ ...base, pgliteInMemory: true });
  await migratePublic(database);
  return database;
}
