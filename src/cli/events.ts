// npm run events -- pause [--reason TEXT] | resume | status: the global event-processing switch
// and every tenant's outbox counts, from a shell (e.g. to drain before a deploy).
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { eventCounts, eventProcessingGet, eventProcessingPause, eventProcessingResume } from '../events/control.js';
import type { Runtime } from '../runtime.js';
import { formatTable, withRuntime } from './common.js';

const USAGE = `usage: npm run events -- <command>

  pause [--reason <text>]   stop processing events in every tenant (they keep being recorded)
  resume                    resume; every running processor drains the backlog at once
  status                    the switch, and per tenant the events in each state
`;

const BY = `cli:${userInfo().username}`;

async function run(runtime: Runtime, argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { reason: { type: 'string' } } });
  const [command] = positionals;
  if (command === 'pause') {
    const s = await eventProcessingPause(runtime.database, { reason: values.reason ?? null, by: BY });
    console.log(`paused at ${s.pausedAt?.toISOString()}${s.pauseReason ? `: ${s.pauseReason}` : ''}`);
    return 0;
  }
  if (command === 'resume') {
    const s = await eventProcessingResume(runtime.database, { by: BY });
    console.log(`resumed at ${s.resumedAt?.toISOString()}`);
    return 0;
  }
  if (command === 'status') {
    const s = await eventProcessingGet(runtime.database.orm);
    console.log(
      s.isPaused
        ? `PAUSED since ${s.pausedAt?.toISOString()} by ${s.pausedBy ?? '?'}${s.pauseReason ? ` (${s.pauseReason})` : ''}`
        : `running${s.resumedAt ? ` (resumed ${s.resumedAt.toISOString()} by ${s.resumedBy ?? '?'})` : ''}`,
    );
    const rows = [];
    for await (const t of runtime.registry.each()) {
      const c = await eventCounts(runtime.database, t);
      rows.push({ tenant: t.slug, pending: c.PENDING, processing: c.PROCESSING, completed: c.COMPLETED, failed: c.FAILED });
    }
    console.log(rows.length ? formatTable(rows) : 'no tenants');
    return 0;
  }
  console.error(USAGE);
  return 2;
}

await withRuntime((runtime) => run(runtime, process.argv.slice(2)));
