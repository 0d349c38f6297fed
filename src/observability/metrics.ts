// Prometheus metrics of one server process, on a registry of its own (several servers share a
// process in tests). Gauges that read state (open streams, pools, the event backlog) are computed
// when scraped; the backlog query runs at most once per BACKLOG_TTL_MS however often it is scraped.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Database } from '../db/database.js';
import { eventBacklog } from '../events/control.js';
import type { Logger } from 'pino';
import type { TenantRegistry } from '../tenancy/registry.js';

const BACKLOG_TTL_MS = 10_000;
/** Operation names are chosen by clients: past this many distinct ones, new names count as "other". */
const MAX_OPERATION_LABELS = 500;
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

export interface MetricSources {
  database: Database;
  registry: TenantRegistry;
  log: Logger;
  /** Open subscription streams (set once the SSE route exists). */
  openStreams?: () => number;
  /** Picture uploads admitted and not yet finished (set once the upload routes exist). */
  uploadsInProgress?: () => number;
  /** The event processor's own pool, when it has one. */
  processorPool?: () => { total: number; idle: number; waiting: number };
}

export class Metrics {
  readonly registry = new Registry();
  readonly operations: Counter<'operation' | 'type' | 'outcome'>;
  readonly duration: Histogram<'operation' | 'type'>;
  readonly rejections: Counter<'limit'>;
  readonly sweeps: Counter;
  private readonly seenNames = new Set<string>();
  private backlog: { at: number; value: Promise<Record<string, number>> } | undefined;

  constructor(readonly sources: MetricSources) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'leopard_' });
    this.operations = new Counter({
      name: 'leopard_graphql_operations_total',
      help: 'GraphQL operations by operation name, type and outcome (ok, or the first error code)',
      labelNames: ['operation', 'type', 'outcome'],
      registers,
    });
    this.duration = new Histogram({
      name: 'leopard_graphql_operation_duration_seconds',
      help: 'GraphQL operation latency, from request start to response',
      labelNames: ['operation', 'type'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.rejections = new Counter({
      name: 'leopard_limit_rejections_total',
      help: 'Requests refused by an abuse limit (depth, cost, aliases, batch, body, tokens, rate_user, rate_tenant, rate_address)',
      labelNames: ['limit'],
      registers,
    });
    this.sweeps = new Counter({
      name: 'leopard_event_sweeps_total',
      help: 'Full passes of the sweeps (due reminders and tasks, expiry alerts, retention) over every tenant, by this process',
      registers,
    });
    const src = this.sources;
    const backlog = () => this.eventBacklog();
    new Gauge({
      name: 'leopard_sse_streams_open',
      help: 'Subscription streams open on this process',
      registers,
      collect() {
        this.set(src.openStreams?.() ?? 0);
      },
    });
    new Gauge({
      name: 'leopard_uploads_in_progress',
      help: 'Picture uploads admitted and not finished on this process (bounded by UPLOAD_MAX_CONCURRENT)',
      registers,
      collect() {
        this.set(src.uploadsInProgress?.() ?? 0);
      },
    });
    new Gauge({
      name: 'leopard_db_pool_connections',
      help: 'Database pool connections by pool (requests, processor) and state (total, idle, waiting clients)',
      labelNames: ['pool', 'state'],
      registers,
      collect() {
        const pools = { requests: src.database.pool(), processor: src.processorPool?.() };
        for (const [pool, p] of Object.entries(pools)) {
          if (!p) continue;
          this.set({ pool, state: 'total' }, p.total);
          this.set({ pool, state: 'idle' }, p.idle);
          this.set({ pool, state: 'waiting' }, p.waiting);
        }
      },
    });
    new Gauge({
      name: 'leopard_events_backlog',
      help: 'Unfinished outbox events over every tenant, by status (PENDING, PROCESSING, FAILED)',
      labelNames: ['status'],
      registers,
      async collect() {
        for (const [status, n] of Object.entries(await backlog())) this.set({ status }, n);
      },
    });
  }

  /** A bounded label for a client-chosen operation name. */
  operationLabel(name: string | null | undefined): string {
    if (!name) return 'anonymous';
    if (!OPERATION_NAME.test(name)) return 'other';
    if (this.seenNames.has(name)) return name;
    if (this.seenNames.size >= MAX_OPERATION_LABELS) return 'other';
    this.seenNames.add(name);
    return name;
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }

  private eventBacklog(): Promise<Record<string, number>> {
    const now = Date.now();
    if (!this.backlog || now - this.backlog.at > BACKLOG_TTL_MS) {
      const value = this.sources.registry
        .list()
        .then((tenants) => eventBacklog(this.sources.database, tenants))
        .catch((err: unknown) => {
          // A tenant dropped mid-scrape fails its batch; the next scrape reads the registry again.
          this.sources.log.warn({ err }, 'event backlog metric could not be read');
          this.backlog = undefined;
          return {};
        });
      this.backlog = { at: now, value };
    }
    return this.backlog.value;
  }
}
