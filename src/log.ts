// Structured JSON logs. Secrets never reach them: authorization headers, tokens and passwords are
// redacted, and a logged error never carries a failed statement's parameters.
import { pino, type DestinationStream, type Logger } from 'pino';
import type { Config } from './config.js';

/**
 * `destination` is for tests that read the lines; stdout otherwise, written synchronously. pino's
 * default asynchronous stdout flushes what it still holds when the process exits, ahead of a write
 * still in flight: under load (a full pipe) the shutdown's own lines came out of order. Lines in
 * order and none lost at exit are worth more here than the microseconds an async write saves.
 */
/** Error properties that hold a failed statement's values (drizzle's params; PostgreSQL's "Failing row contains (…)"). */
const VALUE_KEYS = new Set(['params', 'parameters', 'detail']);

/**
 * A copy of `err` (and its causes) without statement values. drizzle's DrizzleQueryError puts
 * `params: …` in its message and stack too: those become `Failed query: <sql>`, the query text
 * with its placeholders, which is what an operator needs to find the failing statement.
 */
export function withoutStatementValues(err: unknown, depth = 0): unknown {
  if (!(err instanceof Error) || depth > 5) return err;
  const query = (err as { query?: unknown }).query;
  const hasParams = 'params' in err && typeof query === 'string';
  const message = hasParams ? `Failed query: ${query}` : err.message;
  const copy = new Error(message) as Error & Record<string, unknown>;
  Object.defineProperty(copy, 'name', { value: err.name, enumerable: false });
  Object.defineProperty(copy, 'constructor', { value: err.constructor, enumerable: false });
  copy.stack = hasParams ? withMessage(err, message) : err.stack;
  for (const [key, value] of Object.entries(err)) {
    if (!VALUE_KEYS.has(key) && key !== 'cause') copy[key] = value;
  }
  if (err.cause !== undefined) copy.cause = withoutStatementValues(err.cause, depth + 1);
  return copy;
}

/** `err`'s stack frames under `message`; the frames are located by the original message, never searched for. */
function withMessage(err: Error, message: string): string {
  const head = `${err.name}: ${err.message}`;
  const frames = err.stack?.startsWith(head) ? err.stack.slice(head.length) : '';
  return `${err.name}: ${message}${frames}`;
}

export function createLogger(config: Pick<Config, 'logLevel'>, destination?: DestinationStream): Logger {
  return pino(
    {
      level: config.logLevel,
      base: { service: 'leopard-graphql' },
      serializers: { err: (err: unknown) => pino.stdSerializers.err(withoutStatementValues(err) as Error) },
      redact: {
        paths: [
          'req.headers.authorization',
          '*.password',
          '*.accessToken',
          '*.refreshToken',
          '*.token',
          'variables.input.password',
        ],
        censor: '[redacted]',
      },
    },
    destination ?? pino.destination({ dest: 1, sync: true }),
  );
}
