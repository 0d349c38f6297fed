// The load generator, in its own process so that autocannon does not share the server's event loop.
// Receives one scenario (URL, headers, request bodies to rotate through), runs a warm-up and the
// measured run, and sends back throughput and latency percentiles computed from every response.
import autocannon from 'autocannon';

export interface DriverJob {
  url: string;
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
  headers: Record<string, string>;
  bodies: string[];
}

export interface DriverResult {
  requests: number;
  seconds: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  non2xx: number;
  gqlErrors: number;
  socketErrors: number;
  timeouts: number;
  firstError?: string;
}

const pct = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : 0;

async function run(job: DriverJob, seconds: number, record: boolean): Promise<DriverResult> {
  let next = 0;
  const latencies: number[] = [];
  let gqlErrors = 0;
  let firstError: string | undefined;
  let done!: (r: autocannon.Result) => void;
  let fail!: (e: unknown) => void;
  const finished = new Promise<autocannon.Result>((res, rej) => ((done = res), (fail = rej)));
  const instance = autocannon(
    {
      url: job.url,
      connections: job.connections,
      duration: seconds,
      requests: [
        {
          method: 'POST',
          path: '/graphql',
          headers: job.headers,
          setupRequest: (req) => ({ ...req, body: job.bodies[next++ % job.bodies.length]! }),
          onResponse: (_status, body) => {
            if (body.includes('"errors"')) {
              gqlErrors++;
              firstError ??= body.slice(0, 300);
            }
          },
        },
      ],
    },
    (err, res) => (err ? fail(err) : done(res)),
  );
  instance.on('response', (_client, _status, _bytes, responseTime) => {
    if (record) latencies.push(responseTime);
  });
  const result = await finished;
  latencies.sort((a, b) => a - b);
  const measured = result.duration || seconds;
  return {
    requests: latencies.length,
    seconds: measured,
    rps: latencies.length / measured,
    p50: pct(latencies, 50),
    p95: pct(latencies, 95),
    p99: pct(latencies, 99),
    max: latencies[latencies.length - 1] ?? 0,
    non2xx: result.non2xx,
    gqlErrors,
    socketErrors: result.errors,
    timeouts: result.timeouts,
    ...(firstError ? { firstError } : {}),
  };
}

process.on('message', (job: DriverJob) => {
  void (async () => {
    if (job.warmupSeconds > 0) await run(job, job.warmupSeconds, false);
    const result = await run(job, job.durationSeconds, true);
    process.send!(result, () => process.exit(0));
  })().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
});
