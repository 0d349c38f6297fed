// The report of `bench:peer`: its JSON shape, the statistics over alternating pairs, and the Markdown
// written to bench/results/peer.md. Ratios are always ours ÷ peer (or ÷ ceiling).
// Imports node built-ins only: a package import here would resolve into bench/peer/node_modules.
import type { CeilingResult } from './ceiling.js';

export interface Side {
  requests: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  errors: number;
}

export interface Pair {
  pair: number;
  ours: Side;
  peer: Side;
  /** ours ÷ peer: above 1 we serve more. */
  rpsRatio: number;
  /** ours ÷ peer: below 1 we answer sooner. */
  p50Ratio: number;
  p99Ratio: number;
}

export interface ScenarioReport {
  key: string;
  title: string;
  ours: { viewer: string; query: string };
  peer: { setup: string; query: string };
  note: string;
  pairs: Pair[];
  median: {
    ours: { rps: number; p50: number; p99: number };
    peer: { rps: number; p50: number; p99: number };
    rpsRatio: number;
    p50Ratio: number;
    p99Ratio: number;
  };
}

export interface PeerReport {
  date: string;
  machine: Record<string, unknown> & {
    cpu: string;
    cores: number;
    ramGiB: number;
    node: string;
    postgres: string;
    postgraphile: string;
    loadAverage: { start: number; end: number };
  };
  settings: { connections: number; durationSeconds: number; warmupSeconds: number; pairs: number; poolMax: number } & Record<
    string,
    unknown
  >;
  tenant: { slug: string; schemaName: string; clients: number; reused: boolean };
  scenarios: ScenarioReport[];
  ceiling: {
    sql: string;
    threads: number;
    rounds: CeilingResult[];
    median: { tps: number; p50: number; p99: number };
    /** Median req/s of each side of each scenario ÷ the ceiling's median tps. */
    ratios: { key: string; side: 'ours' | 'peer'; rps: number; ratio: number }[];
  } | null;
}

export const round2 = (n: number) => Math.round(n * 100) / 100;

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return NaN;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function pairOf(pair: number, ours: Side, peer: Side): Pair {
  return {
    pair,
    ours,
    peer,
    rpsRatio: round2(ours.rps / peer.rps),
    p50Ratio: round2(ours.p50 / Math.max(peer.p50, 0.01)),
    p99Ratio: round2(ours.p99 / Math.max(peer.p99, 0.01)),
  };
}

export function medianOf(pairs: Pair[]): ScenarioReport['median'] {
  const side = (k: 'ours' | 'peer') => ({
    rps: round2(median(pairs.map((p) => p[k].rps))),
    p50: round2(median(pairs.map((p) => p[k].p50))),
    p99: round2(median(pairs.map((p) => p[k].p99))),
  });
  return {
    ours: side('ours'),
    peer: side('peer'),
    rpsRatio: round2(median(pairs.map((p) => p.rpsRatio))),
    p50Ratio: round2(median(pairs.map((p) => p.p50Ratio))),
    p99Ratio: round2(median(pairs.map((p) => p.p99Ratio))),
  };
}

export function markdown(r: PeerReport): string {
  const m = r.machine;
  const s = r.settings;
  const busy = Math.max(m.loadAverage.start, m.loadAverage.end) > m.cores;
  const lines = [
    '# Side by side with PostGraphile (`npm run bench:peer`)',
    '',
    `Run ${r.date} on ${m.cpu} (${m.cores} cores), ${m.ramGiB} GiB RAM, Node ${m.node}, PostgreSQL ${m.postgres}, ` +
      `PostGraphile ${m.postgraphile}. Everything on this one machine: both servers, PostgreSQL and the load generator.`,
    `Ours: the production build (\`node dist/src/main.js\`, NODE_ENV=production, rate limits off, events processor on) in a ` +
      `child process. Peer: PostGraphile v5, Amber preset, grafserv on node:http, in another child process. ` +
      `Both pools at ${s.poolMax} connections.`,
    `autocannon in a third process (bench/load-driver.ts): ${s.connections} connections, ${s.durationSeconds} s per run ` +
      `after ${s.warmupSeconds} s warm-up, ${s.pairs} ${s.pairs === 1 ? 'pair' : 'pairs'} per scenario alternating ours, peer, ours, peer.`,
    `Tenant \`${r.tenant.slug}\` (schema \`${r.tenant.schemaName}\`): ${r.tenant.clients.toLocaleString('en')} live clients` +
      (r.tenant.reused ? ', reused from an earlier run.' : ', built by this run.'),
    `1-minute load average: ${m.loadAverage.start} at the start, ${m.loadAverage.end} at the end` +
      (busy ? ' — the machine was busy with other work; the figures are noisy.' : '.'),
    '',
    'Before timing, each scenario checked that both sides return the same 25 clients in the same order, with the ' +
      'same branch and assignee; every timed response was free of errors.',
    '',
    '## Medians over the pairs',
    '',
    '| Scenario | Ours req/s | Peer req/s | req/s ours/peer | Ours p50 ms | Peer p50 ms | Ours p99 ms | Peer p99 ms | p99 ours/peer |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...r.scenarios.map(
      (x) =>
        `| ${x.title} | ${x.median.ours.rps.toFixed(0)} | ${x.median.peer.rps.toFixed(0)} | **${x.median.rpsRatio}** | ` +
        `${x.median.ours.p50} | ${x.median.peer.p50} | ${x.median.ours.p99} | ${x.median.peer.p99} | ${x.median.p99Ratio} |`,
    ),
    '',
    'Ratios are medians of the per-pair ratios (ours ÷ peer): above 1 for req/s, below 1 for latency, is ours ahead.',
    '',
    '## How the peer runs',
    '',
    '- Plain: one SQL statement per request (PostGraphile joins branch and assignee into the page query), no authentication.',
    '- JWT + pgSettings: jose verifies our access token against our `/.well-known/jwks.json` on every request (no cache of ' +
      'verified tokens), and its claims (`jwt.claims.sub`, `sid`, `role`, `tid`) become pgSettings, so each request runs ' +
      '`begin`, `set_config`, the query and `commit` on one connection.',
    '- PostGraphile applies no branch scope. For the consultant, its query names the branch in `condition` so that both ' +
      'sides return the same rows; in PostGraphile that is a filter the caller chose, not a permission (enforcing it ' +
      'would take row-level-security policies).',
    '- Amber preset with `PgIndexBehaviorsPlugin` disabled (it offers `orderBy` and `condition` only on columns led by a ' +
      'plain index); `Promise.withResolvers` polyfilled, since PostGraphile 5 declares Node ≥ 22.',
    '',
  ];
  if (r.ceiling) {
    const c = r.ceiling;
    lines.push(
      "## PostgreSQL's ceiling",
      '',
      `pgbench, ${s.connections} clients, ${c.threads} threads, ${s.durationSeconds} s per round, -M prepared, one statement ` +
        `(the same 25 rows with two left joins; latency percentiles from pgbench's per-transaction log):`,
      '',
      '| Round | tps | p50 ms | p99 ms |',
      '| ---: | ---: | ---: | ---: |',
      ...c.rounds.map((x, i) => `| ${i + 1} | ${x.tps.toFixed(0)} | ${round2(x.p50)} | ${round2(x.p99)} |`),
      `| median | ${c.median.tps.toFixed(0)} | ${c.median.p50} | ${c.median.p99} |`,
      '',
      '| Scenario | Ours req/s | Ours ÷ ceiling | Peer req/s | Peer ÷ ceiling |',
      '| --- | ---: | ---: | ---: | ---: |',
      ...r.scenarios.map((x) => {
        const of = (side: 'ours' | 'peer') => c.ratios.find((y) => y.key === x.key && y.side === side)?.ratio ?? NaN;
        return `| ${x.title} | ${x.median.ours.rps.toFixed(0)} | **${of('ours')}** | ${x.median.peer.rps.toFixed(0)} | ${of('peer')} |`;
      }),
      '',
      '```sql',
      c.sql,
      '```',
      '',
    );
  }
  lines.push('## Every pair', '');
  for (const x of r.scenarios) {
    lines.push(
      `### ${x.title}`,
      '',
      `Ours (${x.ours.viewer}): \`${x.ours.query}\``,
      '',
      `Peer (${x.peer.setup}): \`${x.peer.query}\``,
      '',
      ...(x.note ? [x.note, ''] : []),
      '| Pair | Ours req/s | Peer req/s | req/s ratio | Ours p50 | Peer p50 | p50 ratio | Ours p99 | Peer p99 | p99 ratio |',
      '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...x.pairs.map(
        (p) =>
          `| ${p.pair} | ${p.ours.rps.toFixed(0)} | ${p.peer.rps.toFixed(0)} | ${p.rpsRatio} | ${p.ours.p50} | ${p.peer.p50} | ` +
          `${p.p50Ratio} | ${p.ours.p99} | ${p.peer.p99} | ${p.p99Ratio} |`,
      ),
      '',
    );
  }
  return `${lines.join('\n')}\n`;
}
