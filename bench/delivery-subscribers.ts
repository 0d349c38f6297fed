// The benchmark's subscriber process: opens one notificationReceived stream per token (so the
// clients' own memory and CPU stay out of the server's figures) and reports every receipt to the
// parent with a wall-clock time comparable across processes.
import { openSse, streamPath, type SseStream } from './sse-client.js';

interface Start {
  url: string;
  tenant: string;
  tokens: string[];
  concurrency: number;
}

const QUERY = 'subscription { notificationReceived { id type entityId createdAt } }';
const now = () => performance.timeOrigin + performance.now();
const streams: SseStream[] = [];

process.on('message', async (msg: { start?: Start; stop?: true }) => {
  if (msg.stop) {
    streams.forEach((s) => s.close());
    process.exit(0);
  }
  if (!msg.start) return;
  const { url, tenant, tokens, concurrency } = msg.start;
  let failed = 0;
  let next = 0;
  async function worker() {
    while (next < tokens.length) {
      const index = next++;
      const s = await openSse(url, streamPath(QUERY, undefined, { token: tokens[index]!, tenant }), {
        onEvent: (e) => {
          if (e.event !== 'next') return;
          const n = e.data?.data?.notificationReceived;
          process.send!({ receipt: { index, entityId: n?.entityId ?? null, at: now(), error: e.data?.errors?.[0]?.message } });
        },
      });
      if (s.status !== 200) failed++;
      streams.push(s);
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  // Let every stream's subscription register before the parent measures and starts.
  await new Promise((r) => setTimeout(r, 1000));
  process.send!({ ready: { open: streams.length - failed, failed } });
});
