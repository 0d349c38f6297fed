// npm run migrate: the public schema, then every tenant schema in its own transaction, stopping at
// the first failure (that tenant rolls back and stays as it was).
import { ConfigError, loadConfig, type Config } from '../config.js';
import { openDatabase } from '../db/database.js';
import { latestTag, migrateAllTenants, migratePublic } from '../db/migrator.js';
import { reportFailure } from '../start-failure.js';

let config: Config | undefined;

async function main(): Promise<number> {
  config = loadConfig();
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolMax: 2,
    poolMaxLifetimeSeconds: 0,
  });
  const started = Date.now();
  try {
    const pub = await migratePublic(database);
    console.log(`public: ${pub.length ? `applied ${pub.join(', ')}` : 'up to date'} (at ${latestTag('public')})`);
    let counts = { 'up-to-date': 0, migrated: 0, failed: 0 };
    const reports = await migrateAllTenants(database, (r) => {
      counts = { ...counts, [r.status]: counts[r.status] + 1 };
      if (r.status === 'failed') console.log(`tenant ${r.slug} (${r.schemaName}): FAILED: ${r.error}`);
      else if (r.status === 'migrated') console.log(`tenant ${r.slug} (${r.schemaName}): applied ${r.applied.join(', ')}`);
      else console.log(`tenant ${r.slug} (${r.schemaName}): up to date`);
    });
    const seconds = ((Date.now() - started) / 1000).toFixed(2);
    console.log(
      `tenants: ${reports.length} checked, ${counts.migrated} migrated, ${counts['up-to-date']} up to date, ${counts.failed} failed in ${seconds}s (target ${latestTag('tenant')})`,
    );
    return counts.failed ? 1 : 0;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof ConfigError || !config) console.error((err as Error).message);
    else reportFailure(err, config);
    process.exit(1);
  },
);
