// A minimal Server-Sent Events reader over node:http, for the tests and the delivery benchmark:
// it sets any header (Host, X-Tenant, Authorization), records comment lines (keep-alives) and
// resolves waiters on each graphql-sse event. Browsers use EventSource or graphql-sse's client.
import { request, type IncomingHttpHeaders } from 'node:http';

export interface SseEvent {
  event: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- GraphQL results are loosely typed JSON
  data: any;
  /** performance.now() when the frame was parsed (the benchmark's receipt time). */
  at: number;
}

export interface SseStream {
  status: number;
  headers: IncomingHttpHeaders;
  /** The body when the server refused the stream (non-200). */
  body: string;
  events: SseEvent[];
  comments: string[];
  /** The next event (after the ones already taken) matching `pred`; rejects after `timeoutMs`. */
  next(pred?: (e: SseEvent) => boolean, timeoutMs?: number): Promise<SseEvent>;
  /**
   * Resolves at the first comment line: graphql-sse writes one once the operation is subscribed,
   * so a message published after it reaches the stream. Rejects after `timeoutMs` or at the end.
   */
  opened(timeoutMs?: number): Promise<void>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  isEnded(): boolean;
  close(): void;
}

export interface OpenSseOptions {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** For POST: the GraphQL request. */
  body?: { query: string; variables?: Record<string, unknown> };
  onEvent?: (e: SseEvent) => void;
}

export function openSse(baseUrl: string, path: string, opts: OpenSseOptions = {}): Promise<SseStream> {
  const url = new URL(path, baseUrl);
  const payload = opts.body ? JSON.stringify(opts.body) : undefined;
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: opts.method ?? (payload ? 'POST' : 'GET'),
        agent: false,
        headers: {
          accept: 'text/event-stream',
          ...(payload ? { 'content-type': 'application/json' } : {}),
          ...opts.headers,
        },
      },
      (res) => {
        res.setEncoding('utf8');
        const events: SseEvent[] = [];
        const comments: string[] = [];
        let cursor = 0;
        let waiters: (() => void)[] = [];
        let ended = false;
        let buffer = '';
        let body = '';
        const wake = () => {
          const w = waiters;
          waiters = [];
          w.forEach((f) => f());
        };
        const endedP = new Promise<void>((done) => {
          const finish = () => {
            if (ended) return;
            ended = true;
            wake();
            done();
          };
          res.on('end', finish);
          res.on('close', finish);
          res.on('error', finish);
        });
        res.on('data', (chunk: string) => {
          if (res.statusCode !== 200) {
            body += chunk;
            return;
          }
          buffer += chunk;
          let i: number;
          while ((i = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, i);
            buffer = buffer.slice(i + 2);
            let event = 'message';
            const data: string[] = [];
            for (const line of block.split('\n')) {
              if (line.startsWith(':')) comments.push(line);
              else if (line.startsWith('event:')) event = line.slice(6).trim();
              else if (line.startsWith('data:')) data.push(line.slice(5).trim());
            }
            if (!data.length && event === 'message') continue;
            const text = data.join('\n');
            const e: SseEvent = { event, data: text ? JSON.parse(text) : null, at: performance.now() };
            events.push(e);
            opts.onEvent?.(e);
          }
          wake();
        });
        const stream: SseStream = {
          status: res.statusCode ?? 0,
          headers: res.headers,
          get body() {
            return body;
          },
          events,
          comments,
          ended: endedP,
          isEnded: () => ended,
          opened: (timeoutMs = 5000) =>
            new Promise((ok, fail) => {
              const timer = setTimeout(() => fail(new Error(`no SSE comment within ${timeoutMs} ms`)), timeoutMs);
              const check = () => {
                if (comments.length) {
                  clearTimeout(timer);
                  return ok();
                }
                if (ended) {
                  clearTimeout(timer);
                  return fail(new Error('the stream ended'));
                }
                waiters.push(check);
              };
              check();
            }),
          close: () => req.destroy(),
          next: (pred = () => true, timeoutMs = 5000) =>
            new Promise((ok, fail) => {
              const timer = setTimeout(() => fail(new Error(`no matching SSE event within ${timeoutMs} ms`)), timeoutMs);
              const check = () => {
                while (cursor < events.length) {
                  const e = events[cursor++]!;
                  if (pred(e)) {
                    clearTimeout(timer);
                    return ok(e);
                  }
                }
                if (ended) {
                  clearTimeout(timer);
                  return fail(new Error('the stream ended'));
                }
                waiters.push(check);
              };
              check();
            }),
        };
        if (res.statusCode !== 200) res.on('end', () => resolve(stream));
        else resolve(stream);
      },
    );
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

/** The stream path for a GET subscription (EventSource style). */
export function streamPath(query: string, variables?: Record<string, unknown>, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams({ query, ...(variables ? { variables: JSON.stringify(variables) } : {}), ...extra });
  return `/graphql/stream?${params.toString()}`;
}
