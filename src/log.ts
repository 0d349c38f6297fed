// Structured JSON logs. Secrets never reach them: authorization headers, tokens and passwords are redacted.
import { pino, type DestinationStream, type Logger } from 'pino';
import type { Config } from './config.js';

/**
 * `destination` is for tests that read the lines; stdout otherwise, written synchronously. pino's
 * default asynchronous stdout flushes what it still holds when the process exits, ahead of a write
 * still in flight: under load (a full pipe) the shutdown's own lines came out of order. Lines in
 * order and none lost at exit are worth more here than the microseconds an async write saves.
 */
export function createLogger(config: Pick<Config, 'logLevel'>, destination?: DestinationStream): Logger {
  return pino(
    {
      level: config.logLevel,
      base: { service: 'leopard-graphql' },
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
