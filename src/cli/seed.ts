// npm run seed -- [--reset] [--tenants N] [--clients M] [--tasks K] [--seed S]: deterministic demo
// data for local use and benchmarks. Run it with the server stopped when on the embedded database.
import { parseArgs } from 'node:util';
import { runSeed, SEED_PASSWORD } from '../seed/index.js';
import { withRuntime } from './common.js';

const USAGE = `usage: npm run seed -- [--reset] [--tenants N] [--clients M] [--tasks K] [--seed S]

  --reset      drop and recreate the seed's tenants (otherwise existing ones are left alone)
  --tenants N  number of tenants (default 3: acme, globex, initech)
  --clients M  clients per tenant (default 60)
  --tasks K    tasks per tenant (default max(100, clients / 2))
  --seed S     PRNG seed (default fixed; same seed = same data)
`;

function count(value: string | undefined, name: string, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer >= ${min}`);
  return n;
}

await withRuntime(async (runtime) => {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      reset: { type: 'boolean', default: false },
      tenants: { type: 'string' },
      clients: { type: 'string' },
      tasks: { type: 'string' },
      seed: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const result = await runSeed(runtime, {
    reset: values.reset,
    tenants: count(values.tenants, 'tenants', 1),
    clients: count(values.clients, 'clients', 0),
    tasks: count(values.tasks, 'tasks', 0),
    seed: count(values.seed, 'seed', 0),
    log: (line) => console.log(line),
    progress: (line) => console.error(line),
  });
  if (result.skipped.length && !result.tenants.length) {
    console.log(`Nothing seeded: ${result.skipped.join(', ')} already exist. Run with --reset to recreate them.`);
  }
  console.log('\nLogins (tenant users log in with the X-Tenant header set to the tenant slug):');
  console.log(`  ${'tenant'.padEnd(12)} ${'role'.padEnd(18)} ${'email'.padEnd(40)} password`);
  for (const l of result.logins) console.log(`  ${l.tenant.padEnd(12)} ${l.role.padEnd(18)} ${l.email.padEnd(40)} ${l.password}`);
  console.log(
    `  Other users: region<n>@, branch<n>.admin@, branch<n>.consultant<1-3>@<tenant>.localhost, all with password ${SEED_PASSWORD}`,
  );
  console.log(`\nSeeded ${result.tenants.length} tenant(s) in ${(result.ms / 1000).toFixed(2)} s`);
  return 0;
});
